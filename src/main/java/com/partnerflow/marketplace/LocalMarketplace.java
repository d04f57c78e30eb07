package com.partnerflow.marketplace;

import com.partnerflow.config.EngineClock;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The marketplace kept in local tables ({@code mp_*}, V12): what development and tests link
 * against. Joins the caller's transaction, as a remote marketplace would not; the process steps
 * are written for the remote kind (idempotent calls, compensation on refusal).
 */
@Component
public class LocalMarketplace implements Marketplace {

    private final JdbcClient jdbc;
    private final EngineClock clock;

    public LocalMarketplace(JdbcClient jdbc, EngineClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<SellerAccount> findSeller(String awsAccountId) {
        return jdbc.sql("SELECT * FROM mp_seller_account WHERE aws_account_id = ?").param(awsAccountId)
                .query((rs, n) -> new SellerAccount(rs.getString("aws_account_id"), rs.getString("legal_name"),
                        rs.getTimestamp("registered_at").toInstant()))
                .optional();
    }

    @Override
    public SellerAccount registerSeller(String awsAccountId, String legalName) {
        return findSeller(awsAccountId).orElseGet(() -> {
            jdbc.sql("INSERT INTO mp_seller_account (aws_account_id, legal_name, registered_at) VALUES (?, ?, ?)")
                    .params(awsAccountId, legalName, now()).update();
            return findSeller(awsAccountId).orElseThrow();
        });
    }

    @Override
    public IamRole createRole(String awsAccountId, String roleName, List<String> managedPolicies) {
        Optional<IamRole> existing = findRole(awsAccountId, roleName);
        if (existing.isPresent() && !existing.get().managedPolicies().equals(managedPolicies)) {
            // as IAM: a role name is unique in its account; one defined otherwise is not ours to take
            throw new MarketplaceRefused("EntityAlreadyExists: role " + roleName + " exists in " + awsAccountId
                    + " with other policies");
        }
        return existing.orElseGet(() -> {
            jdbc.sql("""
                    INSERT INTO mp_iam_role (aws_account_id, role_name, managed_policies, created_at)
                    VALUES (?, ?, ?, ?)""")
                    .params(awsAccountId, roleName, String.join(",", managedPolicies), now()).update();
            return findRole(awsAccountId, roleName).orElseThrow();
        });
    }

    @Override
    public void deleteRole(String awsAccountId, String roleName) {
        jdbc.sql("DELETE FROM mp_role_mapping WHERE aws_account_id = ? AND role_name = ?")
                .params(awsAccountId, roleName).update();
        jdbc.sql("DELETE FROM mp_iam_role WHERE aws_account_id = ? AND role_name = ?")
                .params(awsAccountId, roleName).update();
    }

    @Override
    public List<IamRole> roles(String awsAccountId) {
        return jdbc.sql("SELECT * FROM mp_iam_role WHERE aws_account_id = ? ORDER BY role_name").param(awsAccountId)
                .query((rs, n) -> role(rs)).list();
    }

    @Override
    public Optional<IamRole> findRole(String awsAccountId, String roleName) {
        return jdbc.sql("SELECT * FROM mp_iam_role WHERE aws_account_id = ? AND role_name = ?")
                .params(awsAccountId, roleName).query((rs, n) -> role(rs)).optional();
    }

    @Override
    public void mapUser(String awsAccountId, String roleName, UUID partnerUserId) {
        if (findRole(awsAccountId, roleName).isEmpty()) {
            throw new MarketplaceRefused("No IAM role " + roleName + " in account " + awsAccountId);
        }
        int updated = jdbc.sql("""
                UPDATE mp_role_mapping SET role_name = ?, mapped_at = ? WHERE aws_account_id = ? AND partner_user_id = ?""")
                .params(roleName, now(), awsAccountId, partnerUserId).update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO mp_role_mapping (aws_account_id, partner_user_id, role_name, mapped_at)
                    VALUES (?, ?, ?, ?)""")
                    .params(awsAccountId, partnerUserId, roleName, now()).update();
        }
    }

    @Override
    public Optional<String> unmapUser(String awsAccountId, UUID partnerUserId) {
        Optional<String> role = jdbc.sql("""
                SELECT role_name FROM mp_role_mapping WHERE aws_account_id = ? AND partner_user_id = ?""")
                .params(awsAccountId, partnerUserId).query(String.class).optional();
        jdbc.sql("DELETE FROM mp_role_mapping WHERE aws_account_id = ? AND partner_user_id = ?")
                .params(awsAccountId, partnerUserId).update();
        return role;
    }

    @Override
    public List<RoleMapping> mappings(String awsAccountId) {
        return jdbc.sql("SELECT * FROM mp_role_mapping WHERE aws_account_id = ? ORDER BY role_name, mapped_at")
                .param(awsAccountId)
                .query((rs, n) -> new RoleMapping(rs.getString("aws_account_id"),
                        rs.getObject("partner_user_id", UUID.class), rs.getString("role_name"),
                        rs.getTimestamp("mapped_at").toInstant()))
                .list();
    }

    @Override
    public void linkListing(String awsAccountId, ListingKind kind, String listingId, String title) {
        boolean present = jdbc.sql("SELECT COUNT(*) FROM mp_linked_listing WHERE aws_account_id = ? AND listing_id = ?")
                .params(awsAccountId, listingId).query(Long.class).single() > 0;
        if (!present) {
            jdbc.sql("""
                    INSERT INTO mp_linked_listing (aws_account_id, listing_id, kind, title, linked_at)
                    VALUES (?, ?, ?, ?, ?)""")
                    .params(awsAccountId, listingId, kind.name(), title, now()).update();
        }
    }

    @Override
    public List<Listing> listings(String awsAccountId) {
        return jdbc.sql("SELECT * FROM mp_linked_listing WHERE aws_account_id = ? ORDER BY kind, listing_id")
                .param(awsAccountId)
                .query((rs, n) -> new Listing(rs.getString("aws_account_id"), rs.getString("listing_id"),
                        ListingKind.valueOf(rs.getString("kind")), rs.getString("title"),
                        rs.getTimestamp("linked_at").toInstant()))
                .list();
    }

    @Override
    public void unlinkAllListings(String awsAccountId) {
        jdbc.sql("DELETE FROM mp_linked_listing WHERE aws_account_id = ?").param(awsAccountId).update();
    }

    private static IamRole role(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new IamRole(rs.getString("aws_account_id"), rs.getString("role_name"),
                Arrays.asList(rs.getString("managed_policies").split(",")), rs.getTimestamp("created_at").toInstant());
    }

    private Timestamp now() {
        return Timestamp.from(clock.now());
    }
}
