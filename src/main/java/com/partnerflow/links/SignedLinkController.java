package com.partnerflow.links;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.security.SecretUrlPage;
import com.partnerflow.security.SecretUrlPages;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The pages behind a signed link. {@code GET /links/{token}} only shows the question (mail
 * scanners fetch links); the answer is the form's {@code POST}, with {@code choice=confirm} or
 * {@code choice=decline}. Refusals are pages too, with the matching status code.
 */
@Controller
@SecretUrlPage
@RequestMapping("/links")
public class SignedLinkController {

    private static final Logger log = LoggerFactory.getLogger(SignedLinkController.class);

    private final SignedLinks links;

    public SignedLinkController(SignedLinks links) {
        this.links = links;
    }

    @GetMapping("/{token}")
    public ModelAndView question(@PathVariable String token, @RequestParam(required = false) String choice) {
        SignedLinks.LinkView link = links.view(token);
        ModelAndView page = new ModelAndView("links/question", HttpStatus.OK);
        page.addObject("token", token);
        page.addObject("purpose", link.purpose());
        page.addObject("email", link.maskedEmail());
        page.addObject("expiresAt", SecretUrlPages.deadline(link.expiresAt()));
        page.addObject("preselected", LinkDecision.fromChoice(choice).map(LinkDecision::choice).orElse(null));
        return page;
    }

    @PostMapping("/{token}")
    public ModelAndView answer(@PathVariable String token, @RequestParam(required = false) String choice,
                               HttpServletRequest request) {
        SignedLinks.Answered answered = links.answer(token, LinkDecision.fromChoice(choice).orElse(null),
                request.getRemoteAddr());
        ModelAndView page = new ModelAndView("links/answered", HttpStatus.OK);
        page.addObject("purpose", answered.purpose());
        page.addObject("confirmed", answered.decision() == LinkDecision.CONFIRM);
        return page;
    }

    @ExceptionHandler(LinkRefused.class)
    public ModelAndView refused(LinkRefused refusal) {
        return refusedPage(HttpStatus.valueOf(refusal.getStatusCode().value()), refusal.code(), refusal.title(),
                refusal.detail());
    }

    /** Bad input (e.g. a control character in the address): the caller's mistake, shown as a refusal. */
    @ExceptionHandler(ApiProblem.class)
    public ModelAndView badInput(ApiProblem problem) {
        return refusedPage(HttpStatus.valueOf(problem.getStatusCode().value()), problem.code(),
                "This link cannot be used", problem.getBody().getDetail());
    }

    /** Anything unexpected: the answer's transaction has rolled back, so say that nothing was recorded. */
    @ExceptionHandler(RuntimeException.class)
    public ModelAndView failed(RuntimeException failure) {
        log.error("A signed-link request failed; nothing was recorded", failure);
        return refusedPage(HttpStatus.INTERNAL_SERVER_ERROR, "link-error", "Something went wrong",
                "Your answer could not be recorded. Nothing was changed; please try the link again later.");
    }

    private static ModelAndView refusedPage(HttpStatus status, String code, String title, String detail) {
        return SecretUrlPages.refused(status, code, title, detail,
                "If you still need to answer, reply to the email you received or contact your partner manager.");
    }
}
