package com.partnerflow.registration;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.audit.AuditLog;
import com.partnerflow.config.EngineClock;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.mail.EmailAddresses;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The partner-facing side of registration. Each call is one transaction that spans our tables
 * and the engine: a registration row, its code request and the process start commit together.
 */
@Service
public class RegistrationService {

    private static final Logger log = LoggerFactory.getLogger(RegistrationService.class);

    private final RegistrationRepository registrations;
    private final PartnerDirectory directory;
    private final BusinessEmailPolicy emailPolicy;
    private final PasswordPolicy passwordPolicy;
    private final PasswordEncoder passwordEncoder;
    private final SecurityCodes codes;
    private final RegistrationSettings settings;
    private final RuntimeService runtime;
    private final AuditLog audit;
    private final EngineClock clock;

    public RegistrationService(RegistrationRepository registrations, PartnerDirectory directory,
                               BusinessEmailPolicy emailPolicy, PasswordPolicy passwordPolicy,
                               PasswordEncoder passwordEncoder, SecurityCodes codes, RegistrationSettings settings,
                               RuntimeService runtime, AuditLog audit, EngineClock clock) {
        this.registrations = registrations;
        this.directory = directory;
        this.emailPolicy = emailPolicy;
        this.passwordPolicy = passwordPolicy;
        this.passwordEncoder = passwordEncoder;
        this.codes = codes;
        this.settings = settings;
        this.runtime = runtime;
        this.audit = audit;
        this.clock = clock;
    }

    public record NewRegistration(String email, String firstName, String lastName, String password,
                                  String companyName, String language, String sourceAddress) {
    }

    @Transactional
    public Registration register(NewRegistration request) {
        String email = request.email().trim().toLowerCase(Locale.ROOT);
        String domain = BusinessEmailPolicy.domainOf(email);
        emailPolicy.requireBusinessAddress(email);
        passwordPolicy.check(request.password());
        if (directory.emailTaken(email)) {
            throw new ApiProblem(HttpStatus.CONFLICT, "already-registered",
                    "This address is already registered; sign in or reset the password instead.");
        }
        boolean accountExists = directory.findAccountIdByDomain(domain).isPresent();
        String company = request.companyName() == null ? null : request.companyName().trim();
        if (!accountExists && (company == null || company.isEmpty())) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "company-name-required",
                    "No partner account exists for " + domain + " yet: companyName is required to create it.");
        }
        requireCodeAllowance(email);

        Instant now = clock.now();
        Registration registration = new Registration(UUID.randomUUID(), email, domain, request.firstName().trim(),
                request.lastName().trim(), accountExists ? null : company, language(request.language()),
                passwordEncoder.encode(request.password()), RegistrationStatus.WAITING_FOR_CODE,
                request.sourceAddress(), now, null, null);
        registrations.insert(registration);
        registrations.requestCode(registration.id(), email);
        audit.record("RegistrationRequested", email, null, email, request.sourceAddress(),
                Map.of("domain", domain, "newAccount", !accountExists, "password", "set"));
        // The first step is asynchronous: this only creates its job, which runs after our commit.
        runtime.startProcessInstanceByKey(RegistrationProcess.KEY, registration.id().toString(),
                Map.of(RegistrationProcess.REGISTRATION_ID, registration.id().toString()));
        log.info("Registration {} started for domain {}", registration.id(), domain);
        return registration;
    }

    @Transactional(readOnly = true)
    public RegistrationView view(UUID id) {
        Registration r = registrations.find(id).orElseThrow(() -> notFound(id));
        SecurityCode code = r.status() == RegistrationStatus.REGISTERED || r.status() == RegistrationStatus.EXPIRED
                ? null : registrations.liveCode(id).orElse(null);
        return new RegistrationView(r.id(), r.status(), EmailAddresses.masked(r.email()),
                code == null ? null : code.expiresAt(),
                code == null ? null : Math.max(0, settings.maxFailedAttempts() - code.failedAttempts()),
                code != null && code.isPending(), r.userId(), r.createdAt(), r.completedAt());
    }

    /** Outcome of one code entry; every outcome commits (a wrong code must count). */
    public sealed interface Verification {
        record Verified(PartnerUser user) implements Verification { }
        record WrongCode(int attemptsLeft) implements Verification { }
    }

    @Transactional
    public Verification verify(UUID id, String code, String sourceAddress) {
        Registration r = registrations.lock(id).orElseThrow(() -> notFound(id));
        requireOpen(r);
        SecurityCode live = registrations.liveCode(id).orElseThrow(() -> new ApiProblem(HttpStatus.GONE,
                "code-expired", "There is no valid security code; request a new one."));
        if (live.isLocked()) {
            throw locked();
        }
        if (live.isPending()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "code-not-sent-yet",
                    "The security code is still being sent; try again when it has arrived.");
        }
        if (clock.now().isAfter(live.expiresAt())) {
            throw new ApiProblem(HttpStatus.GONE, "code-expired",
                    "The security code has expired; request a new one.");
        }
        if (!codes.matches(code, live.codeHash())) {
            int failed = live.failedAttempts() + 1;
            boolean lock = failed >= settings.maxFailedAttempts();
            registrations.recordFailedAttempt(live.id(), lock);
            if (lock) {
                registrations.setStatus(id, RegistrationStatus.LOCKED);
                audit.record("RegistrationLocked", r.email(), null, r.email(), sourceAddress,
                        Map.of("failedAttempts", failed));
                log.warn("Registration {} locked after {} wrong security codes", id, failed);
            }
            return new Verification.WrongCode(settings.maxFailedAttempts() - failed);
        }
        if (directory.emailTaken(r.email())) {
            throw new ApiProblem(HttpStatus.CONFLICT, "already-registered", "This address is already registered.");
        }
        registrations.markUsed(live.id());
        // Runs "Create partner account and user" synchronously, in this transaction.
        runtime.createMessageCorrelation(RegistrationProcess.MSG_CODE_VERIFIED)
                .processInstanceBusinessKey(id.toString())
                .correlate();
        UUID userId = registrations.find(id).map(Registration::userId).orElseThrow();
        return new Verification.Verified(directory.findUser(userId).orElseThrow());
    }

    @Transactional
    public Registration requestNewCode(UUID id, String sourceAddress) {
        Registration r = registrations.lock(id).orElseThrow(() -> notFound(id));
        requireOpen(r);
        requireCodeAllowance(r.email());
        try {
            runtime.createMessageCorrelation(RegistrationProcess.MSG_NEW_CODE_REQUESTED)
                    .processInstanceBusinessKey(id.toString())
                    .correlate();
        } catch (MismatchingMessageCorrelationException stillSending) {
            throw new ApiProblem(HttpStatus.CONFLICT, "code-being-sent",
                    "A security code is being sent right now; wait for it before asking for another.");
        }
        registrations.requestCode(id, r.email());
        registrations.setStatus(id, RegistrationStatus.WAITING_FOR_CODE);
        audit.record("SecurityCodeRequested", r.email(), null, r.email(), sourceAddress, Map.of());
        return registrations.find(id).orElseThrow();
    }

    private void requireOpen(Registration r) {
        switch (r.status()) {
            case REGISTERED -> throw new ApiProblem(HttpStatus.CONFLICT, "already-registered",
                    "This registration is already complete.");
            case EXPIRED -> throw new ApiProblem(HttpStatus.GONE, "registration-expired",
                    "This registration has expired; start a new one.");
            default -> { }
        }
    }

    private void requireCodeAllowance(String email) {
        Instant hourAgo = clock.now().minus(Duration.ofHours(1));
        if (registrations.codesRequestedSince(email, hourAgo) >= settings.maxCodesPerHour()) {
            long retryAfter = registrations.oldestCodeRequestSince(email, hourAgo)
                    .map(oldest -> Duration.between(clock.now(), oldest.plus(Duration.ofHours(1))).toSeconds() + 1)
                    .orElse(3600L);
            throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "too-many-codes",
                    "At most " + settings.maxCodesPerHour() + " security codes per address per hour.",
                    Map.of("retryAfterSeconds", retryAfter));
        }
    }

    private static ApiProblem locked() {
        return new ApiProblem(HttpStatus.LOCKED, "code-locked",
                "Too many wrong security codes: request a new code.");
    }

    private static ApiProblem notFound(UUID id) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "registration-not-found", "No registration " + id + ".");
    }

    private static String language(String requested) {
        return "ja".equalsIgnoreCase(requested) ? "ja" : "en";
    }


    public record RegistrationView(UUID id, RegistrationStatus status, String email, Instant codeExpiresAt,
                                   Integer attemptsLeft, boolean codeBeingSent, UUID userId, Instant createdAt,
                                   Instant completedAt) {
    }
}
