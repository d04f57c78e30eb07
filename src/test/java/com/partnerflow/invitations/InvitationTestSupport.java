package com.partnerflow.invitations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.partnerflow.security.SecretTokens;
import com.partnerflow.support.IntegrationTestBase;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestMailbox;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Inviting over the partner API and reading the link from the invitee's real mailbox. */
abstract class InvitationTestSupport extends IntegrationTestBase {

    static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };
    static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_LIST = new ParameterizedTypeReference<>() { };
    private static final Pattern LINK = Pattern.compile("/invitations/([A-Za-z0-9_-]{43})");

    @Autowired
    TestRestTemplate http;
    @Autowired
    InvitationRepository invitations;

    static Map<String, Object> invitee(String email, String... roles) {
        return Map.of("email", email, "roles", Arrays.asList(roles));
    }

    ResponseEntity<Map<String, Object>> invite(SignedInUser inviter, List<Map<String, Object>> invitees) {
        HttpHeaders headers = inviter.bearer();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange("/api/invitations", HttpMethod.POST,
                new HttpEntity<>(Map.of("invitees", invitees), headers), JSON);
    }

    /** Invites one address and returns the invitation's id (the invitation must succeed). */
    UUID inviteOne(SignedInUser inviter, Map<String, Object> invitee) {
        ResponseEntity<Map<String, Object>> answer = invite(inviter, List.of(invitee));
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getBody()).containsEntry("succeeded", 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = ((List<Map<String, Object>>) answer.getBody().get("results")).get(0);
        return UUID.fromString((String) result.get("invitationId"));
    }

    ResponseEntity<Map<String, Object>> withdraw(SignedInUser caller, UUID invitationId) {
        return http.exchange("/api/invitations/" + invitationId, HttpMethod.DELETE, new HttpEntity<>(caller.bearer()),
                JSON);
    }

    ResponseEntity<Map<String, Object>> registerThrough(String token, String password) {
        return registerThrough(token, Map.of("firstName", "Ivy", "lastName", "Invitee", "password", password));
    }

    ResponseEntity<Map<String, Object>> registerThrough(String token, Map<String, Object> form) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange("/api/invitations/" + token + "/registration", HttpMethod.POST,
                new HttpEntity<>(form, headers), JSON);
    }

    static String linkTokenIn(TestMailbox.Mail mail) {
        Matcher m = LINK.matcher(mail.text());
        if (!m.find()) {
            throw new AssertionError("No invitation link in: " + mail.text());
        }
        return m.group(1);
    }

    /** The token of the n-th mail to the address (1 = the invitation, 2 = the reminder). */
    /**
     * The link of the n-th mail, once it works: the mail leaves inside the job's transaction, so it
     * can land a moment before the link's row commits (no person clicks that fast; a test does).
     */
    String awaitLinkToken(String email, int n) {
        String token = linkTokenIn(mailbox.awaitMessage(email, n));
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> invitations.findByTokenHash(SecretTokens.storedForm(token)).isPresent());
        return token;
    }

    InvitationStatus statusOf(UUID invitationId) {
        return invitations.find(invitationId).orElseThrow().status();
    }

    ProcessInstance processOf(UUID invitationId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(InvitationProcess.KEY)
                .processInstanceBusinessKey(invitationId.toString()).singleResult();
    }

    HistoricProcessInstance historicProcessOf(UUID invitationId) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(InvitationProcess.KEY)
                .processInstanceBusinessKey(invitationId.toString()).singleResult();
    }

    /** Waits until the invitation is mailed and the process waits for the invitee. */
    void awaitWaitingForInvitee(UUID invitationId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.createEventSubscriptionQuery()
                .processInstanceId(historicProcessOf(invitationId).getId())
                .eventName(InvitationProcess.MSG_ACCEPTED).count() == 1);
    }

    String awaitEndedAt(UUID invitationId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> historicProcessOf(invitationId),
                p -> p.getEndTime() != null).getEndActivityId();
    }

    long auditEvents(String eventName, String target) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_name = ? AND target = ?")
                .params(eventName, target).query(Long.class).single();
    }

    List<String> auditParameters(String eventName, String target) {
        return jdbc.sql("SELECT parameters FROM audit_event WHERE event_name = ? AND target = ? ORDER BY id")
                .params(eventName, target).query(String.class).list();
    }
}
