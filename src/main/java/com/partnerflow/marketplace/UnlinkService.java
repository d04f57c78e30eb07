package com.partnerflow.marketplace;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.api.ConfirmationWord;
import com.partnerflow.audit.AuditLog;
import com.partnerflow.cases.Readable;
import com.partnerflow.cases.CaseRepository;
import com.partnerflow.cases.SupportCase;
import com.partnerflow.cases.SupportCaseService;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Permission;
import com.partnerflow.marketplace.Marketplace.Listing;
import com.partnerflow.marketplace.MarketplaceRecords.Link;
import com.partnerflow.marketplace.MarketplaceRecords.Unlink;
import com.partnerflow.signin.PartnerPrincipal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Unlink requests (guide, "Unlinking …"): a reason from the list and the word {@code confirm}
 * open a support case worked by marketplace-account-unlinking.bpmn; while it is open the
 * account's marketplace changes are refused ({@link MarketplaceGuard}).
 */
@Service
public class UnlinkService {

    private final MarketplaceRecords records;
    private final MarketplaceGuard guard;
    private final Marketplace marketplace;
    private final PartnerDirectory directory;
    private final SupportCaseService caseService;
    private final CaseRepository cases;
    private final MarketplaceSettings settings;
    private final AuditLog audit;

    public UnlinkService(MarketplaceRecords records, MarketplaceGuard guard, Marketplace marketplace,
                         PartnerDirectory directory, SupportCaseService caseService, CaseRepository cases,
                         MarketplaceSettings settings, AuditLog audit) {
        this.records = records;
        this.guard = guard;
        this.marketplace = marketplace;
        this.directory = directory;
        this.caseService = caseService;
        this.cases = cases;
        this.settings = settings;
        this.audit = audit;
    }

    public record MappingDropped(UUID userId, String email, String name, String roleName) {
    }

    public record Preview(String awsAccountId, String sellerLegalName, List<MappingDropped> roleMappings,
                          List<Listing> linkedListings, List<String> reasons, String openCase) {
    }

    public record UnlinkRequest(UUID unlinkId, String caseNumber, String status, String reason) {
    }

    /** What unlinking drops: the role mappings of the account's users and the linked products and offers. */
    @Transactional(readOnly = true)
    public Preview preview(PartnerPrincipal caller) {
        caller.require(Permission.LINK_MARKETPLACE_ACCOUNT);
        Link link = linked(caller.accountId());
        return preview(link);
    }

    Preview preview(Link link) {
        Map<UUID, PartnerUser> users = directory.usersOf(link.accountId()).stream()
                .collect(Collectors.toMap(PartnerUser::id, Function.identity()));
        List<MappingDropped> mappings = marketplace.mappings(link.awsAccountId()).stream()
                .map(m -> {
                    PartnerUser u = users.get(m.partnerUserId());
                    return new MappingDropped(m.partnerUserId(), u == null ? null : u.email(),
                            u == null ? null : u.firstName() + " " + u.lastName(), m.roleName());
                })
                .toList();
        String openCase = records.openUnlink(link.accountId()).map(Unlink::caseId)
                .flatMap(cases::find).map(SupportCase::caseNumber).orElse(null);
        return new Preview(link.awsAccountId(),
                marketplace.findSeller(link.awsAccountId()).map(Marketplace.SellerAccount::legalName).orElse(null),
                mappings, marketplace.listings(link.awsAccountId()), settings.unlinkReasons(), openCase);
    }

    @Transactional
    public UnlinkRequest request(PartnerPrincipal caller, String reason, String confirmation, String sourceAddress) {
        caller.require(Permission.LINK_MARKETPLACE_ACCOUNT);
        ConfirmationWord.require(confirmation, "Type the word confirm to request unlinking.");
        if (reason == null || !settings.unlinkReasons().contains(reason)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-unlink-reason", "Choose a reason from the list.",
                    Map.of("reasons", settings.unlinkReasons()));
        }
        guard.lockAndCheck(caller.accountId(), "requesting another unlink");
        Link link = linked(caller.accountId());
        Preview preview = preview(link);
        UUID id = UUID.randomUUID();
        records.insertUnlink(id, caller.accountId(), link.awsAccountId(), caller.userId(), reason);
        SupportCase c = caseService.open(caller.userId(), new SupportCaseService.CaseRequest("Partner Central",
                        "Account linking", "Unlink AWS Marketplace account",
                        "Unlink marketplace account " + link.awsAccountId(), description(preview, reason)),
                MarketplaceProcesses.UNLINKING, Map.of(MarketplaceProcesses.UNLINK_ID, id.toString()));
        records.unlinkCase(id, c.id());
        audit.event("MarketplaceUnlinkRequested").by(caller.email(), caller.userId()).account(caller.accountId())
                .target(link.awsAccountId(), null).from(sourceAddress).with("reason", reason)
                .with("caseNumber", c.caseNumber()).record();
        return new UnlinkRequest(id, c.caseNumber(), "OPEN", reason);
    }

    private static String description(Preview preview, String reason) {
        return "Please unlink marketplace account " + preview.awsAccountId() + " (" + preview.sellerLegalName()
                + ").\nReason: " + Readable.sentence(reason) + "\nUnlinking drops " + preview.roleMappings().size()
                + " IAM role mapping(s) and " + preview.linkedListings().size() + " linked product(s)/offer(s).";
    }

    private Link linked(UUID accountId) {
        return records.link(accountId).orElseThrow(() -> new ApiProblem(HttpStatus.CONFLICT, "not-linked",
                "Your account is not linked to a marketplace account."));
    }
}
