package com.partnerflow.registration;

import com.partnerflow.api.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.passay.CharacterData;
import org.passay.CharacterRule;
import org.passay.EnglishCharacterData;
import org.passay.LengthRule;
import org.passay.PasswordData;
import org.passay.PasswordValidator;
import org.passay.RuleResult;
import org.passay.RuleResultDetail;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The guide's password rule: 8 or more characters with an upper-case and a lower-case letter,
 * a digit and one of the symbols {@code ! @ # $ % ^ _ = + : ;}. The upper bound is bcrypt's:
 * it reads only the first 72 bytes.
 */
@Component
public class PasswordPolicy {

    static final String SYMBOLS = "!@#$%^_=+:;";

    private static final CharacterData GUIDE_SYMBOLS = new CharacterData() {
        @Override
        public String getErrorCode() {
            return "INSUFFICIENT_SYMBOL";
        }

        @Override
        public String getCharacters() {
            return SYMBOLS;
        }
    };

    private static final Map<String, String> RULE_TEXT = Map.of(
            "TOO_SHORT", "at least 8 characters",
            "TOO_LONG", "at most 72 characters",
            "INSUFFICIENT_UPPERCASE", "at least one upper-case letter",
            "INSUFFICIENT_LOWERCASE", "at least one lower-case letter",
            "INSUFFICIENT_DIGIT", "at least one digit",
            "INSUFFICIENT_SYMBOL", "at least one of the symbols ! @ # $ % ^ _ = + : ;");

    private final PasswordValidator validator = new PasswordValidator(List.of(
            new LengthRule(8, 72),
            new CharacterRule(EnglishCharacterData.UpperCase, 1),
            new CharacterRule(EnglishCharacterData.LowerCase, 1),
            new CharacterRule(EnglishCharacterData.Digit, 1),
            new CharacterRule(GUIDE_SYMBOLS, 1)));

    /** @throws ApiProblem 422 naming every rule the password breaks */
    public void check(String password) {
        RuleResult result = validator.validate(new PasswordData(password));
        boolean tooManyBytes = password.getBytes(StandardCharsets.UTF_8).length > 72;
        if (result.isValid() && !tooManyBytes) {
            return;
        }
        List<String> broken = result.getDetails().stream().map(RuleResultDetail::getErrorCode)
                .distinct().map(c -> RULE_TEXT.getOrDefault(c, c)).toList();
        if (tooManyBytes && !broken.contains(RULE_TEXT.get("TOO_LONG"))) {
            broken = java.util.stream.Stream.concat(broken.stream(), java.util.stream.Stream.of("at most 72 bytes"))
                    .toList();
        }
        throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "password-policy",
                "The password must have " + String.join(", ", broken) + ".", Map.of("rules", broken));
    }
}
