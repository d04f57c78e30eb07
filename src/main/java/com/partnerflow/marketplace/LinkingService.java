package com.partnerflow.marketplace;

import static com.partnerflow.marketplace.MarketplaceProcesses.LINKING;
import static com.partnerflow.marketplace.MarketplaceProcesses.LINKING_ID;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Permission;
import com.partnerflow.directory.Role;
import com.partnerflow.marketplace.MarketplaceRecords.Linking;
import com.partnerflow.signin.PartnerPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The partner's side of marketplace-account-linking.bpmn: each of the guide's three steps is a
 * wait state of the process, advanced by one call here. Nothing is created in the marketplace
 * before the submit; see the process documentation.
 */
@Service
public class LinkingService {

    private static final Pattern AWS_ACCOUNT_ID = Pattern.compile("\\d{12}");

    private final MarketplaceRecords records;
    private final MarketplaceGuard guard;
    private final Marketplace marketplace;
    private final PartnerDirectory directory;
    private final RuntimeService runtime;

    public LinkingService(MarketplaceRecords records, MarketplaceGuard guard, Marketplace marketplace,
                          PartnerDirectory directory, RuntimeService runtime) {
        this.records = records;
        this.guard = guard;
        this.marketplace = marketplace;
        this.directory = directory;
        this.runtime = runtime;
    }

    public record RoleToCreate(String roleName, List<String> managedPolicies, List<String> bulkMapCandidates) {
    }

    public record LinkingView(UUID linkingId, String status, String step, String awsAccountId, String sellerLegalName,
                              boolean registeredSeller, boolean registerAsSeller, List<RoleToCreate> roles,
                              boolean mapAllianceTeam, boolean mapAceUsers, String failure) {
    }

    @Transactional
    public LinkingView start(PartnerPrincipal caller, String awsAccountId, String sourceAddress) {
        caller.require(Permission.LINK_MARKETPLACE_ACCOUNT);
        if (awsAccountId == null || !AWS_ACCOUNT_ID.matcher(awsAccountId).matches()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-aws-account-id",
                    "The AWS account id is the 12 digits of the account of your marketplace seller profile.");
        }
        guard.lockAndCheck(caller.accountId(), "linking a marketplace account");
        records.link(caller.accountId()).ifPresent(link -> {
            throw new ApiProblem(HttpStatus.CONFLICT, "already-linked", "Your account is linked to marketplace account "
                    + link.awsAccountId() + "; unlink it before linking another.",
                    Map.of("awsAccountId", link.awsAccountId()));
        });
        records.runningLinking(caller.accountId()).ifPresent(running -> {
            throw new ApiProblem(HttpStatus.CONFLICT, "linking-in-progress", "A linking of your account is already "
                    + "in progress; continue or cancel it.", Map.of("linkingId", running.id()));
        });
        if (records.linkOfSellerAccount(awsAccountId).isPresent()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "seller-account-linked-elsewhere",
                    "Marketplace account " + awsAccountId + " is linked to another partner account.");
        }
        UUID id = UUID.randomUUID();
        String legalName = marketplace.findSeller(awsAccountId).map(Marketplace.SellerAccount::legalName).orElse(null);
        records.insertLinking(id, caller.accountId(), caller.userId(), awsAccountId, legalName,
                id.toString().replace("-", "").substring(0, 8), sourceAddress);
        runtime.startProcessInstanceByKey(LINKING, id.toString(), Map.of(LINKING_ID, id.toString()));
        return view(records.linking(id).orElseThrow());
    }

    public record Overview(boolean linked, String awsAccountId, String sellerLegalName, List<Marketplace.IamRole> roles,
                           List<UnlinkService.MappingDropped> roleMappings, List<Marketplace.Listing> linkedListings,
                           UUID linkingInProgress, String openUnlinkCase) {
    }

    /** The "Account linking" section: the link, its roles, who is mapped to which, listings, what runs. */
    @Transactional(readOnly = true)
    public Overview overview(PartnerPrincipal caller, UnlinkService unlinks) {
        caller.require(Permission.MAP_IAM_ROLES);
        UUID running = records.runningLinking(caller.accountId()).map(Linking::id).orElse(null);
        return records.link(caller.accountId()).map(link -> {
            UnlinkService.Preview preview = unlinks.preview(link);
            return new Overview(true, link.awsAccountId(), preview.sellerLegalName(),
                    marketplace.roles(link.awsAccountId()), preview.roleMappings(), preview.linkedListings(), running,
                    preview.openCase());
        }).orElseGet(() -> new Overview(false, null, null, List.of(), List.of(), List.of(), running, null));
    }

    @Transactional(readOnly = true)
    public LinkingView read(PartnerPrincipal caller, UUID linkingId) {
        caller.require(Permission.LINK_MARKETPLACE_ACCOUNT);
        return view(linkingOf(caller, linkingId));
    }

    /** Step 1: the account id and the seller's legal name reviewed (or the legal name to register as a seller). */
    @Transactional
    public LinkingView reviewAccount(PartnerPrincipal caller, UUID linkingId, String legalName) {
        Linking linking = atStep(caller, linkingId, "REVIEW_ACCOUNT");
        boolean registered = marketplace.findSeller(linking.awsAccountId()).isPresent();
        if (!registered && (legalName == null || legalName.isBlank() || legalName.length() > 200)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "legal-name-required", "Account " + linking.awsAccountId()
                    + " is not registered as a seller: give your legal business name (at most 200 characters) "
                    + "to be registered when you submit.");
        }
        records.accountReviewed(linkingId, registered ? linking.sellerLegalName() : legalName.strip(), !registered);
        correlate(linkingId, MarketplaceProcesses.MSG_ACCOUNT_REVIEWED);
        return view(records.linking(linkingId).orElseThrow());
    }

    /** Step 2: the roles to be created reviewed, with the optional bulk mapping. */
    @Transactional
    public LinkingView reviewRoles(PartnerPrincipal caller, UUID linkingId, boolean mapAllianceTeam, boolean mapAceUsers) {
        atStep(caller, linkingId, "REVIEW_ROLES");
        records.rolesReviewed(linkingId, mapAllianceTeam, mapAceUsers);
        correlate(linkingId, MarketplaceProcesses.MSG_ROLES_REVIEWED);
        return view(records.linking(linkingId).orElseThrow());
    }

    /** Step 3: submitted; the roles are created and the accounts linked in the background. */
    @Transactional
    public LinkingView submit(PartnerPrincipal caller, UUID linkingId) {
        atStep(caller, linkingId, "SUBMIT");
        records.linkingSubmitted(linkingId);
        correlate(linkingId, MarketplaceProcesses.MSG_SUBMITTED);
        return view(records.linking(linkingId).orElseThrow());
    }

    /** The partner stops before submitting: nothing was created, nothing remains. */
    @Transactional
    public LinkingView cancel(PartnerPrincipal caller, UUID linkingId) {
        caller.require(Permission.LINK_MARKETPLACE_ACCOUNT);
        records.lockAccount(caller.accountId());
        Linking linking = linkingOf(caller, linkingId);
        if (!"IN_PROGRESS".equals(linking.status())) {
            throw new ApiProblem(HttpStatus.CONFLICT, "linking-not-cancellable", "This linking is "
                    + linking.status().toLowerCase() + " and can no longer be cancelled.",
                    Map.of("linkingStatus", linking.status()));
        }
        correlate(linkingId, MarketplaceProcesses.MSG_CANCELLED);
        return view(records.linking(linkingId).orElseThrow());
    }

    private Linking atStep(PartnerPrincipal caller, UUID linkingId, String step) {
        caller.require(Permission.LINK_MARKETPLACE_ACCOUNT);
        guard.lockAndCheck(caller.accountId(), "linking a marketplace account");
        Linking linking = linkingOf(caller, linkingId);
        if (!linking.startedBy().equals(caller.userId())) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "linking-of-another-user",
                    "Only the user who started this linking continues it; they become its cloud admin.");
        }
        if (!"IN_PROGRESS".equals(linking.status()) || !step.equals(linking.step())) {
            throw new ApiProblem(HttpStatus.CONFLICT, "wrong-linking-step", "This linking is "
                    + linking.status().toLowerCase() + " at step " + linking.step() + ", not at " + step + ".",
                    Map.of("linkingStatus", linking.status(), "step", linking.step()));
        }
        return linking;
    }

    private Linking linkingOf(PartnerPrincipal caller, UUID linkingId) {
        return records.linking(linkingId).filter(l -> l.accountId().equals(caller.accountId()))
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "linking-not-found",
                        "No linking " + linkingId + " in your account."));
    }

    private void correlate(UUID linkingId, String message) {
        try {
            runtime.createMessageCorrelation(message).processInstanceBusinessKey(linkingId.toString())
                    .correlateWithResult();
        } catch (MismatchingMessageCorrelationException e) {
            throw new ApiProblem(HttpStatus.CONFLICT, "linking-ended", "This linking is no longer waiting for you "
                    + "(it may have been abandoned after being left idle); start a new one.");
        }
    }

    LinkingView view(Linking linking) {
        boolean registered = marketplace.findSeller(linking.awsAccountId()).isPresent();
        List<PartnerUser> users = directory.usersOf(linking.accountId()).stream()
                .filter(u -> "ACTIVE".equals(u.status())).toList();
        List<RoleToCreate> roles = new ArrayList<>();
        for (PartnerCentralRoles role : PartnerCentralRoles.values()) {
            roles.add(new RoleToCreate(role.roleName(linking.roleSuffix()), role.managedPolicies(),
                    users.stream().filter(u -> bulkMapped(role, u)).map(PartnerUser::email).toList()));
        }
        return new LinkingView(linking.id(), linking.status(), linking.step(), linking.awsAccountId(),
                linking.sellerLegalName(), registered, linking.registerAsSeller(), roles, linking.mapAllianceTeam(),
                linking.mapAceUsers(), linking.failure());
    }

    /**
     * Who the optional bulk mapping maps to a role: alliance-team users to the Alliance role, ACE
     * managers and users to the ACE role; cloud admins are mapped only to the cloud-admin role
     * (guide), so the bulk mapping leaves them out.
     */
    static boolean bulkMapped(PartnerCentralRoles role, PartnerUser user) {
        if (user.roles().contains(Role.CLOUD_ADMIN)) {
            return false;
        }
        return switch (role) {
            case ALLIANCE -> user.roles().contains(Role.ALLIANCE_TEAM);
            case ACE -> !user.roles().contains(Role.ALLIANCE_TEAM)
                    && (user.roles().contains(Role.ACE_MANAGER) || user.roles().contains(Role.ACE_USER));
            case CLOUD_ADMIN -> false;
        };
    }
}
