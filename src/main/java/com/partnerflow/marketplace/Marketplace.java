package com.partnerflow.marketplace;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The marketplace behind an adapter: seller accounts (by 12-digit account id, with their legal
 * name), seller registration, IAM roles with their managed policies, the mapping of partner
 * users to those roles, and products and private offers linked to Partner Central. Every
 * changing call is idempotent, so a process step may retry it. A call the marketplace refuses
 * for good throws {@link MarketplaceRefused}; anything else thrown is taken as transient.
 * {@link LocalMarketplace} keeps all of it in tables of its own ({@code mp_*}).
 */
public interface Marketplace {

    Optional<SellerAccount> findSeller(String awsAccountId);

    /** Registers the account as a seller under the legal name; a registered seller is returned as it is. */
    SellerAccount registerSeller(String awsAccountId, String legalName);

    /** Creates the role with these managed policies unless a role of that name exists. */
    IamRole createRole(String awsAccountId, String roleName, List<String> managedPolicies);

    /** Deletes the role and its user mappings; an absent role is no error. */
    void deleteRole(String awsAccountId, String roleName);

    List<IamRole> roles(String awsAccountId);

    Optional<IamRole> findRole(String awsAccountId, String roleName);

    /** Maps the user to the role (a user has one role per account; mapping again replaces it). */
    void mapUser(String awsAccountId, String roleName, UUID partnerUserId);

    /** Removes the user's mapping; returns the role they were mapped to, if any. */
    Optional<String> unmapUser(String awsAccountId, UUID partnerUserId);

    List<RoleMapping> mappings(String awsAccountId);

    void linkListing(String awsAccountId, ListingKind kind, String listingId, String title);

    List<Listing> listings(String awsAccountId);

    /** Unlinks all products and offers of the account from Partner Central. */
    void unlinkAllListings(String awsAccountId);

    record SellerAccount(String awsAccountId, String legalName, Instant registeredAt) {
    }

    record IamRole(String awsAccountId, String roleName, List<String> managedPolicies, Instant createdAt) {
        public String arn() {
            return "arn:aws:iam::" + awsAccountId + ":role/" + roleName;
        }
    }

    record RoleMapping(String awsAccountId, UUID partnerUserId, String roleName, Instant mappedAt) {
    }

    enum ListingKind { PRODUCT, OFFER }

    record Listing(String awsAccountId, String listingId, ListingKind kind, String title, Instant linkedAt) {
    }

    /** The marketplace refused a call for good (retrying will not help). */
    class MarketplaceRefused extends RuntimeException {
        public MarketplaceRefused(String message) {
            super(message);
        }
    }
}
