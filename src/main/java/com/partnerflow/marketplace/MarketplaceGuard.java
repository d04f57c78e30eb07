package com.partnerflow.marketplace;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.cases.CaseRepository;
import com.partnerflow.cases.SupportCase;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The lock an open unlink request puts on the account's marketplace actions (guide: no new
 * link, no IAM role mapped, no product or offer linked while it is in progress). Each action
 * calls {@link #lockAndCheck} first in its own transaction: the account row lock serialises it
 * with the opening and the ending of unlink requests, which take the same lock, so the check
 * cannot be overtaken before the action commits.
 */
@Component
public class MarketplaceGuard {

    private final MarketplaceRecords records;
    private final CaseRepository cases;

    public MarketplaceGuard(MarketplaceRecords records, CaseRepository cases) {
        this.records = records;
        this.cases = cases;
    }

    /** Locks the account's marketplace state and refuses with 409 while an unlink request is open. */
    public void lockAndCheck(UUID accountId, String action) {
        records.lockAccount(accountId);
        records.openUnlink(accountId).ifPresent(unlink -> {
            String caseNumber = unlink.caseId() == null ? "being opened"
                    : cases.find(unlink.caseId()).map(SupportCase::caseNumber).orElse("unknown");
            throw new ApiProblem(HttpStatus.CONFLICT, "unlink-in-progress",
                    "Your request to unlink the marketplace account is in progress (support case " + caseNumber
                            + "): " + action + " is not possible until that case ends. Resolving the case cancels "
                            + "the unlink request.",
                    Map.of("caseNumber", caseNumber));
        });
    }
}
