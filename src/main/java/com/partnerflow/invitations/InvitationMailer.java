package com.partnerflow.invitations;

import com.partnerflow.directory.PartnerAccount;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.Role;
import com.partnerflow.links.LinkSettings;
import com.partnerflow.mail.MailService;
import com.partnerflow.mail.OutgoingMail;
import com.partnerflow.security.SecretTokens;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Issues a fresh link for an invitation and mails it (invitation or reminder). The token exists
 * only here and in the email: the table keeps its SHA-256. Joins the calling step's transaction,
 * so a failed send leaves no link behind.
 */
@Component
public class InvitationMailer {

    private final InvitationRepository invitations;
    private final PartnerDirectory directory;
    private final MailService mail;
    private final MessageSource messages;
    private final LinkSettings links;

    public InvitationMailer(InvitationRepository invitations, PartnerDirectory directory, MailService mail,
                            MessageSource messages, LinkSettings links) {
        this.invitations = invitations;
        this.directory = directory;
        this.mail = mail;
        this.messages = messages;
        this.links = links;
    }

    enum Kind { INVITATION, REMINDER }

    void issueLinkAndSend(Invitation invitation, Kind kind, Instant now, Instant expiresAt) {
        String token = SecretTokens.base64Url(32);
        invitations.addToken(SecretTokens.storedForm(token), invitation.id(), kind.name(), now);
        Locale locale = Locale.forLanguageTag(invitation.language());
        String company = directory.findAccount(invitation.accountId()).map(PartnerAccount::legalName).orElse("");
        String inviter = directory.findUser(invitation.invitedByUserId())
                .map(u -> u.firstName() + " " + u.lastName() + " (" + u.email() + ")")
                .orElse(invitation.invitedByEmail());
        String roles = roleNames(invitation.roles(), locale);
        String template = "invitation";
        mail.send(new OutgoingMail(invitation.email(), invitation.language(), template, Map.of(
                "reminder", kind == Kind.REMINDER,
                "inviter", inviter,
                "companyName", company,
                "roles", roles,
                "link", base() + "/invitations/" + token,
                "expiresAt", format(expiresAt, locale)),
                kind == Kind.REMINDER ? "mail.invitation.reminder.subject" : "mail.invitation.subject",
                List.of(company), OutgoingMail.Threading.NONE));
    }

    private String roleNames(List<Role> roles, Locale locale) {
        return roles.stream().map(r -> messages.getMessage("role." + r.name(), null, r.name(), locale))
                .collect(Collectors.joining(", "));
    }

    private static String format(Instant instant, Locale locale) {
        String pattern = "ja".equals(locale.getLanguage()) ? "yyyy年M月d日 HH:mm '(UTC)'" : "d MMMM yyyy, HH:mm 'UTC'";
        return DateTimeFormatter.ofPattern(pattern, locale).withZone(ZoneOffset.UTC).format(instant);
    }

    private String base() {
        String base = links.publicBaseUrl().toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
