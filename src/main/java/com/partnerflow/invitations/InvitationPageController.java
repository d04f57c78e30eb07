package com.partnerflow.invitations;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.security.SecretUrlPage;
import com.partnerflow.security.SecretUrlPages;
import com.partnerflow.directory.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The page behind an invitation's link. {@code GET /invitations/{token}} only shows the
 * registration form (mail scanners fetch links); the form's {@code POST} registers. Refusals are
 * pages with the matching status: unknown {@code 404}; used, withdrawn or expired {@code 410}.
 */
@Controller
@SecretUrlPage
@RequestMapping("/invitations")
public class InvitationPageController {

    private static final Logger log = LoggerFactory.getLogger(InvitationPageController.class);

    private final InvitationRegistrations registrations;
    private final MessageSource messages;

    public InvitationPageController(InvitationRegistrations registrations, MessageSource messages) {
        this.registrations = registrations;
        this.messages = messages;
    }

    @GetMapping("/{token}")
    public ModelAndView form(@PathVariable String token) {
        try {
            return formPage(token, registrations.view(token), HttpStatus.OK, null, null, null, null);
        } catch (ApiProblem refused) {
            return refusedPage(refused);
        }
    }

    @PostMapping("/{token}")
    public ModelAndView register(@PathVariable String token, @RequestParam(required = false) String firstName,
                                 @RequestParam(required = false) String lastName,
                                 @RequestParam(required = false) String password,
                                 @RequestParam(required = false) String language,
                                 HttpServletRequest request) {
        InvitationRegistrations.InvitationView invitation;
        try {
            invitation = registrations.view(token);
        } catch (ApiProblem refused) {
            return refusedPage(refused);
        }
        try {
            InvitationRegistrations.Registered registered = registrations.register(token,
                    new InvitationRegistrations.RegistrationForm(firstName, lastName, password, language),
                    request.getRemoteAddr());
            ModelAndView page = new ModelAndView("invitations/registered", HttpStatus.CREATED);
            page.addObject("email", registered.email());
            page.addObject("message", InvitationController.message(registered));
            return page;
        } catch (ApiProblem problem) {
            HttpStatus status = HttpStatus.valueOf(problem.getStatusCode().value());
            if (status == HttpStatus.BAD_REQUEST || status == HttpStatus.UNPROCESSABLE_ENTITY) {
                return formPage(token, invitation, status, problem.getBody().getDetail(), firstName, lastName, language);
            }
            return refusedPage(problem);
        } catch (RuntimeException failure) {
            log.error("Registration through invitation {} failed; nothing was recorded", invitation.invitationId(),
                    failure);
            return refusedPage(HttpStatus.INTERNAL_SERVER_ERROR, "invitation-error", "Something went wrong",
                    "Your registration could not be recorded. Nothing was changed; please try the link again later.");
        }
    }

    private ModelAndView formPage(String token, InvitationRegistrations.InvitationView invitation, HttpStatus status,
                                  String error, String firstName, String lastName, String language) {
        ModelAndView page = new ModelAndView("invitations/register", status);
        page.addObject("token", token);
        page.addObject("email", invitation.email());
        page.addObject("companyName", invitation.companyName());
        page.addObject("invitedBy", invitation.invitedBy());
        page.addObject("roles", roleNames(invitation.roles()));
        page.addObject("expiresAt", SecretUrlPages.deadline(invitation.expiresAt()));
        page.addObject("language", language == null ? invitation.language() : language);
        page.addObject("firstName", firstName);
        page.addObject("lastName", lastName);
        page.addObject("error", error);
        return page;
    }

    private String roleNames(List<Role> roles) {
        return String.join(", ", roles.stream()
                .map(r -> messages.getMessage("role." + r.name(), null, r.name(), Locale.ENGLISH)).toList());
    }

    private static ModelAndView refusedPage(ApiProblem refused) {
        String title = switch (refused.code()) {
            case "invitation-used" -> "This invitation has been used";
            case "invitation-withdrawn" -> "This invitation was withdrawn";
            case "invitation-expired" -> "This invitation has expired";
            case "already-registered" -> "You are registered already";
            default -> "This invitation link is not valid";
        };
        return refusedPage(HttpStatus.valueOf(refused.getStatusCode().value()), refused.code(), title,
                refused.getBody().getDetail());
    }

    private static ModelAndView refusedPage(HttpStatus status, String code, String title, String detail) {
        return SecretUrlPages.refused(status, code, title, detail, "Nothing was changed.");
    }
}
