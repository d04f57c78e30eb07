package com.partnerflow.cases;

import com.partnerflow.mail.inbound.InboundMail;
import com.partnerflow.mail.inbound.InboundMailHandler;
import com.partnerflow.mail.inbound.InboundMailHandler.FailedMail;
import com.partnerflow.mail.inbound.MailKind;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What an inbound mail means for the cases. Only a person's reply that carries a waiting
 * question's token (in the address it was sent to) AND comes from the address that was asked
 * advances a process; anything else becomes an "unmatched reply" task or is ignored. A reply
 * whose token is not known yet (its question's transaction may not have committed) is held and
 * retried for a grace period.
 */
@Component
public class CaseReplyRouter implements InboundMailHandler {

    private static final Logger log = LoggerFactory.getLogger(CaseReplyRouter.class);

    private final ReplyExpectations expectations;
    private final CaseRepository cases;
    private final RuntimeService runtime;
    private final UnmatchedReplies unmatched;
    private final HeldReplies held;
    private final CaseSettings settings;
    private final QuestionAnswers answers;

    public CaseReplyRouter(ReplyExpectations expectations, CaseRepository cases, RuntimeService runtime,
                           UnmatchedReplies unmatched, HeldReplies held, CaseSettings settings,
                           QuestionAnswers answers) {
        this.expectations = expectations;
        this.cases = cases;
        this.runtime = runtime;
        this.unmatched = unmatched;
        this.held = held;
        this.settings = settings;
        this.answers = answers;
    }

    @Override
    public String handle(InboundMail mail) {
        if (mail.kind() == MailKind.AUTO_REPLY) {
            log.info("Auto-reply {} from {} ignored", mail.messageId(), mail.from());
            return "auto-reply ignored";
        }
        Optional<String> bounceToken = bounceToken(mail);
        // a report to a question's VERP address from the null sender is a bounce, however it is worded
        if (mail.kind() == MailKind.BOUNCE || bounceToken.isPresent() && "".equals(mail.returnPath())) {
            return reportBounce(mail, bounceToken);
        }
        if (bounceToken.isPresent()) {
            return unmatched.open(mail, "sent to the bounce address of a question, not to its reply address",
                    caseNumberIn(mail));
        }
        Optional<String> token = replyToken(mail);
        if (token.isEmpty()) {
            return unmatched.open(mail, "no reply token in the recipient address", caseNumberIn(mail));
        }
        Optional<ReplyExpectations.Expectation> expectation = expectations.byToken(token.get());
        if (expectation.isEmpty()) {
            held.hold(mail, ReplyExpectations.hash(token.get()));
            return "held: token not known (yet)";
        }
        return deliver(mail, expectation.get(), true);
    }

    /**
     * Applies a reply to its question. With {@code holdIfNotReady} a process not yet at its wait
     * state holds the reply for a retry; without it (the retry itself) the caller decides.
     *
     * @return the outcome, or null when the process was not ready and nothing was done
     */
    String deliver(InboundMail mail, ReplyExpectations.Expectation expectation, boolean holdIfNotReady) {
        String caseNumber = cases.find(expectation.caseId()).map(SupportCase::caseNumber).orElse(null);
        if (!expectation.isWaiting()) {
            return unmatched.open(mail, "the question was already answered or is closed", caseNumber);
        }
        if (!expectation.expectedSender().equalsIgnoreCase(mail.from())) {
            return unmatched.open(mail, "sent by " + mail.from() + ", but the question went to "
                    + expectation.expectedSender(), caseNumber);
        }
        if (mail.sender().failed()) {
            log.warn("Reply {} claims to be from {}, but the receiving server's checks failed: {}", mail.messageId(),
                    mail.from(), mail.sender().detail());
            return unmatched.open(mail, "the receiving server could not confirm the sender " + mail.from()
                    + " (" + mail.sender().detail() + ")", caseNumber);
        }
        if (!answers.answer(expectation)) {
            if (holdIfNotReady) {
                held.hold(mail, expectation.tokenHash());
                return "held: " + caseNumber + " is not waiting for the reply yet";
            }
            return null;
        }
        String text = mail.replyText() == null || mail.replyText().isBlank() ? String.valueOf(mail.fullText())
                : mail.replyText();
        if (!mail.notices().isEmpty()) {
            text += "\n\n[" + String.join("]\n[", mail.notices()) + "]";
        }
        cases.addMessage(expectation.caseId(), "IN", "EMAIL", mail.from(), text, mail.messageId(), mail.attachments(),
                mail.originalId());
        log.info("Reply {} from {} answered the question of {}", mail.messageId(), mail.from(), caseNumber);
        return "reply correlated to " + caseNumber;
    }

    /** A failed mail reaches an agent as an unmatched reply, with its original to download. */
    @Override
    public String handleFailed(FailedMail mail) {
        return unmatched.openFailed(mail);
    }

    /**
     * The question a bounce concerns: by its VERP envelope sender (the report's recipient), else
     * by the Message-ID of our message that the report quotes or refers to.
     */
    private String reportBounce(InboundMail mail, Optional<String> bounceToken) {
        Optional<ReplyExpectations.Expectation> question = Stream.concat(
                        bounceToken.flatMap(expectations::byToken).stream(),
                        Stream.concat(Stream.ofNullable(mail.bouncedMessageId()),
                                        Stream.concat(mail.inReplyTo().stream(), mail.references().stream()))
                                .map(expectations::byQuestionMessageId)
                                .flatMap(Optional::stream))
                .filter(ReplyExpectations.Expectation::isWaiting)
                .findFirst();
        if (question.isEmpty()) {
            log.info("Bounce {} does not concern a waiting question; ignored", mail.messageId());
            return "bounce ignored: no waiting question";
        }
        ReplyExpectations.Expectation e = question.get();
        String excerpt = mail.fullText() == null ? "" : mail.fullText().strip();
        try {
            runtime.createMessageCorrelation(CaseProcesses.MSG_PARTNER_MAIL_BOUNCED)
                    .processInstanceId(e.processInstanceId())
                    .setVariables(Map.of(CaseProcesses.ASK_OUTCOME, "BOUNCED",
                            CaseProcesses.AGENT_NOTICE, "The question to " + e.expectedSender()
                                    + " could not be delivered: "
                                    + (excerpt.length() > 500 ? excerpt.substring(0, 500) + "…" : excerpt)))
                    .correlateWithResult();
        } catch (MismatchingMessageCorrelationException notListening) {
            // a process that does not wait for bounces (or no longer): an agent still has to know
            String caseNumber = cases.find(e.caseId()).map(SupportCase::caseNumber).orElse(null);
            return unmatched.open(mail, "the mail to " + e.expectedSender() + " could not be delivered", caseNumber);
        }
        log.warn("Question to {} bounced ({}); the agent is told", e.expectedSender(), mail.messageId());
        return "bounce reported to the agent";
    }

    /** The token from a recipient like support+TOKEN@domain (our support address with a detail part). */
    Optional<String> replyToken(InboundMail mail) {
        return tokenIn(mail.to(), "");
    }

    /** The token from a VERP envelope sender support+bounce-TOKEN@domain the mail was delivered to. */
    Optional<String> bounceToken(InboundMail mail) {
        return tokenIn(mail.allRecipients(), CaseSettings.BOUNCE_PREFIX);
    }

    private Optional<String> tokenIn(java.util.List<String> recipients, String detailPrefix) {
        String address = settings.supportAddress().toLowerCase(Locale.ROOT);
        int at = address.indexOf('@');
        String prefix = address.substring(0, at) + "+" + detailPrefix;
        String domain = address.substring(at);
        return recipients.stream()
                .map(a -> a.toLowerCase(Locale.ROOT))
                .filter(a -> a.startsWith(prefix) && a.endsWith(domain))
                .map(a -> a.substring(prefix.length(), a.length() - domain.length()))
                .filter(t -> t.matches("[a-z2-7]{26}"))
                .findFirst();
    }

    private static String caseNumberIn(InboundMail mail) {
        if (mail.subject() == null) {
            return null;
        }
        var m = java.util.regex.Pattern.compile("\\[(CASE-\\d{6,})]").matcher(mail.subject());
        return m.find() ? m.group(1) : null;
    }
}
