package com.partnerflow.securitycode;

import com.partnerflow.mail.EmailAddresses;
import com.partnerflow.api.ApiProblem;
import com.partnerflow.config.EngineClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Emailed one-time codes, the one block behind registration, MFA sign-in and password reset
 * ({@link SecurityCodeSettings}: 6 digits from {@code SecureRandom}, bcrypt-hashed, valid 15
 * minutes, 5 wrong entries lock the code, 5 codes per address per hour). It depends on no
 * capability: what is mailed for a purpose comes from that purpose's {@link SecurityCodeMail}.
 *
 * <p>Each {@link CodeRequest} runs one {@code security-code-delivery} process (variable
 * {@code codeRequestId}, which messages are correlated on; business key: the masked address, or
 * the calling registration's), deliverable or not, so both kinds cost the caller the same
 * work: it sends the code in an asynchronous, retried step, then waits for the code's use, a new
 * code, a withdrawal or the end of its validity. MFA and reset start it on its own
 * ({@link #open}); registration calls it from its own process ({@link #openForCallActivity}).
 * Every method joins the caller's transaction, so the caller's own row changes, the code rows
 * and the engine's state commit together.
 */
@Service
public class SecurityCodeDelivery {

    private final CodeRequests requests;
    private final SecurityCodes codes;
    private final SecurityCodeSettings settings;
    private final RuntimeService runtime;
    private final EngineClock clock;
    /** Compared against when there is no hash, so a never-sent code takes as long to refuse as a real one. */
    private final String dummyHash;

    public SecurityCodeDelivery(CodeRequests requests, SecurityCodes codes, SecurityCodeSettings settings,
                                RuntimeService runtime, EngineClock clock) {
        this.requests = requests;
        this.codes = codes;
        this.settings = settings;
        this.runtime = runtime;
        this.clock = clock;
        this.dummyHash = codes.hash(UUID.randomUUID().toString());
    }

    /**
     * Opens a request and its first code, and starts its delivery process. With a user the code
     * is mailed; without one (an address that may not receive it) the same process runs, but
     * records the code as NOT_SENT: it counts for the hourly limit and expires like a real one,
     * but never matches.
     *
     * @throws ApiProblem 429 when the address had its codes for this hour
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public CodeRequest open(CodePurpose purpose, String email, UUID userId, String sourceAddress) {
        CodeRequest request = record(UUID.randomUUID(), purpose, email, userId, userId != null, sourceAddress);
        // the first step is asynchronous: this only creates its job, which runs after the commit
        runtime.startProcessInstanceByKey(CodeDeliveryProcess.KEY, EmailAddresses.masked(email), Map.of(
                CodeDeliveryProcess.CODE_REQUEST_ID, request.id().toString(),
                CodeDeliveryProcess.PURPOSE, purpose.name()));
        return request;
    }

    /**
     * Opens a request and its first code for a caller whose own process runs
     * {@code security-code-delivery} as a call activity, with {@code codeRequestId} = {@code id}
     * and {@code purpose} passed in (and its own business key).
     *
     * @throws ApiProblem 429 when the address had its codes for this hour
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public CodeRequest openForCallActivity(UUID id, CodePurpose purpose, String email, boolean deliverable,
                                           String sourceAddress) {
        return record(id, purpose, email, null, deliverable, sourceAddress);
    }

    private CodeRequest record(UUID id, CodePurpose purpose, String email, UUID userId, boolean deliverable,
                               String sourceAddress) {
        requireAllowance(email);
        CodeRequest request = new CodeRequest(id, purpose, email, userId, deliverable, CodeRequest.Status.OPEN,
                clock.now(), null, sourceAddress);
        requests.insert(request);
        requests.requestCode(request);
        return request;
    }

    /** Reads and row-locks a request: concurrent entries and new codes for one request take turns. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<CodeRequest> lock(UUID id) {
        return requests.lock(id);
    }

    /** The code the request waits for, if any (for views: expiry, attempts left, still being sent). */
    public Optional<SecurityCode> liveCode(UUID requestId) {
        return requests.liveCode(requestId);
    }

    /** Whether a new code was recorded, or the previous one is still on its way (nothing changed). */
    public enum NewCode { REQUESTED, PREVIOUS_STILL_BEING_SENT }

    /**
     * Replaces the request's code by a new one. The caller holds the request's row lock and has
     * checked that it is open.
     *
     * @throws ApiProblem 429 when the address had its codes for this hour
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public NewCode requestNewCode(CodeRequest request) {
        requireAllowance(request.email());
        // correlateAll, not correlate: "nobody waits" is an answer here, and a failed correlate
        // would mark the caller's whole transaction rollback-only (a 500 instead of the answer)
        boolean processListened = !runtime.createMessageCorrelation(CodeDeliveryProcess.MSG_NEW_CODE)
                .processInstanceVariableEquals(CodeDeliveryProcess.CODE_REQUEST_ID, request.id().toString())
                .correlateAllWithResult().isEmpty();
        if (!processListened) {
            return NewCode.PREVIOUS_STILL_BEING_SENT;
        }
        requests.requestCode(request);
        return NewCode.REQUESTED;
    }

    /** Outcome of one code entry. */
    public sealed interface Check {
        record Matches(UUID codeId) implements Check { }
        /** Wrong; {@code lockedNow} when this entry used up the attempts (the code is locked). */
        record Wrong(int attemptsLeft, boolean lockedNow) implements Check { }
        /** The code was locked by earlier wrong entries: a new one is needed. */
        record Locked() implements Check { }
        record Expired() implements Check { }
        record NotSentYet() implements Check { }

        /**
         * The match, or the refusal every purpose answers for an entry that is neither a match nor
         * {@link Wrong} (a wrong entry is the caller's to answer, before this): 423
         * {@code code-locked}, 409 {@code code-not-sent-yet}, or the caller's own 410 for an
         * expired code (each purpose says how to go on).
         */
        default Matches matchOrThrow(Supplier<ApiProblem> expired) {
            if (this instanceof Matches matches) {
                return matches;
            }
            if (this instanceof Locked) {
                throw new ApiProblem(HttpStatus.LOCKED, "code-locked", "Too many wrong codes: request a new code.");
            }
            if (this instanceof NotSentYet) {
                throw new ApiProblem(HttpStatus.CONFLICT, "code-not-sent-yet",
                        "The code is still being sent; try again when it has arrived.");
            }
            if (this instanceof Wrong) {
                throw new IllegalStateException("A wrong code is answered by the caller");
            }
            throw expired.get();
        }
    }

    /** Checks a code entry against the request's live code; a wrong one counts. The caller holds the row lock. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Check check(CodeRequest request, String code) {
        Optional<SecurityCode> live = requests.liveCode(request.id());
        if (live.isEmpty() || isExpired(request, clock.now())) {
            return new Check.Expired();
        }
        SecurityCode current = live.get();
        if (current.isPending()) {
            // The mail may have arrived before its sending job committed (the mail goes out inside
            // that transaction, which holds the code's row): a person quick to type it, or a client,
            // waits for that commit here instead of being told the code was not sent yet.
            current = requests.codeOnceSent(current.id()).orElse(current);
        }
        if (current.isLocked()) {
            return new Check.Locked();
        }
        if (current.isPending()) {
            return new Check.NotSentYet();
        }
        boolean matches;
        if (current.codeHash() == null) { // NOT_SENT: refused, after as much work as a real comparison
            codes.matches(code, dummyHash);
            matches = false;
        } else {
            matches = codes.matches(code, current.codeHash());
        }
        if (matches) {
            return new Check.Matches(current.id());
        }
        int failed = current.failedAttempts() + 1;
        boolean lock = failed >= settings.maxFailedAttempts();
        requests.recordFailedAttempt(current.id(), lock);
        return new Check.Wrong(Math.max(0, settings.maxFailedAttempts() - failed), lock);
    }

    /** True once the request's newest code has passed its validity (or the process expired it). */
    public boolean isExpired(CodeRequest request, Instant now) {
        if (request.status() == CodeRequest.Status.EXPIRED) {
            return true;
        }
        return requests.liveCode(request.id())
                .map(code -> code.expiresAt() != null && now.isAfter(code.expiresAt()))
                .orElse(request.status() == CodeRequest.Status.OPEN);
    }

    /**
     * The code was right: it is used up, the request is complete, and its process finishes (in
     * this transaction: a calling process carries on from its call activity here too).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void used(CodeRequest request, UUID codeId) {
        requests.markUsed(codeId);
        requests.setStatus(request.id(), CodeRequest.Status.COMPLETED);
        runtime.createMessageCorrelation(CodeDeliveryProcess.MSG_CODE_USED)
                .processInstanceVariableEquals(CodeDeliveryProcess.CODE_REQUEST_ID, request.id().toString())
                .correlate();
    }

    /** Ends the request without use (e.g. sign-in locked): its codes die and its process ends. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void withdraw(CodeRequest request, CodeRequest.Status status) {
        requests.expireCodes(request.id());
        requests.setStatus(request.id(), status);
        // if the process is still at its sending step there is nothing to correlate: that step then
        // finds no pending code, sends nothing, and the validity timer ends the process
        runtime.createMessageCorrelation(CodeDeliveryProcess.MSG_WITHDRAWN)
                .processInstanceVariableEquals(CodeDeliveryProcess.CODE_REQUEST_ID, request.id().toString())
                .correlateAll();
    }

    /** @throws ApiProblem 429 with {@code retryAfterSeconds} when the address had its codes for this hour */
    public void requireAllowance(String email) {
        Instant now = clock.now();
        Instant hourAgo = now.minus(Duration.ofHours(1));
        if (requests.codesRequestedSince(email, hourAgo) >= settings.maxCodesPerHour()) {
            long retryAfter = requests.oldestCodeRequestSince(email, hourAgo)
                    .map(oldest -> Duration.between(now, oldest.plus(Duration.ofHours(1))).toSeconds() + 1)
                    .orElse(3600L);
            throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "too-many-codes",
                    "At most " + settings.maxCodesPerHour() + " security codes per address per hour.",
                    Map.of("retryAfterSeconds", retryAfter));
        }
    }

    public int maxFailedAttempts() {
        return settings.maxFailedAttempts();
    }

    public Duration codeValidity() {
        return settings.codeValidity();
    }
}
