package com.partnerflow.users;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What makes an address look like a generic shared login ({@code partnerflow.users.generic-logins}).
 *
 * @param localParts names of shared mailboxes (the part before the {@code @}). They are compared
 *                   after normalising both sides: lower case, a {@code +tag} dropped, the separators
 *                   {@code . _ -} dropped and trailing digits dropped, so {@code apn_admin} also
 *                   finds {@code APN-Admin@}, {@code apn.admin@} and {@code apnadmin2@}
 */
@ConfigurationProperties("partnerflow.users.generic-logins")
public record GenericLoginSettings(
        @DefaultValue({"admin", "administrator", "apn_admin", "aws_admin", "partner_admin", "info", "sales",
                "support", "contact", "office", "partners", "partner", "aws", "apn", "alliance", "alliances",
                "team", "marketing", "hello", "webmaster"}) List<String> localParts) {
}
