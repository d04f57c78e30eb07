package com.partnerflow.links;

import com.partnerflow.audit.AuditLog;
import com.partnerflow.config.EngineClock;
import com.partnerflow.mail.EmailAddresses;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Signed links: a partner answers a yes/no question of a process by following a link from an
 * email, instead of (or as well as) replying to it.
 *
 * <h2>How a process uses it</h2>
 * <ol>
 * <li>A delegate of the process issues the link and mails its URLs, in one step, right before
 * the process waits:
 * <pre>{@code
 * IssuedLink link = signedLinks.issue(NewLink.forProcess(execution,
 *         "Confirm the merge of your certification account into Acme Corp",
 *         partnerEmail, "LinkAnswered", Duration.ofDays(7)));
 * mail.send(new OutgoingMail(partnerEmail, language, "merge-question",
 *         Map.of("confirmUrl", link.confirmUrl(), "declineUrl", link.declineUrl())));
 * execution.setVariable("mergeQuestionLinkId", link.id().toString()); // optional; the id is not secret
 * }</pre>
 * The URLs carry the token: they go into the email only, never into a process variable or a
 * log line. If the step fails (mail server down), its transaction rolls back and the link row
 * with it; the retried job issues a fresh link.</li>
 * <li>The process then waits at a message catch event (or an event-based gateway branch) for
 * the message named in {@link NewLink#messageName()}:
 * <pre>{@code
 * <bpmn:message id="Message_LinkAnswered" name="LinkAnswered" />
 * <bpmn:intermediateCatchEvent id="Event_LinkAnswered" name="Answered by link" camunda:asyncAfter="true">
 *   <bpmn:messageEventDefinition messageRef="Message_LinkAnswered" />
 * </bpmn:intermediateCatchEvent>
 * }</pre>
 * {@code asyncAfter} is recommended: without it, the steps after the event run inside the
 * partner's request, and a failure there rolls the answer back and shows the partner an
 * error page instead of becoming an incident.</li>
 * <li>After the event the process reads the process variable {@value #DECISION_VARIABLE},
 * {@code "CONFIRM"} or {@code "DECLINE"}, e.g. {@code ${linkDecision == 'CONFIRM'}} on a
 * gateway's outgoing flow.</li>
 * <li>When the question is settled another way (the partner replied to the email, a timer
 * fired), the process calls {@link #revoke(String)}, or runs the ready-made
 * {@code ${revokeSignedLinksDelegate}} (a service task or an execution listener), so the link
 * answers "no longer works" instead of "no longer open". Call it before correlating the email
 * answer, in the same transaction: then a link answer racing it waits for that transaction
 * and is refused.</li>
 * </ol>
 *
 * <h2>Guarantees</h2>
 * Opening a link ({@link #view}) changes nothing, so a mail scanner fetching it confirms
 * nothing. {@link #answer} is one transaction: the link switches ISSUED → USED by a
 * conditional UPDATE and the message is correlated; if no process waits for the message the
 * whole transaction rolls back and the link stays ISSUED. A link is used at most once. Time is
 * the engine clock.
 */
@Service
public class SignedLinks {

    /** The process variable an answer sets: {@code "CONFIRM"} or {@code "DECLINE"}. */
    public static final String DECISION_VARIABLE = "linkDecision";

    private static final Logger log = LoggerFactory.getLogger(SignedLinks.class);
    private static final String ACTOR = "signed-links";

    private final SignedLinkRepository links;
    private final RuntimeService runtime;
    private final AuditLog audit;
    private final EngineClock clock;
    private final LinkSettings settings;

    public SignedLinks(SignedLinkRepository links, RuntimeService runtime, AuditLog audit, EngineClock clock,
                       LinkSettings settings) {
        this.links = links;
        this.runtime = runtime;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
    }

    /** What the question page shows. */
    public record LinkView(UUID id, String purpose, String maskedEmail, Instant expiresAt) {
    }

    /** A recorded answer. */
    public record Answered(UUID id, String purpose, LinkDecision decision) {
    }

    /** Creates the link for one question; joins the caller's transaction (the process step's). */
    @Transactional
    public IssuedLink issue(NewLink request) {
        String token = LinkTokens.newToken();
        Instant now = clock.now();
        SignedLink link = new SignedLink(UUID.randomUUID(), LinkTokens.hash(token), request.purpose(),
                request.expectedEmail(), request.processInstanceId(), request.messageName(), SignedLinkStatus.ISSUED,
                null, now, now.plus(request.validity()), null, null);
        links.insert(link);
        audit.record("SignedLinkIssued", ACTOR, null, link.expectedEmail(), null, parameters(link));
        log.info("Signed link {} issued for process {} (message {}), valid until {}", link.id(),
                link.processInstanceId(), link.messageName(), link.expiresAt());
        String page = settings.base() + "/links/" + token;
        return new IssuedLink(link.id(), URI.create(page),
                URI.create(page + "?choice=" + LinkDecision.CONFIRM.choice()),
                URI.create(page + "?choice=" + LinkDecision.DECLINE.choice()), link.expiresAt());
    }

    /**
     * Withdraws the open links of a process (those past their validity are closed as EXPIRED).
     *
     * @return how many links were closed
     */
    @Transactional
    public int revoke(String processInstanceId) {
        Instant now = clock.now();
        int closed = 0;
        for (SignedLink link : links.openLinksOf(processInstanceId)) {
            SignedLinkStatus status = link.isOverdue(now) ? SignedLinkStatus.EXPIRED : SignedLinkStatus.REVOKED;
            // false when an answer through the link got there first: that answer stands
            if (links.close(link.id(), status)) {
                audit.record(status == SignedLinkStatus.REVOKED ? "SignedLinkRevoked" : "SignedLinkExpired", ACTOR,
                        null, link.expectedEmail(), null, parameters(link));
                closed++;
            }
        }
        if (closed > 0) {
            log.info("Closed {} open signed link(s) of process {}", closed, processInstanceId);
        }
        return closed;
    }

    /** The question behind a token, if it can still be answered. Reads only: opening a link changes nothing. */
    @Transactional(readOnly = true)
    public LinkView view(String token) {
        SignedLink link = find(token);
        Instant now = clock.now();
        refuseIfClosed(link, now);
        if (!processWaitsFor(link)) {
            throw LinkRefused.questionClosed();
        }
        return new LinkView(link.id(), link.purpose(), EmailAddresses.masked(link.expectedEmail()), link.expiresAt());
    }

    /**
     * Records the answer and notifies the process, once. Refusals roll back, except that a link
     * found past its validity is marked EXPIRED on the way out.
     *
     * @throws LinkRefused unknown token (404), already used (409), expired or revoked (410), no
     *                     process waiting for the answer (409), another answer through the link still
     *                     in progress after the database's lock wait (409), no valid choice (400)
     */
    @Transactional(noRollbackFor = LinkRefused.Expired.class)
    public Answered answer(String token, LinkDecision decision, String sourceAddress) {
        if (decision == null) {
            throw LinkRefused.invalidChoice();
        }
        SignedLink link = find(token);
        Instant now = clock.now();
        // The row lock of this UPDATE is held until commit: a parallel answer waits here and then
        // finds the link USED (or, if this transaction rolls back, still ISSUED).
        if (!markUsed(link, decision, now, sourceAddress)) {
            SignedLink current = links.find(link.id()).orElseThrow(LinkRefused::notFound);
            if (current.status() == SignedLinkStatus.ISSUED && current.isOverdue(now)) {
                if (links.close(current.id(), SignedLinkStatus.EXPIRED)) {
                    audit.record("SignedLinkExpired", ACTOR, null, current.expectedEmail(), sourceAddress,
                            parameters(current));
                    log.info("Signed link {} tried after its validity; marked expired", current.id());
                }
                throw new LinkRefused.Expired();
            }
            refuseIfClosed(current, now);
            // still ISSUED and valid, yet not switched: only a concurrent answer can do that
            throw LinkRefused.alreadyUsed();
        }
        try {
            runtime.createMessageCorrelation(link.messageName())
                    .processInstanceId(link.processInstanceId())
                    .setVariable(DECISION_VARIABLE, decision.name())
                    .correlateWithResult();
        } catch (MismatchingMessageCorrelationException noneWaiting) {
            log.info("Signed link {} answered, but process {} no longer waits for {}; nothing recorded",
                    link.id(), link.processInstanceId(), link.messageName());
            throw LinkRefused.questionClosed(); // rolls back the switch to USED
        }
        Map<String, Object> parameters = parameters(link);
        parameters.put("decision", decision.name());
        audit.record("SignedLinkUsed", link.expectedEmail(), null, link.expectedEmail(), sourceAddress, parameters);
        log.info("Signed link {} answered {} for process {}", link.id(), decision, link.processInstanceId());
        return new Answered(link.id(), link.purpose(), decision);
    }

    private boolean markUsed(SignedLink link, LinkDecision decision, Instant now, String sourceAddress) {
        try {
            return links.markUsed(link.id(), decision, now, sourceAddress);
        } catch (PessimisticLockingFailureException | QueryTimeoutException lockWaitTimedOut) {
            // H2 gives up waiting for a row lock after 2 s (PostgreSQL waits); the other answer's
            // outcome is not known yet
            log.info("Signed link {} is being answered by another request; this answer was turned away", link.id());
            throw LinkRefused.busy();
        }
    }

    private SignedLink find(String token) {
        if (!LinkTokens.isWellFormed(token)) {
            throw LinkRefused.notFound();
        }
        return links.findByTokenHash(LinkTokens.hash(token)).orElseThrow(LinkRefused::notFound);
    }

    private static void refuseIfClosed(SignedLink link, Instant now) {
        switch (link.status()) {
            case USED -> throw LinkRefused.alreadyUsed();
            case REVOKED -> throw LinkRefused.revoked();
            case EXPIRED -> throw new LinkRefused.Expired();
            case ISSUED -> {
                if (link.isOverdue(now)) {
                    throw new LinkRefused.Expired();
                }
            }
        }
    }

    private boolean processWaitsFor(SignedLink link) {
        return runtime.createEventSubscriptionQuery().processInstanceId(link.processInstanceId())
                .eventType("message").eventName(link.messageName()).count() > 0;
    }

    private static Map<String, Object> parameters(SignedLink link) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("linkId", link.id().toString());
        parameters.put("processInstanceId", link.processInstanceId());
        parameters.put("messageName", link.messageName());
        parameters.put("purpose", link.purpose());
        parameters.put("expiresAt", link.expiresAt().toString());
        return parameters;
    }
}
