package com.partnerflow.cases;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.partnerflow.directory.PartnerUser;
import com.partnerflow.mail.inbound.InboundMail;
import com.partnerflow.mail.inbound.MailKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What an inbound mail may and may not do to a waiting question. */
@Tag("database")
class CaseReplyRouterTest extends CaseTestSupport {

    @Autowired
    HeldReplies held;


    @Test
    void aSpoofedSenderNeverAdvancesTheCase() {
        Asked asked = askedCase("en");
        String spoofer = "mallory-" + UUID.randomUUID() + "@evil.example";
        assertThat(deliver(replyTo(asked.question(), spoofer, "Keep #2")))
                .startsWith("unmatched: sent by " + spoofer);
        assertThat(stillWaiting(asked)).isTrue();
        assertThat(unmatchedTasksFrom(spoofer)).isEqualTo(1);
    }

    @Test
    void aMailWithoutTokenBecomesAnUnmatchedReply() {
        Asked asked = askedCase("en");
        InboundMail plain = new InboundMail("<" + UUID.randomUUID() + "@x>", List.of(), List.of(),
                asked.partner().email(), List.of("support@partnerflow.local"),
                "About [" + asked.supportCase().caseNumber() + "]", "Keep #1", "Keep #1", List.of(), Instant.now(),
                MailKind.REPLY, null);
        assertThat(deliver(plain)).isEqualTo("unmatched: no reply token in the recipient address");
        assertThat(stillWaiting(asked)).isTrue();
        assertThat(tasks.createTaskQuery().processDefinitionKey(CaseProcesses.UNMATCHED_REPLY)
                .processVariableValueEquals(CaseProcesses.CASE_NUMBER, asked.supportCase().caseNumber()).count())
                .isEqualTo(1);
    }

    @Test
    void autoRepliesAreIgnored() {
        Asked asked = askedCase("en");
        InboundMail outOfOffice = replyTo(asked.question(), asked.partner().email(), "I am out of office");
        outOfOffice = new InboundMail(outOfOffice.messageId(), outOfOffice.inReplyTo(), outOfOffice.references(),
                outOfOffice.from(), outOfOffice.to(), "Automatic reply", outOfOffice.replyText(),
                outOfOffice.fullText(), List.of(), Instant.now(), MailKind.AUTO_REPLY, null);
        assertThat(deliver(outOfOffice)).isEqualTo("auto-reply ignored");
        assertThat(stillWaiting(asked)).isTrue();
    }

    @Test
    void aSecondAnswerToTheSameQuestionIsNotAppliedAgain() {
        Asked asked = askedCase("en");
        assertThat(deliver(replyTo(asked.question(), asked.partner().email(), "Keep #1"))).startsWith("reply correlated");
        awaitAgentTask(asked.supportCase());
        int messages = caseRepository.messages(asked.supportCase().id()).size();

        assertThat(deliver(replyTo(asked.question(), asked.partner().email(), "Keep #1 (sent twice)")))
                .isEqualTo("unmatched: the question was already answered or is closed");
        assertThat(caseRepository.messages(asked.supportCase().id())).hasSize(messages);
    }

    @Test
    void aReplyHeldBeforeItsQuestionWasReadyIsDeliveredWhenItIs() {
        Asked asked = askedCase("en");
        InboundMail early = replyTo(asked.question(), asked.partner().email(), "Early bird");
        String token = asked.question().replyTo().substring("support+".length(), "support+".length() + 26);
        // what the router does when the token is not known yet (its question not yet committed)
        tx.executeWithoutResult(s -> held.hold(early, ReplyExpectations.hash(token)));

        awaitAgentTask(asked.supportCase());
        await().until(() -> !stillWaiting(asked));
        assertThat(caseRepository.messages(asked.supportCase().id())).extracting(CaseMessage::body).contains("Early bird");
        assertThat(jdbc.sql("SELECT status FROM held_reply WHERE mail_message_id = ?").param(early.messageId())
                .query(String.class).single()).isEqualTo("DELIVERED");
    }

    @Test
    void aTokenThatMatchesNothingIsHeldThenGoesToAnAgent() {
        PartnerUser partner = newPartner("en");
        InboundMail stray = new InboundMail("<" + UUID.randomUUID() + "@x>", List.of(), List.of(), partner.email(),
                List.of("support+abcdefghijklmnopqrstuvwxyz@partnerflow.local"), "Re: something", "Hello", "Hello",
                List.of(), Instant.now(), MailKind.REPLY, null);
        assertThat(deliver(stray)).isEqualTo("held: token not known (yet)");
        assertThat(unmatchedTasksFrom(partner.email())).isZero();

        moveClockBy(Duration.ofMinutes(11)); // past partnerflow.cases.held-reply-grace
        await().atMost(Duration.ofSeconds(30)).until(() -> unmatchedTasksFrom(partner.email()) == 1);
        assertThat(jdbc.sql("SELECT status FROM held_reply WHERE mail_message_id = ?").param(stray.messageId())
                .query(String.class).single()).isEqualTo("UNMATCHED");
    }

    @Test
    void aJapaneseReplyIsStoredAsWritten() {
        Asked asked = askedCase("en");
        String text = "アカウント #1 を残してください。よろしくお願いいたします。";
        assertThat(deliver(replyTo(asked.question(), asked.partner().email(), text))).startsWith("reply correlated");
        awaitAgentTask(asked.supportCase());
        assertThat(caseRepository.messages(asked.supportCase().id())).extracting(CaseMessage::body).contains(text);
    }

    @Test
    void theTokenIsNeverStoredInPlain() {
        Asked asked = askedCase("en");
        String token = asked.question().replyTo().substring("support+".length(), "support+".length() + 26);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM reply_expectation WHERE token_hash = ?").param(token)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM reply_expectation WHERE token_hash = ?")
                .param(ReplyExpectations.hash(token)).query(Long.class).single()).isEqualTo(1);
        assertThat(history.createHistoricVariableInstanceQuery().list())
                .allSatisfy(v -> assertThat(String.valueOf(v.getValue())).doesNotContain(token));
    }
}
