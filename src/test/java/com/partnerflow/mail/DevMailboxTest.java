package com.partnerflow.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.partnerflow.links.LinkSettings;
import com.partnerflow.support.IntegrationTestBase;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/** The development mailbox page as a person uses it: newest first, a recipient filter, links to us, mail as text. */
class DevMailboxTest extends IntegrationTestBase {

    @Autowired
    TestRestTemplate http;
    @Autowired
    JavaMailSender mail;
    @Autowired
    LinkSettings links;

    @Test
    void showsMailNewestFirstFilteredByRecipientWithOurLinksClickableAndMailAsText() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String ann = "ann-" + run + "@mailbox.example";
        String bob = "bob-" + run + "@mailbox.example";
        String ours = links.publicBaseUrl().toString().replaceAll("/$", "") + "/invitations/t" + run;
        send(ann, "first " + run, "Open " + ours + ". Or not.\nAlso http://evil.example/phish and javascript:alert(0)\n"
                + "<script>alert(1)</script><img src=x onerror=alert(2)>");
        send(bob, "second " + run, "for Bob");
        send(ann, "third " + run, "again for Ann");

        Document all = page("/dev/mailbox");
        assertThat(all.getElementById("in-memory").text()).contains("in memory").contains("restart");
        List<String> subjects = all.select("article h2").eachText().stream().filter(s -> s.endsWith(run)).toList();
        assertThat(subjects).containsExactly("third " + run, "second " + run, "first " + run);
        assertThat(all.select("#filter select[name=to] option").eachAttr("value")).contains(ann, bob);

        Document annOnly = page("/dev/mailbox?to=" + ann);
        assertThat(annOnly.select("article h2").eachText()).containsExactly("third " + run, "first " + run);
        assertThat(annOnly.select("#filter option[selected]").attr("value")).isEqualTo(ann);

        Element first = annOnly.select("article").stream().filter(a -> a.selectFirst("h2").text().startsWith("first"))
                .findFirst().orElseThrow();
        Element body = first.selectFirst("pre");
        // our link is an anchor (without the full stop after it); a foreign one and script stay text
        assertThat(body.select("a").eachAttr("href")).containsExactly(ours);
        assertThat(body.selectFirst("a").text()).isEqualTo(ours);
        assertThat(body.select("script, img")).isEmpty();
        assertThat(body.wholeText().replace("\r\n", "\n").strip()).isEqualTo("Open " + ours + ". Or not.\nAlso http://evil.example/phish and "
                + "javascript:alert(0)\n<script>alert(1)</script><img src=x onerror=alert(2)>");

        // the JSON list keeps its shape and order
        String json = http.getForObject("/dev/mailbox/messages?to=" + ann, String.class);
        assertThat(json.indexOf("third " + run)).isLessThan(json.indexOf("first " + run)).isNotNegative();
        assertThat(json).doesNotContain("second " + run);
    }

    /** Sends over SMTP, waits for arrival, and for the clock to move on, so arrival times differ. */
    private void send(String to, String subject, String text) {
        int before = mailbox.messagesFor(to).size();
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom("noreply@partnerflow.local");
        message.setTo(to);
        message.setSubject(subject);
        message.setText(text);
        mail.send(message);
        mailbox.awaitMessage(to, before + 1);
        long arrived = System.currentTimeMillis();
        await().until(() -> System.currentTimeMillis() > arrived + 1);
    }

    private Document page(String path) {
        ResponseEntity<String> answer = http.getForEntity(path, String.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return Jsoup.parse(answer.getBody());
    }
}
