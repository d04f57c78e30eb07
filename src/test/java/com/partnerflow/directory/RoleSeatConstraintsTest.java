package com.partnerflow.directory;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.partnerflow.support.IntegrationTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/** Role limits live in the database: 20 numbered seats per account and limited role, each taken once. */
@Tag("database")
class RoleSeatConstraintsTest extends IntegrationTestBase {

    @Autowired
    PartnerDirectory directory;
    @Autowired
    TransactionTemplate tx;

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"ALLIANCE_TEAM", "ACE_MANAGER"})
    void theTwentyFirstHolderIsRefusedAndTheTransactionCarriesOn(Role role) {
        UUID account = newAccount();
        List<UUID> users = users(account, 22);
        tx.executeWithoutResult(s -> users.subList(0, 20).forEach(u -> directory.assignRole(account, u, role, "test")));

        tx.executeWithoutResult(s -> {
            assertThatThrownBy(() -> directory.assignRole(account, users.get(20), role, "test"))
                    .isInstanceOf(RoleLimitReachedException.class).isInstanceOf(DataIntegrityViolationException.class)
                    .satisfies(e -> assertThat(((RoleLimitReachedException) e).limit()).isEqualTo(20));
            // already held: refused, and the transaction is still usable (a savepoint took the failed insert back)
            assertThatThrownBy(() -> directory.assignRole(account, users.get(0), role, "test"))
                    .isInstanceOf(DuplicateKeyException.class);
            directory.assignRole(account, users.get(20), Role.ACE_USER, "test");
            // a freed seat can be taken again
            assertThat(directory.unassignRole(account, users.get(0), role)).isTrue();
            directory.assignRole(account, users.get(21), role, "test");
        });
        assertThat(directory.holderCount(account, role)).isEqualTo(20);
        assertThat(directory.rolesOf(users.get(20))).containsExactly(Role.ACE_USER);
        assertThat(directory.rolesOf(users.get(21))).containsExactly(role);
        assertThat(jdbc.sql("SELECT COUNT(DISTINCT seat) FROM role_assignment WHERE account_id = ? AND role = ?")
                .params(account, role.name()).query(Long.class).single()).isEqualTo(20);
    }

    @Test
    void theDatabaseRefusesHoldersOutsideTheSeatsWhateverTheJavaCodeDoes() {
        UUID account = newAccount();
        List<UUID> users = users(account, 3);
        tx.executeWithoutResult(s -> directory.assignRole(account, users.get(0), Role.ALLIANCE_TEAM, "test"));
        Integer seat = jdbc.sql("SELECT seat FROM role_assignment WHERE user_id = ?").param(users.get(0))
                .query(Integer.class).single();

        // a limited role without a seat, with a seat beyond 20, or on a seat already taken
        assertThatThrownBy(() -> insert(account, users.get(1), "ALLIANCE_TEAM", null))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> insert(account, users.get(1), "ACE_MANAGER", 21))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> insert(account, users.get(1), "ALLIANCE_TEAM", seat))
                .isInstanceOf(DuplicateKeyException.class);
        // an unlimited role never takes a seat
        assertThatThrownBy(() -> insert(account, users.get(2), "ACE_USER", 5))
                .isInstanceOf(DataIntegrityViolationException.class);
        insert(account, users.get(2), "ACE_USER", null);
        // the same seat number in another account, or of the other limited role, is another seat
        UUID other = newAccount();
        UUID stranger = users(other, 1).get(0);
        insert(other, stranger, "ALLIANCE_TEAM", seat);
        insert(account, users.get(1), "ACE_MANAGER", seat);
        assertThat(directory.rolesOf(users.get(1))).containsExactly(Role.ACE_MANAGER);
    }

    private void insert(UUID account, UUID user, String role, Integer seat) {
        tx.executeWithoutResult(s -> jdbc.sql("""
                INSERT INTO role_assignment (account_id, user_id, role, seat, assigned_at, assigned_by)
                VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP, 'test')""").params(account, user, role, seat).update());
    }

    private UUID newAccount() {
        return tx.execute(s -> directory.findOrCreateAccount(newDomain(), "Seats Inc").accountId());
    }

    private List<UUID> users(UUID account, int count) {
        return tx.execute(s -> {
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ids.add(directory.createUser(account, new NewUser(UUID.randomUUID() + "@seats.example", "S", "U" + i,
                        "h", "en")));
            }
            return ids;
        });
    }
}
