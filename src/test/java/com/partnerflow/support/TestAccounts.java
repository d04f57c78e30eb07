package com.partnerflow.support;

import com.partnerflow.directory.NewUser;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.Role;
import com.partnerflow.signin.PartnerSessions;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accounts and users written straight into the directory, for tests that are about what users
 * may do rather than how they registered (registration has its own tests). Every user has the
 * password {@link IntegrationTestBase#GOOD_PASSWORD} and a live session.
 */
@Component
public class TestAccounts {

    private final PartnerDirectory directory;
    private final PartnerSessions sessions;
    private final TransactionTemplate transaction;
    private final String passwordHash;

    TestAccounts(PartnerDirectory directory, PartnerSessions sessions, PasswordEncoder encoder,
                 TransactionTemplate transaction) {
        this.directory = directory;
        this.sessions = sessions;
        this.transaction = transaction;
        this.passwordHash = encoder.encode(IntegrationTestBase.GOOD_PASSWORD);
    }

    /** A new account on a fresh domain, with its alliance lead signed in. */
    public TestAccount newAccount() {
        String domain = "co-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        UUID accountId = transaction.execute(s -> directory.findOrCreateAccount(domain, "Company of " + domain)
                .accountId());
        TestAccount account = new TestAccount(accountId, domain);
        account.lead = addUser(account, "lead", Role.ALLIANCE_LEAD);
        return account;
    }

    /** A user of the account holding exactly these roles (none: a user without any role), signed in. */
    public SignedInUser addUser(TestAccount account, String localPart, Role... roles) {
        String email = localPart + "-" + UUID.randomUUID().toString().substring(0, 6) + "@" + account.domain();
        UUID userId = transaction.execute(s -> {
            UUID id = directory.createUser(account.accountId(),
                    new NewUser(email, "Test", localPart, passwordHash, "en"));
            for (Role role : roles) {
                directory.assignRole(account.accountId(), id, role, "test-fixture");
            }
            return id;
        });
        return new SignedInUser(userId, account.accountId(), email, sessions.issueFor(userId).token());
    }

    public static final class TestAccount {
        private final UUID accountId;
        private final String domain;
        private SignedInUser lead;

        TestAccount(UUID accountId, String domain) {
            this.accountId = accountId;
            this.domain = domain;
        }

        public UUID accountId() {
            return accountId;
        }

        public String domain() {
            return domain;
        }

        public SignedInUser lead() {
            return lead;
        }
    }
}
