package com.partnerflow.directory;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.partnerflow.support.IntegrationTestBase;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/** The directory's invariants hold in the database itself, whatever the Java code does. */
@Tag("database")
class PartnerDirectoryConstraintsTest extends IntegrationTestBase {

    @Autowired
    PartnerDirectory directory;
    @Autowired
    TransactionTemplate tx;

    @Test
    void aDomainBelongsToOneAccountOnly() {
        String domain = newDomain();
        UUID first = tx.execute(s -> directory.findOrCreateAccount(domain, "First").accountId());
        // the Java path joins the existing account...
        PartnerDirectory.AccountForDomain joined = tx.execute(s -> directory.findOrCreateAccount(domain, "Second"));
        assertThat(joined).isEqualTo(new PartnerDirectory.AccountForDomain(first, false));
        // ...and the database refuses a second owner outright
        UUID other = UUID.randomUUID();
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            jdbc.sql("INSERT INTO partner_account (id, legal_name, created_at) VALUES (?, 'Other', CURRENT_TIMESTAMP)")
                    .param(other).update();
            jdbc.sql("INSERT INTO account_domain (domain, account_id, added_at) VALUES (?, ?, CURRENT_TIMESTAMP)")
                    .params(domain, other).update();
        })).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void anAccountHasAtMostOneAllianceLead() {
        UUID account = tx.execute(s -> directory.findOrCreateAccount(newDomain(), "Leads Inc").accountId());
        UUID lead = tx.execute(s -> {
            UUID id = directory.createUser(account, new NewUser(UUID.randomUUID() + "@x.example", "A", "L", "h", "en"));
            directory.assignRole(account, id, Role.ALLIANCE_LEAD, "test");
            return id;
        });
        UUID second = tx.execute(s -> directory.createUser(account,
                new NewUser(UUID.randomUUID() + "@x.example", "B", "L", "h", "en")));

        assertThatThrownBy(() -> tx.executeWithoutResult(s ->
                directory.assignRole(account, second, Role.ALLIANCE_LEAD, "test")))
                .isInstanceOf(DuplicateKeyException.class);
        // nor can a lead row be forged without its marker, or point at another account
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> jdbc.sql("""
                INSERT INTO role_assignment (account_id, user_id, role, lead_of_account, assigned_at, assigned_by)
                VALUES (?, ?, 'ALLIANCE_LEAD', NULL, CURRENT_TIMESTAMP, 'test')""").params(account, second).update()))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(directory.rolesOf(lead)).containsExactly(Role.ALLIANCE_LEAD);
        assertThat(directory.rolesOf(second)).isEmpty();
    }

    @Test
    void aRoleCanOnlyNameAUserOfTheSameAccount() {
        UUID accountA = tx.execute(s -> directory.findOrCreateAccount(newDomain(), "A").accountId());
        UUID accountB = tx.execute(s -> directory.findOrCreateAccount(newDomain(), "B").accountId());
        UUID userOfA = tx.execute(s -> directory.createUser(accountA,
                new NewUser(UUID.randomUUID() + "@a.example", "A", "A", "h", "en")));
        assertThatThrownBy(() -> tx.executeWithoutResult(s ->
                directory.assignRole(accountB, userOfA, Role.ALLIANCE_TEAM, "test")))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void anAddressBelongsToOneUserOnly() {
        UUID account = tx.execute(s -> directory.findOrCreateAccount(newDomain(), "Dup").accountId());
        String email = UUID.randomUUID() + "@dup.example";
        tx.executeWithoutResult(s -> directory.createUser(account, new NewUser(email, "A", "A", "h", "en")));
        assertThatThrownBy(() -> tx.executeWithoutResult(s ->
                directory.createUser(account, new NewUser(email, "B", "B", "h", "en"))))
                .isInstanceOf(DuplicateKeyException.class);
    }
}
