package com.partnerflow.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Signed links end to end: issued against a real waiting process, used over HTTP like a
 * browser, on the real engine and database.
 */
@ExtendWith(OutputCaptureExtension.class)
class SignedLinksTest extends LinkTestSupport {

    @Value("${partnerflow.public-base-url}")
    String publicBaseUrl;

    @Test
    void issuedLinksPointAtTheQuestionPageWithAPreselectedAnswer() {
        ProcessInstance process = startQuestion();
        IssuedLink link = issueFor(process, "alice@" + newDomain(), Duration.ofDays(7));

        String token = tokenOf(link);
        assertThat(token).matches("[A-Za-z0-9_-]{43}"); // 32 bytes, base64url without padding
        assertThat(link.pageUrl()).hasToString(publicBaseUrl + "/links/" + token);
        assertThat(link.confirmUrl()).hasToString(publicBaseUrl + "/links/" + token + "?choice=confirm");
        assertThat(link.declineUrl()).hasToString(publicBaseUrl + "/links/" + token + "?choice=decline");
        assertThat(link.toString()).doesNotContain(token);
        Instant createdAt = jdbc.sql("SELECT created_at FROM signed_link WHERE id = ?").param(link.id())
                .query((rs, n) -> rs.getTimestamp(1).toInstant()).single();
        assertThat(link.expiresAt()).isEqualTo(createdAt.plus(Duration.ofDays(7)));
        assertThat(statusOf(link)).isEqualTo("ISSUED");
        assertThat(issueFor(process, "alice@" + newDomain(), Duration.ofDays(7)).pageUrl())
                .as("every link has its own token").isNotEqualTo(link.pageUrl());
    }

    @Test
    void openingTheLinkShowsTheQuestionAndChangesNothing() {
        String domain = newDomain();
        ProcessInstance process = startQuestion();
        IssuedLink link = issueFor(process, "alice@" + domain, Duration.ofDays(7));

        for (var url : List.of(link.confirmUrl(), link.declineUrl(), link.pageUrl(), link.confirmUrl())) {
            ResponseEntity<String> page = open(pathOf(url));
            assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(page.getHeaders().getContentType().toString()).startsWith("text/html");
            assertThat(page.getHeaders().getCacheControl()).isEqualTo("no-store");
            assertThat(page.getHeaders().getFirst("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(page.getBody())
                    .contains("Confirm the merge of your certification account into Acme Corp")
                    .contains("a***@" + domain).doesNotContain("alice@")
                    .contains("action=\"/links/" + tokenOf(link) + "\"")
                    .contains("name=\"choice\" value=\"confirm\"", "name=\"choice\" value=\"decline\"");
        }
        assertThat(open(pathOf(link.confirmUrl())).getBody()).contains("You chose <strong>Confirm</strong>");
        assertThat(open(pathOf(link.declineUrl())).getBody()).contains("You chose <strong>Decline</strong>");

        assertWaiting(process);
        assertThat(linkRow(link)).containsEntry("status", "ISSUED").containsEntry("decision", null)
                .containsEntry("used_at", null);
        assertThat(auditEvents(link, "SignedLinkUsed")).isEmpty();
    }

    @Test
    void confirmingAdvancesTheProcessOnce() {
        ProcessInstance process = startQuestion();
        IssuedLink link = issueFor(process, "alice@" + newDomain(), Duration.ofDays(7));

        ResponseEntity<String> answered = press(tokenOf(link), "confirm");

        assertThat(answered.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answered.getBody()).contains("your answer has been recorded")
                .contains("You answered: <strong>Confirm</strong>");
        assertThat(process).isEnded().hasPassedInOrder(WAIT_EVENT, "Gateway_Decision", "End_Confirmed")
                .hasNotPassed("End_Declined");
        assertThat(decisionRecordedFor(process)).isEqualTo("CONFIRM");
        Map<String, Object> row = linkRow(link);
        assertThat(row).containsEntry("status", "USED").containsEntry("decision", "CONFIRM");
        assertThat(row.get("used_from")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(row.get("used_at")).isNotNull();
        assertThat(auditEvents(link, "SignedLinkUsed")).singleElement().asString()
                .contains("\"decision\":\"CONFIRM\"").contains(process.getId());

        ResponseEntity<String> again = press(tokenOf(link), "decline");
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getBody()).contains("This question has already been answered");
        assertThat(open(pathOf(link.confirmUrl())).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(linkRow(link)).containsEntry("decision", "CONFIRM");
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(process.getId())
                .activityId(WAIT_EVENT).count()).isEqualTo(1);
    }

    @Test
    void decliningTakesTheOtherPath() {
        ProcessInstance process = startQuestion();
        IssuedLink link = issueFor(process, "bob@" + newDomain(), Duration.ofDays(7));

        ResponseEntity<String> answered = press(tokenOf(link), "decline");

        assertThat(answered.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answered.getBody()).contains("You answered: <strong>Decline</strong>");
        assertThat(process).isEnded().hasPassed("End_Declined").hasNotPassed("End_Confirmed");
        assertThat(decisionRecordedFor(process)).isEqualTo("DECLINE");
        assertThat(linkRow(link)).containsEntry("status", "USED").containsEntry("decision", "DECLINE");
    }

    @Test
    void anExpiredLinkIsRefusedAndTheProcessKeepsWaiting() {
        ProcessInstance process = startQuestion();
        IssuedLink link = issueFor(process, "late@" + newDomain(), Duration.ofHours(48));

        moveClockBy(Duration.ofHours(47));
        assertThat(open(pathOf(link.confirmUrl())).getStatusCode()).isEqualTo(HttpStatus.OK);
        moveClockBy(Duration.ofHours(1));

        ResponseEntity<String> page = open(pathOf(link.confirmUrl()));
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.GONE);
        assertThat(page.getBody()).contains("This link has expired");
        assertThat(statusOf(link)).as("opening changes nothing").isEqualTo("ISSUED");

        ResponseEntity<String> answered = press(tokenOf(link), "confirm");
        assertThat(answered.getStatusCode()).isEqualTo(HttpStatus.GONE);
        assertThat(answered.getBody()).contains("This link has expired").contains("Nothing was recorded");
        assertWaiting(process);
        assertThat(linkRow(link)).containsEntry("status", "EXPIRED").containsEntry("decision", null);
        assertThat(auditEvents(link, "SignedLinkExpired")).hasSize(1);
        assertThat(press(tokenOf(link), "confirm").getStatusCode()).isEqualTo(HttpStatus.GONE);
    }

    @Test
    void unknownAndMalformedTokensAreNotFound() {
        ProcessInstance process = startQuestion();
        IssuedLink link = issueFor(process, "alice@" + newDomain(), Duration.ofDays(7));
        String token = tokenOf(link);
        String unknown = (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1);

        for (String path : List.of("/links/" + unknown, "/links/" + unknown + "?choice=confirm", "/links/abc",
                "/links/" + token + "x")) {
            ResponseEntity<String> page = open(path);
            assertThat(page.getStatusCode()).as(path).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(page.getBody()).contains("This link is not valid");
        }
        assertThat(press(unknown, "confirm").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(press(token.substring(1), "confirm").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertWaiting(process);
        assertThat(statusOf(link)).isEqualTo("ISSUED");
    }

    @Test
    void aPostWithoutAValidChoiceChangesNothing() {
        ProcessInstance process = startQuestion();
        IssuedLink link = issueFor(process, "alice@" + newDomain(), Duration.ofDays(7));

        for (String choice : new String[] {null, "", "maybe", "CONFIRMED"}) {
            ResponseEntity<String> answered = press(tokenOf(link), choice);
            assertThat(answered.getStatusCode()).as("choice %s", choice).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(answered.getBody()).contains("Please choose an answer");
        }
        assertWaiting(process);
        assertThat(statusOf(link)).isEqualTo("ISSUED");
        assertThat(press(tokenOf(link), "CONFIRM").getStatusCode()).as("case does not matter").isEqualTo(HttpStatus.OK);
    }

    @Test
    void aRevokedLinkIsRefused() {
        ProcessInstance process = startQuestion();
        IssuedLink link = issueFor(process, "mail@" + newDomain(), Duration.ofDays(7));
        IssuedLink overdue = issueFor(process, "mail@" + newDomain(), Duration.ofMinutes(5));
        moveClockBy(Duration.ofMinutes(10));

        assertThat(links.revoke(process.getId())).isEqualTo(2);
        assertThat(links.revoke(process.getId())).as("nothing left to revoke").isZero();

        assertThat(statusOf(link)).isEqualTo("REVOKED");
        assertThat(statusOf(overdue)).as("past its validity: expired, not revoked").isEqualTo("EXPIRED");
        assertThat(open(pathOf(link.confirmUrl())).getStatusCode()).isEqualTo(HttpStatus.GONE);
        ResponseEntity<String> answered = press(tokenOf(link), "confirm");
        assertThat(answered.getStatusCode()).isEqualTo(HttpStatus.GONE);
        assertThat(answered.getBody()).contains("This link no longer works");
        assertWaiting(process);
        assertThat(statusOf(link)).isEqualTo("REVOKED");
        assertThat(auditEvents(link, "SignedLinkRevoked")).hasSize(1);
    }

    @Test
    void whenNoProcessWaitsAnymoreTheAnswerRollsBack() {
        ProcessInstance process = startQuestion();
        IssuedLink link = issueFor(process, "alice@" + newDomain(), Duration.ofDays(7));
        // answered another way, without revoking the link (e.g. a process that forgot to)
        runtime.createMessageCorrelation(MESSAGE).processInstanceId(process.getId())
                .setVariable(SignedLinks.DECISION_VARIABLE, "DECLINE").correlate();
        assertThat(process).isEnded().hasPassed("End_Declined");

        assertThat(open(pathOf(link.confirmUrl())).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        ResponseEntity<String> answered = press(tokenOf(link), "confirm");

        assertThat(answered.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(answered.getBody()).contains("This question is no longer open").contains("Nothing was recorded");
        assertThat(linkRow(link)).as("the switch to USED was rolled back")
                .containsEntry("status", "ISSUED").containsEntry("decision", null).containsEntry("used_at", null);
        assertThat(auditEvents(link, "SignedLinkUsed")).isEmpty();
        assertThat(decisionRecordedFor(process)).isEqualTo("DECLINE");
    }

    @Test
    void issuingRefusesAnIncompleteQuestion() {
        ProcessInstance process = startQuestion();
        assertThatThrownBy(() -> new NewLink(" ", "a@b.example", process.getId(), MESSAGE, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("purpose");
        assertThatThrownBy(() -> new NewLink("Q?", "not-an-address", process.getId(), MESSAGE, Duration.ofDays(1)))
                .hasMessageContaining("email");
        assertThatThrownBy(() -> new NewLink("Q?", "a@b.example", null, MESSAGE, Duration.ofDays(1)))
                .hasMessageContaining("process instance id");
        assertThatThrownBy(() -> new NewLink("Q?", "a@b.example", process.getId(), "", Duration.ofDays(1)))
                .hasMessageContaining("message name");
        assertThatThrownBy(() -> new NewLink("Q?", "a@b.example", process.getId(), MESSAGE, Duration.ZERO))
                .hasMessageContaining("validity");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signed_link WHERE process_instance_id = ?").param(process.getId())
                .query(Long.class).single()).isZero();
    }

    @Test
    void theTokenIsNeverStoredLoggedOrPutIntoTheProcess(CapturedOutput output) throws Exception {
        ProcessInstance process = startQuestion();
        IssuedLink link = issueFor(process, "secret@" + newDomain(), Duration.ofDays(7));
        String token = tokenOf(link);
        open(pathOf(link.confirmUrl()));
        press(token, "confirm");
        press(token, "confirm");
        assertThat(process).isEnded();

        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.US_ASCII)));
        assertThat(linkRow(link)).containsEntry("token_hash", sha256);
        assertThat(textColumnsContaining(token)).as("columns holding the token").isEmpty();

        List<HistoricVariableInstance> variables = history.createHistoricVariableInstanceQuery()
                .processInstanceId(process.getId()).list();
        assertThat(variables).extracting(HistoricVariableInstance::getName)
                .containsExactly(SignedLinks.DECISION_VARIABLE);
        assertThat(history.createHistoricDetailQuery().processInstanceId(process.getId()).list())
                .allSatisfy(detail -> assertThat(String.valueOf(detail)).doesNotContain(token));
        assertThat(output.getAll()).doesNotContain(token).doesNotContain(sha256).contains(link.id().toString());
    }

    private String decisionRecordedFor(ProcessInstance process) {
        return (String) history.createHistoricVariableInstanceQuery().processInstanceId(process.getId())
                .variableName(SignedLinks.DECISION_VARIABLE).singleResult().getValue();
    }

    private List<String> auditEvents(IssuedLink link, String eventName) {
        return jdbc.sql("SELECT parameters FROM audit_event WHERE event_name = ? AND parameters LIKE ?")
                .params(eventName, "%" + link.id() + "%").query(String.class).list();
    }

    /** Every character column of every table of the schema (ours and the engine's) that holds the text. */
    private List<String> textColumnsContaining(String text) {
        List<Map<String, Object>> columns = jdbc.sql("""
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = CURRENT_SCHEMA
                  AND LOWER(data_type) IN ('character varying', 'varchar', 'text', 'character', 'character large object',
                                           'clob')""").query().listOfRows();
        assertThat(columns).as("character columns found").hasSizeGreaterThan(50);
        String pattern = "%" + text.replace("!", "!!").replace("_", "!_").replace("%", "!%") + "%";
        return columns.stream()
                .map(c -> "\"" + c.get("table_name") + "\".\"" + c.get("column_name") + "\"")
                .filter(column -> jdbc.sql("SELECT COUNT(*) FROM " + column.substring(0, column.indexOf('.'))
                                + " WHERE " + column.substring(column.indexOf('.') + 1) + " LIKE ? ESCAPE '!'")
                        .param(pattern).query(Long.class).single() > 0)
                .toList();
    }
}
