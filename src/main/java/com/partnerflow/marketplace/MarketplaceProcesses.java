package com.partnerflow.marketplace;

/** Names shared by the marketplace BPMN files and the code that drives them. */
public final class MarketplaceProcesses {

    public static final String LINKING = "marketplace-account-linking";
    public static final String UNLINKING = "marketplace-account-unlinking";

    public static final String MSG_ACCOUNT_REVIEWED = "LinkingAccountReviewed";
    public static final String MSG_ROLES_REVIEWED = "LinkingRolesReviewed";
    public static final String MSG_SUBMITTED = "LinkingSubmitted";
    public static final String MSG_CANCELLED = "LinkingCancelled";

    public static final String LINKING_ID = "linkingId";
    public static final String CREATED_ROLES = "createdRoles";
    public static final String LINKING_FAILURE = "linkingFailure";
    public static final String LINKING_OUTCOME = "linkingOutcome";
    public static final String UNLINK_ID = "unlinkId";
    public static final String UNLINK_OUTCOME = "unlinkOutcome";

    private MarketplaceProcesses() {
    }
}
