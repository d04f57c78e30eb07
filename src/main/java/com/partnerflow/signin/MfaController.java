package com.partnerflow.signin;

import com.partnerflow.api.ProblemAnswers;
import com.partnerflow.directory.Permission;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The account's MFA switch: anybody of the account reads it, alliance lead or cloud admin switches it. */
@RestController
public class MfaController {

    private final AccountMfa mfa;

    public MfaController(AccountMfa mfa) {
        this.mfa = mfa;
    }

    public record MfaSwitch(@NotNull Boolean enabled) {
    }

    @GetMapping("/api/account/mfa")
    public AccountMfa.MfaSetting get(@AuthenticationPrincipal PartnerPrincipal caller) {
        return mfa.setting(caller.accountId());
    }

    @ProblemAnswers("403 access-denied")
    @PutMapping("/api/account/mfa")
    public AccountMfa.MfaSetting put(@AuthenticationPrincipal PartnerPrincipal caller,
                                     @Valid @RequestBody MfaSwitch body, HttpServletRequest http) {
        caller.require(Permission.MANAGE_MFA);
        return mfa.switchTo(caller, body.enabled(), http.getRemoteAddr());
    }
}
