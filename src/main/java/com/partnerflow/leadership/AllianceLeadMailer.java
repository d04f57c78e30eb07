package com.partnerflow.leadership;

import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Role;
import com.partnerflow.mail.MailService;
import com.partnerflow.mail.OutgoingMail;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Mail about a hand-over of the alliance lead role (template {@code mail/alliance-lead.*}), in
 * the recipient's language. Texts: {@code mail.alliance-lead.<kind>.*} in i18n/messages*.properties.
 */
@Component
public class AllianceLeadMailer {

    /** Who is told what. */
    public enum Kind {
        /** To the lead who handed the role over. */
        HANDED_OVER,
        /** To the new lead, when the previous lead handed the role over. */
        RECEIVED,
        /** To the new lead, when support approved a change request. */
        RECEIVED_BY_REQUEST,
        /** To the previous lead, when support approved a change request. */
        REPLACED;

        String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final MailService mail;
    private final MessageSource messages;

    public AllianceLeadMailer(MailService mail, MessageSource messages) {
        this.mail = mail;
        this.messages = messages;
    }

    /**
     * @param recipient   who is told
     * @param otherPerson the other side of the hand-over (the new lead for the previous one, and the other way round)
     * @param company     the account's legal name
     */
    public void send(Kind kind, PartnerUser recipient, PartnerUser otherPerson, String company) {
        Locale locale = Locale.forLanguageTag(recipient.language());
        mail.send(new OutgoingMail(recipient.email(), recipient.language(), "alliance-lead", Map.of(
                "firstName", recipient.firstName(),
                "kind", kind.key(),
                "company", company,
                "otherPerson", nameOf(otherPerson),
                "roles", rolesText(recipient.roles(), locale)),
                "mail.alliance-lead." + kind.key() + ".subject", List.of(company), OutgoingMail.Threading.NONE));
    }

    static String nameOf(PartnerUser user) {
        return user.firstName() + " " + user.lastName() + " <" + user.email() + ">";
    }

    /** The roles, in the recipient's language ("standard user" for none). */
    public String rolesText(List<Role> roles, Locale locale) {
        List<Role> shown = roles.isEmpty() ? List.of(Role.STANDARD_USER) : roles;
        return shown.stream().sorted().map(r -> messages.getMessage("role." + r.name(), null, r.name(), locale))
                .collect(Collectors.joining(", "));
    }

    /** A text of ours in the given language (the outcome lines of a change request's resolution). */
    public String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }
}
