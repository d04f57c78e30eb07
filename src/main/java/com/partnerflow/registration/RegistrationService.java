package com.partnerflow.registration;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.audit.AuditLog;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.mail.EmailAddresses;
import com.partnerflow.securitycode.CodePurpose;
import com.partnerflow.securitycode.CodeRequest;
import com.partnerflow.securitycode.SecurityCode;
import com.partnerflow.securitycode.SecurityCodeDelivery;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
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
 * The code itself is the shared block's ({@link SecurityCodeDelivery}, purpose REGISTRATION):
 * the registration's id is its code request's id.
 *
 * <p>No answer tells whether an address is registered: a registration for an address that
 * already has a user is accepted like any other and behaves like one (same process, limits,
 * attempts, expiry), but its code request is not deliverable: no code is mailed and none
 * matches; the address's owner is mailed "someone tried to register with your address"
 * instead. Only the audit log (staff) records which it was.
 */
@Service
public class RegistrationService {

    private static final Logger log = LoggerFactory.getLogger(RegistrationService.class);

    private final RegistrationRepository registrations;
    private final PartnerDirectory directory;
    private final BusinessEmailPolicy emailPolicy;
    private final PasswordPolicy passwordPolicy;
    private final PasswordEncoder passwordEncoder;
    private final SecurityCodeDelivery codes;
    private final RuntimeService runtime;
    private final AuditLog audit;

    public RegistrationService(RegistrationRepository registrations, PartnerDirectory directory,
                               BusinessEmailPolicy emailPolicy, PasswordPolicy passwordPolicy,
                               PasswordEncoder passwordEncoder, SecurityCodeDelivery codes,
                               RuntimeService runtime, AuditLog audit) {
        this.registrations = registrations;
        this.directory = directory;
        this.emailPolicy = emailPolicy;
        this.passwordPolicy = passwordPolicy;
        this.passwordEncoder = passwordEncoder;
        this.codes = codes;
        this.runtime = runtime;
        this.audit = audit;
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
        boolean addressTaken = directory.emailTaken(email);
        boolean accountExists = directory.findAccountIdByDomain(domain).isPresent();
        String company = request.companyName() == null ? null : request.companyName().trim();
        if (!accountExists && (company == null || company.isEmpty())) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "company-name-required",
                    "No partner account exists for " + domain + " yet: companyName is required to create it.");
        }
        // 429 here, before any other work; a taken address gets an undeliverable request
        CodeRequest codeRequest = codes.openForCallActivity(UUID.randomUUID(), CodePurpose.REGISTRATION, email,
                !addressTaken, request.sourceAddress());

        Registration registration = new Registration(codeRequest.id(), email, domain, request.firstName().trim(),
                request.lastName().trim(), accountExists ? null : company, language(request.language()),
                passwordEncoder.encode(request.password()), RegistrationStatus.WAITING_FOR_CODE,
                request.sourceAddress(), codeRequest.createdAt(), null, null);
        registrations.insert(registration);
        audit.record("RegistrationRequested", email, null, email, request.sourceAddress(),
                Map.of("domain", domain, "newAccount", !accountExists, "password", "set",
                        "addressTaken", addressTaken));
        // Runs to the call activity, whose first step is asynchronous: this only creates its job.
        // business key: the masked address, what Cockpit shows of the instance (never the whole address)
        runtime.startProcessInstanceByKey(RegistrationProcess.KEY, EmailAddresses.masked(email),
                Map.of(RegistrationProcess.REGISTRATION_ID, registration.id().toString()));
        log.info("Registration {} started for domain {}", registration.id(), domain);
        return registration;
    }

    @Transactional(readOnly = true)
    public RegistrationView view(UUID id) {
        Registration r = registrations.find(id).orElseThrow(() -> notFound(id));
        SecurityCode code = r.status() == RegistrationStatus.REGISTERED || r.status() == RegistrationStatus.EXPIRED
                ? null : codes.liveCode(id).orElse(null);
        return new RegistrationView(r.id(), r.status(), EmailAddresses.masked(r.email()),
                code == null ? null : code.expiresAt(),
                code == null ? null : Math.max(0, codes.maxFailedAttempts() - code.failedAttempts()),
                code != null && code.isPending(), r.userId(), r.createdAt(), r.completedAt());
    }

    /** Outcome of one code entry; every outcome commits (a wrong code must count). */
    public sealed interface Verification {
        record Verified(PartnerUser user) implements Verification { }
        record WrongCode(int attemptsLeft) implements Verification { }
    }

    @Transactional
    public Verification verify(UUID id, String code, String sourceAddress) {
        CodeRequest request = lockCodeRequest(id);
        Registration r = registrations.find(id).orElseThrow(() -> notFound(id));
        requireOpen(r);
        SecurityCodeDelivery.Check check = codes.check(request, code);
        if (check instanceof SecurityCodeDelivery.Check.Wrong wrong) {
            if (wrong.lockedNow()) {
                registrations.setStatus(id, RegistrationStatus.LOCKED);
                audit.record("RegistrationLocked", r.email(), null, r.email(), sourceAddress,
                        Map.of("failedAttempts", codes.maxFailedAttempts()));
                log.warn("Registration {} locked after {} wrong security codes", id, codes.maxFailedAttempts());
            }
            return new Verification.WrongCode(wrong.attemptsLeft());
        }
        SecurityCodeDelivery.Check.Matches matches = check.matchOrThrow(() -> new ApiProblem(HttpStatus.GONE,
                "code-expired", "The security code has expired; request a new one."));
        if (directory.emailTaken(r.email())) { // registered meanwhile by another registration
            throw new ApiProblem(HttpStatus.CONFLICT, "already-registered", "This address is already registered.");
        }
        // Ends the delivery; the registration process carries on from its call activity and runs
        // "Create partner account and user" synchronously, in this transaction.
        codes.used(request, matches.codeId());
        UUID userId = registrations.find(id).map(Registration::userId).orElseThrow();
        return new Verification.Verified(directory.findUser(userId).orElseThrow());
    }

    @Transactional
    public Registration requestNewCode(UUID id, String sourceAddress) {
        CodeRequest request = lockCodeRequest(id);
        Registration r = registrations.find(id).orElseThrow(() -> notFound(id));
        requireOpen(r);
        if (codes.requestNewCode(request) == SecurityCodeDelivery.NewCode.PREVIOUS_STILL_BEING_SENT) {
            throw new ApiProblem(HttpStatus.CONFLICT, "code-being-sent",
                    "A security code is being sent right now; wait for it before asking for another.");
        }
        registrations.setStatus(id, RegistrationStatus.WAITING_FOR_CODE);
        audit.record("SecurityCodeRequested", r.email(), null, r.email(), sourceAddress, Map.of());
        return registrations.find(id).orElseThrow();
    }

    /**
     * Row-locks the registration's code request: concurrent answers for one registration queue
     * up here, and the code's expiry step takes the same lock first.
     */
    private CodeRequest lockCodeRequest(UUID id) {
        return codes.lock(id).filter(c -> c.purpose() == CodePurpose.REGISTRATION)
                .orElseThrow(() -> notFound(id));
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
