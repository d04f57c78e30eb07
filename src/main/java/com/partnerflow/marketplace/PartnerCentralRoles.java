package com.partnerflow.marketplace;

import java.util.List;

/**
 * The IAM roles linking creates in the seller account, with the managed policies the guide's
 * prerequisite policy lets Partner Central attach to each ("Linking … Prerequisites").
 */
public enum PartnerCentralRoles {

    CLOUD_ADMIN("PartnerCentralRoleForCloudAdmin", List.of("PartnerCentralAccountManagementUserRoleAssociation",
            "AWSPartnerCentralFullAccess", "AWSMarketplaceSellerFullAccess")),
    ALLIANCE("PartnerCentralRoleForAlliance", List.of("AWSPartnerCentralFullAccess",
            "AWSMarketplaceSellerFullAccess")),
    ACE("PartnerCentralRoleForAce", List.of("AWSPartnerCentralOpportunityManagement",
            "AWSMarketplaceSellerOfferManagement"));

    /** Partner users are mapped only to roles whose names start with this (guide). */
    public static final String MAPPABLE_PREFIX = "PartnerCentralRoleFor";

    private final String namePrefix;
    private final List<String> managedPolicies;

    PartnerCentralRoles(String namePrefix, List<String> managedPolicies) {
        this.namePrefix = namePrefix;
        this.managedPolicies = managedPolicies;
    }

    public String roleName(String suffix) {
        return namePrefix + "-" + suffix;
    }

    public List<String> managedPolicies() {
        return managedPolicies;
    }
}
