package com.partnerflow.marketplace;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Permission;
import com.partnerflow.directory.Role;
import com.partnerflow.marketplace.Marketplace.IamRole;
import com.partnerflow.marketplace.MarketplaceAudit.Actor;
import com.partnerflow.marketplace.MarketplaceRecords.Link;
import com.partnerflow.signin.PartnerPrincipal;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Mapping partner users to IAM roles of the linked seller account (guide, "Mapping users to AWS
 * Marketplace IAM roles"): alliance lead or cloud admin; only roles named
 * {@code PartnerCentralRoleFor…}; a cloud admin who is not the lead maps only the cloud-admin
 * role, and a user holding the cloud-admin role is mapped only to it. Audited as
 * AssociatePartnerUser / DisassociatePartnerUser.
 */
@Service
public class RoleMappingService {

    private final MarketplaceRecords records;
    private final MarketplaceGuard guard;
    private final Marketplace marketplace;
    private final PartnerDirectory directory;
    private final MarketplaceAudit audit;

    public RoleMappingService(MarketplaceRecords records, MarketplaceGuard guard, Marketplace marketplace,
                              PartnerDirectory directory, MarketplaceAudit audit) {
        this.records = records;
        this.guard = guard;
        this.marketplace = marketplace;
        this.directory = directory;
        this.audit = audit;
    }

    public record Mapping(UUID userId, String email, String roleName, String iamRoleArn) {
    }

    @Transactional
    public Mapping map(PartnerPrincipal caller, UUID userId, String roleName, String sourceAddress) {
        caller.require(Permission.MAP_IAM_ROLES);
        if (roleName == null || !roleName.startsWith(PartnerCentralRoles.MAPPABLE_PREFIX)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "role-name-not-mappable", "Only IAM roles whose names start "
                    + "with " + PartnerCentralRoles.MAPPABLE_PREFIX + " can be mapped to partner users; '" + roleName
                    + "' does not.", Map.of("requiredPrefix", PartnerCentralRoles.MAPPABLE_PREFIX));
        }
        guard.lockAndCheck(caller.accountId(), "mapping IAM roles");
        Link link = linked(caller);
        PartnerUser user = userOfAccount(caller, userId);
        IamRole role = marketplace.findRole(link.awsAccountId(), roleName)
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "iam-role-not-found", "No IAM role " + roleName
                        + " in marketplace account " + link.awsAccountId() + "."));
        String cloudAdminRole = PartnerCentralRoles.CLOUD_ADMIN.roleName(link.roleSuffix());
        if (!caller.has(Role.ALLIANCE_LEAD) && !roleName.equals(cloudAdminRole)) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "cloud-admin-maps-cloud-admin-role-only", "As a cloud admin you "
                    + "map users to the cloud admin role " + cloudAdminRole + " only; the alliance lead maps other roles.",
                    Map.of("allowedRole", cloudAdminRole));
        }
        if (user.roles().contains(Role.CLOUD_ADMIN) && !roleName.equals(cloudAdminRole)) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "cloud-admin-user-role", user.email() + " is a cloud "
                    + "admin and can only be mapped to the cloud admin role " + cloudAdminRole + ".",
                    Map.of("allowedRole", cloudAdminRole));
        }
        Actor actor = actor(caller, sourceAddress);
        Optional<String> previous = currentRole(link, user.id());
        if (previous.filter(roleName::equals).isPresent()) {
            return new Mapping(user.id(), user.email(), roleName, role.arn());
        }
        previous.ifPresent(old -> audit.disassociatePartnerUser(actor, caller.accountId(), link.awsAccountId(),
                user.email(), user.id(), arn(link, old)));
        marketplace.mapUser(link.awsAccountId(), roleName, user.id());
        audit.associatePartnerUser(actor, caller.accountId(), link.awsAccountId(), user.email(), user.id(), role.arn());
        return new Mapping(user.id(), user.email(), roleName, role.arn());
    }

    /**
     * Unmaps a user. Allowed while an unlink request is open (the guide stops new mappings only;
     * taking access away must never wait).
     */
    @Transactional
    public void unmap(PartnerPrincipal caller, UUID userId, String sourceAddress) {
        caller.require(Permission.MAP_IAM_ROLES);
        records.lockAccount(caller.accountId());
        Link link = linked(caller);
        PartnerUser user = userOfAccount(caller, userId);
        String current = currentRole(link, user.id()).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND,
                "user-not-mapped", user.email() + " is not mapped to an IAM role."));
        String cloudAdminRole = PartnerCentralRoles.CLOUD_ADMIN.roleName(link.roleSuffix());
        if (!caller.has(Role.ALLIANCE_LEAD) && !current.equals(cloudAdminRole)) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "cloud-admin-maps-cloud-admin-role-only", "As a cloud admin you "
                    + "unmap users from the cloud admin role " + cloudAdminRole + " only; " + user.email()
                    + " is mapped to " + current + ".", Map.of("allowedRole", cloudAdminRole));
        }
        marketplace.unmapUser(link.awsAccountId(), user.id());
        audit.disassociatePartnerUser(actor(caller, sourceAddress), caller.accountId(), link.awsAccountId(),
                user.email(), user.id(), arn(link, current));
    }

    private Optional<String> currentRole(Link link, UUID userId) {
        return marketplace.mappings(link.awsAccountId()).stream().filter(m -> m.partnerUserId().equals(userId))
                .map(Marketplace.RoleMapping::roleName).findFirst();
    }

    private Link linked(PartnerPrincipal caller) {
        return records.link(caller.accountId()).orElseThrow(() -> new ApiProblem(HttpStatus.CONFLICT, "not-linked",
                "Your account is not linked to a marketplace account."));
    }

    private PartnerUser userOfAccount(PartnerPrincipal caller, UUID userId) {
        return directory.findUser(userId)
                .filter(u -> u.accountId().equals(caller.accountId()) && "ACTIVE".equals(u.status()))
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "user-not-found",
                        "No active user " + userId + " in your account."));
    }

    private static Actor actor(PartnerPrincipal caller, String sourceAddress) {
        return Actor.partnerUser(caller.email(), caller.userId(), caller.accountId(), sourceAddress);
    }

    private static String arn(Link link, String roleName) {
        return "arn:aws:iam::" + link.awsAccountId() + ":role/" + roleName;
    }
}
