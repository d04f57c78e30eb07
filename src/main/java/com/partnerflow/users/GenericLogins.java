package com.partnerflow.users;

import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Permission;
import com.partnerflow.directory.Role;
import com.partnerflow.signin.PartnerPrincipal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The report of likely generic shared logins (guide, "Avoid generic logins"): active users whose
 * address reads like a shared mailbox ({@link GenericLoginSettings}), each with why and what to do.
 */
@Service
public class GenericLogins {

    private final PartnerDirectory directory;
    /** normalised name → the configured name, as the reason quotes it */
    private final Map<String, String> names = new LinkedHashMap<>();

    public GenericLogins(PartnerDirectory directory, GenericLoginSettings settings) {
        this.directory = directory;
        settings.localParts().forEach(name -> names.putIfAbsent(normalise(name), name));
    }

    public record GenericLogin(UUID userId, String email, String firstName, String lastName, List<Role> roles,
                               boolean allianceLead, String matchedName, String reason, String hint) {
    }

    public record Report(int count, List<GenericLogin> users) {
    }

    @Transactional(readOnly = true)
    public Report report(PartnerPrincipal caller) {
        caller.require(Permission.VIEW_GENERIC_LOGIN_REPORT);
        UUID lead = directory.allianceLeadOf(caller.accountId()).orElse(null);
        List<GenericLogin> found = directory.usersOf(caller.accountId()).stream()
                .filter(u -> "ACTIVE".equals(u.status()))
                .flatMap(u -> match(u.email()).map(name -> entry(u, name, u.id().equals(lead))).stream())
                .toList();
        return new Report(found.size(), found);
    }

    /** The configured shared-mailbox name an address matches, if any. */
    Optional<String> match(String email) {
        int at = email.lastIndexOf('@');
        String local = at < 0 ? email : email.substring(0, at);
        return Optional.ofNullable(names.get(normalise(local)));
    }

    static String normalise(String localPart) {
        String s = localPart.toLowerCase(Locale.ROOT).strip();
        int plus = s.indexOf('+');
        if (plus >= 0) {
            s = s.substring(0, plus);
        }
        s = s.replaceAll("[._-]", "");
        return s.replaceAll("\\d+$", "");
    }

    private static GenericLogin entry(PartnerUser user, String name, boolean lead) {
        String local = user.email().substring(0, user.email().lastIndexOf('@'));
        String reason = "The address " + user.email() + " reads like the shared mailbox '" + name
                + "', not like one person" + (local.equalsIgnoreCase(name) ? "." : " (as '" + local + "').");
        String hint = lead
                ? "This generic login holds the alliance lead role: first reassign the alliance lead role to an "
                + "individual user, give the people who share this login their own users with the roles they need, "
                + "then deactivate it (POST /api/account/users/" + user.id() + "/deactivation)."
                : "Give the people who share this login their own users with the roles they need, then deactivate it "
                + "(POST /api/account/users/" + user.id() + "/deactivation).";
        return new GenericLogin(user.id(), user.email(), user.firstName(), user.lastName(), user.roles(), lead, name,
                reason, hint);
    }
}
