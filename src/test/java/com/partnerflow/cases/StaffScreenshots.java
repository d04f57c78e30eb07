package com.partnerflow.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.partnerflow.certifications.CertificationMerges;
import com.partnerflow.certifications.MergeProcess;
import com.partnerflow.certifications.MergeRequests;
import com.partnerflow.certifications.system.LocalCertificationSystem;
import com.partnerflow.config.StaffGroups;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Role;
import com.partnerflow.leadership.AllianceLeadService;
import com.partnerflow.mail.inbound.InboundAttachment;
import com.partnerflow.mail.inbound.InboundMail;
import com.partnerflow.mail.inbound.MailKind;
import com.partnerflow.marketplace.Marketplace;
import com.partnerflow.signin.PartnerPrincipal;
import com.partnerflow.support.SignedInUser;
import com.partnerflow.support.TestAccounts;
import com.partnerflow.support.TestMailbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * Not part of the suite: screenshots of what staff see, at 1440×900 in Debian's headless chromium.
 * One instance of every process (every agent form has a task waiting), then each of the twelve
 * diagrams in Cockpit (the merge's collapsed stages too) and each agent form in Tasklist as an
 * agent sees it, with a measurement beside each picture (the diagram's zoom and label size in
 * screen pixels, labels over tasks, labels or flows, labels cut; in a form: labels cut to one
 * line, text boxes with an inner scrollbar, where the decision and Complete are, codes shown).
 * <pre>
 * mvn -B -ntp -o -Dbpmnlint.skip=true -DskipPostgresTests=true -Dflowcoverage.skip=true \
 *     -Dtest=StaffScreenshots -Dscreenshots=target/screens [-Dscreenshots.prefix=after-] test
 * </pre>
 * Without -Dscreenshots it is skipped, and it is not named like a test, so the suite never runs it.
 */
@EnabledIfSystemProperty(named = "screenshots", matches = ".+")
class StaffScreenshots extends CaseTestSupport {

    static final String AGENT = "screenagent";
    static final String AGENT_PASSWORD = "Agent#2026screens";
    static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };

    static WebDriver browser;
    static Path profile;
    static Path out;
    static String prefix;

    @LocalServerPort
    int port;
    @Value("${camunda.bpm.admin-user.id}")
    String adminId;
    @Value("${camunda.bpm.admin-user.password}")
    String adminPassword;
    @Autowired
    IdentityService identity;
    @Autowired
    TestRestTemplate http;
    @Autowired
    Marketplace marketplace;
    @Autowired
    LocalCertificationSystem certificationSystem;
    @Autowired
    CertificationMerges merges;
    @Autowired
    MergeRequests mergeRequests;
    @Autowired
    AllianceLeadService leads;
    @Autowired
    UnmatchedReplies unmatched;
    @Autowired
    com.partnerflow.tasks.StandardTaskCatalogue catalogue;

    /** What each form's screenshot is of: the task and the case it belongs to. */
    record FormTask(String form, String taskId, String caseNumber) {
    }

    final List<FormTask> forms = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    final StringBuilder report = new StringBuilder();

    @BeforeAll
    static void startBrowser() throws IOException {
        out = Path.of(System.getProperty("screenshots")).toAbsolutePath();
        prefix = System.getProperty("screenshots.prefix", "");
        Files.createDirectories(out);
        profile = Files.createTempDirectory("partnerflow-screens");
        browser = TasklistBrowserTest.headlessChromium(profile, "--hide-scrollbars=false");
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            org.springframework.util.FileSystemUtils.deleteRecursively(profile);
        }
    }

    @Test
    void shootEveryDiagramAndForm() throws IOException {
        if (identity.createUserQuery().userId(AGENT).count() == 0) {
            User agent = identity.newUser(AGENT);
            agent.setFirstName("Sam");
            agent.setLastName("Agent");
            agent.setPassword(AGENT_PASSWORD);
            identity.saveUser(agent);
            identity.createMembership(AGENT, StaffGroups.SUPPORT_AGENTS);
        }
        // the overdue merge first: it moves the engine clock, from nine days ago to now
        step("merge overdue", this::overdueMerge);
        ClockUtil.reset();
        step("merge follow and details", () -> {
            Merge m = openMerge(accounts.newAccount(), null);
            forms.add(new FormTask("certification-merge-status", awaitTask(m.caseNumber, "Task_FollowCase").getId(),
                    m.caseNumber));
            forms.add(new FormTask("certification-merge-details",
                    awaitTask(m.caseNumber, "Task_RequestDetails").getId(), m.caseNumber));
        });
        step("merge review", () -> {
            Merge m = openMerge(accounts.newAccount(), null);
            detailsAnswered(m);
            forms.add(new FormTask("certification-merge-review", awaitTask(m.caseNumber, "Task_ReviewRequest").getId(),
                    m.caseNumber));
        });
        step("merge reply check", () -> {
            Merge m = openMerge(accounts.newAccount(), null);
            TestMailbox.Mail confirmation = approved(m);
            deliver(replyTo(confirmation, m.mergeEmail, "What is this about? I never asked for anything like "
                    + "this, and I do not know who you are. Please explain before I do anything."));
            forms.add(new FormTask("certification-merge-reply-check", awaitTask(m.caseNumber, "Task_CheckReply").getId(),
                    m.caseNumber));
        });
        step("support case with a conversation", this::supportCaseWithConversation);
        step("support case waiting for the partner", () -> askedCase("de"));
        step("unmatched reply", this::unmatchedReply);
        step("lead change request", this::leadChangeRequest);
        step("lead hand-over", this::leadHandOver);
        step("marketplace linking and unlinking", this::marketplace);
        step("partner task", this::partnerTask);
        step("registration and code", () -> register("new-" + UUID.randomUUID().toString().substring(0, 8)
                + "@" + newDomain(), "Screens Ltd"));
        step("invitation", this::invitation);

        signIn("cockpit", adminId, adminPassword);
        List<ProcessDefinition> definitions = engine.getRepositoryService().createProcessDefinitionQuery()
                .latestVersion().orderByProcessDefinitionKey().asc().list();
        for (ProcessDefinition definition : definitions) {
            step("cockpit " + definition.getKey(), () -> shootDiagram(definition));
        }
        browser.manage().deleteAllCookies();
        signIn("tasklist", AGENT, AGENT_PASSWORD);
        for (FormTask form : forms) {
            step("tasklist " + form.form(), () -> shootForm(form));
        }
        Files.writeString(out.resolve(prefix + "measurements.txt"), report.toString());
        assertThat(failures).as("screens that could not be taken").isEmpty();
    }

    // --- one instance of each process

    record Merge(SignedInUser partner, String keepEmail, String mergeEmail, String caseNumber) {
    }

    Merge openMerge(TestAccounts.TestAccount account, String keepEmail) {
        SignedInUser partner = account.lead();
        String keep = keepEmail == null ? partner.email() : keepEmail;
        String merge = "old-" + UUID.randomUUID().toString().substring(0, 8) + "@personal.example";
        certificationSystem.createAccount(keep, "AWS Builder ID", "Pat Partner");
        certificationSystem.addExam(keep, "CLF-C02", "AWS Certified Cloud Practitioner", day(2024, 1, 10),
                day(2027, 1, 10));
        certificationSystem.createAccount(merge, "Amazon.com account", "Pat Partner");
        certificationSystem.addExam(merge, "SAA-C03", "AWS Certified Solutions Architect – Associate",
                day(2023, 5, 2), day(2026, 5, 2));
        CertificationMerges.MergeView view = merges.open(principal(partner), keep, merge,
                "Keep #1, it is the address of my employer. #2 is my old personal address.");
        return new Merge(partner, keep, merge, view.caseNumber());
    }

    void detailsAnswered(Merge m) {
        complete(m.caseNumber, "Task_RequestDetails", Map.of());
        TestMailbox.Mail question = mailbox.awaitMessage(m.partner.email(), 2);
        awaitQuestion(m.caseNumber, CaseProcesses.MSG_PARTNER_REPLIED);
        deliver(replyTo(question, m.partner.email(), "#1 " + m.keepEmail + " (AWS Builder ID), #2 " + m.mergeEmail
                + " (Amazon.com account). Keep #1."));
    }

    TestMailbox.Mail approved(Merge m) {
        detailsAnswered(m);
        complete(m.caseNumber, "Task_ReviewRequest", Map.of(MergeProcess.REVIEW_DECISION, "APPROVE"));
        TestMailbox.Mail confirmation = mailbox.awaitMessage(m.mergeEmail, 1);
        awaitQuestion(m.caseNumber, CaseProcesses.MSG_PARTNER_REPLIED);
        return confirmation;
    }

    void overdueMerge() {
        Instant now = Instant.now();
        ClockUtil.setCurrentTime(Date.from(now.minus(Duration.ofDays(8)).minus(Duration.ofHours(3))));
        Merge m = openMerge(accounts.newAccount(), "keep-" + UUID.randomUUID().toString().substring(0, 8)
                + "@personal.example");
        TestMailbox.Mail confirmation = approved(m);
        deliver(replyTo(confirmation, m.mergeEmail, "Please proceed"));
        // with the clock moved back, the reply may be read as unclear: the agent confirms it then
        await().atMost(Duration.ofSeconds(60)).until(() -> activeIn(m.caseNumber, "Event_MergePollTimer")
                || activeIn(m.caseNumber, "Task_CheckReply"));
        if (activeIn(m.caseNumber, "Task_CheckReply")) {
            complete(m.caseNumber, "Task_CheckReply", Map.of(CaseProcesses.AGENT_DECISION, "CONFIRM"));
        }
        awaitActivity(m.caseNumber, "Event_MergePollTimer");
        Instant requested = mergeRequests.find(caseRepository.findByNumber(SupportCase.parse(m.caseNumber))
                .orElseThrow().id()).orElseThrow().mergeRequestedAt();
        ClockUtil.setCurrentTime(Date.from(requested.plus(Duration.ofDays(3)).plus(Duration.ofHours(1)).plusSeconds(60)));
        mailbox.awaitMessage(m.partner.email(), 5);
        awaitActivity(m.caseNumber, "Event_SyncPollTimer");
        ClockUtil.setCurrentTime(Date.from(requested.plus(Duration.ofDays(8)).plus(Duration.ofHours(2)).plusSeconds(60)));
        forms.add(new FormTask("certification-merge-overdue", awaitTask(m.caseNumber, "Task_SyncOverdue").getId(),
                m.caseNumber));
        awaitActivity(m.caseNumber, "Event_SyncPollTimer");
    }

    void supportCaseWithConversation() {
        PartnerUser partner = newPartner("en");
        SupportCase c = caseService.open(partner.id(), new SupportCaseService.CaseRequest("Partner Central",
                "Certifications", "Certification account merge",
                "Please merge my two certification accounts before the partner tier review next month",
                "Hello,\n\nI have two certification accounts: keep@example (from my employer) and old@example "
                        + "(my old personal address). My exams are split between them, so the partner tier review "
                        + "does not count all of them.\n\nCould you merge them into the first one?\n\nThanks, Pat"));
        agentDecides(c, "ASK", "Which of the two accounts should we keep, and can you confirm both are yours?");
        TestMailbox.Mail question = mailbox.awaitMessage(partner.email(), 2);
        await().until(() -> caseRepository.find(c.id()).orElseThrow().status() == CaseStatus.WAITING_FOR_PARTNER);
        deliver(replyTo(question, partner.email(), "Keep keep@example, please. Both are mine; the old one was my "
                + "personal address before I joined.\n\nNewest line: this is the latest mail of the case."));
        Task task = awaitAgentTask(c);
        forms.add(new FormTask("support-case-work", task.getId(), c.caseNumber()));
    }

    void unmatchedReply() {
        SupportCase c = openCase(newPartner("en"));
        String messageId = "<" + UUID.randomUUID() + "@partner.example>";
        unmatched.open(new InboundMail(messageId, List.of(), List.of(), "someone@partner.example",
                List.of("support@partnerflow.local"), "Re: [" + c.caseNumber() + "] Please merge my two certification "
                + "accounts", "I answered this already last week, see below.", "I answered this already last week.",
                List.<InboundAttachment>of(), Instant.now(), MailKind.REPLY, null), "no reply token", c.caseNumber());
        Task task = await().until(() -> tasks.createTaskQuery().processDefinitionKey(CaseProcesses.UNMATCHED_REPLY)
                .processInstanceBusinessKey(messageId).singleResult(), t -> t != null);
        forms.add(new FormTask("unmatched-reply", task.getId(), c.caseNumber()));
    }

    void leadChangeRequest() {
        TestAccounts.TestAccount account = accounts.newAccount();
        SignedInUser requester = accounts.addUser(account, "requester");
        SignedInUser candidate = accounts.addUser(account, "candidate", Role.ACE_USER);
        AllianceLeadService.ChangeRequested requested = leads.requestChange(principalOf(requester),
                "Our alliance lead left the company in May and nobody can approve our opportunities since.",
                candidate.userId(), "192.0.2.7");
        String caseNumber = requested.supportCase().caseNumber();
        Task task = await().until(() -> tasks.createTaskQuery().taskCandidateGroup("support-agents")
                .processInstanceBusinessKey(caseNumber).taskDefinitionKey("Task_VerifyLeadChange").singleResult(),
                t -> t != null);
        forms.add(new FormTask("alliance-lead-change-review", task.getId(), caseNumber));
    }

    void leadHandOver() {
        TestAccounts.TestAccount account = accounts.newAccount();
        SignedInUser bob = accounts.addUser(account, "bob");
        leads.reassign(principalOf(account.lead()), bob.userId(), "confirm", "192.0.2.1");
    }

    void marketplace() {
        // a linking that waits for the partner's account review
        TestAccounts.TestAccount waiting = accounts.newAccount();
        ok(HttpMethod.POST, "/api/marketplace/linkings", Map.of("awsAccountId", newSeller("Waiting Ltd")), waiting.lead());
        // a linked account whose lead asks to unlink it
        TestAccounts.TestAccount account = accounts.newAccount();
        SignedInUser lead = account.lead();
        Map<String, Object> started = ok(HttpMethod.POST, "/api/marketplace/linkings",
                Map.of("awsAccountId", newSeller("Unlink Ltd")), lead);
        String id = (String) started.get("linkingId");
        ok(HttpMethod.POST, "/api/marketplace/linkings/" + id + "/account-review", Map.of(), lead);
        ok(HttpMethod.POST, "/api/marketplace/linkings/" + id + "/role-review",
                Map.of("mapAllianceTeam", true, "mapAceUsers", false), lead);
        ok(HttpMethod.POST, "/api/marketplace/linkings/" + id + "/submission", null, lead);
        await().atMost(Duration.ofSeconds(60)).until(() -> call(HttpMethod.POST, "/api/marketplace/listings", Map.of("kind", "PRODUCT", "listingId",
                "prod-" + UUID.randomUUID().toString().substring(0, 6), "title", "Acme Analytics"), lead)
                .getStatusCode().is2xxSuccessful());
        Map<String, Object> requested = ok(HttpMethod.POST, "/api/marketplace/unlink-requests",
                Map.of("reason", "NO_LONGER_SELLING", "confirmation", "confirm"), lead);
        String caseNumber = (String) requested.get("caseNumber");
        Task task = await().until(() -> tasks.createTaskQuery().taskCandidateGroup("support-agents")
                .processInstanceBusinessKey(caseNumber).taskDefinitionKey("Task_ReviewUnlink").singleResult(),
                t -> t != null);
        forms.add(new FormTask("marketplace-unlink-review", task.getId(), caseNumber));
    }

    void partnerTask() {
        catalogue.ensure();
        TestAccounts.TestAccount account = accounts.newAccount();
        SignedInUser kim = accounts.addUser(account, "kim", Role.ALLIANCE_TEAM);
        ok(HttpMethod.POST, "/api/partner-tasks", Map.of("taskKey", "account-company-description",
                "assigneeUserId", kim.userId()), account.lead());
    }

    void invitation() {
        TestAccounts.TestAccount account = accounts.newAccount();
        ok(HttpMethod.POST, "/api/invitations", Map.of("invitees", List.of(Map.of("email",
                "new.colleague@" + account.domain(), "roles", List.of("ALLIANCE_TEAM")))), account.lead());
    }

    // --- Cockpit

    static final String MEASURE_DIAGRAM = """
            const container = document.querySelector('.djs-container');
            const svg = [...container.querySelectorAll('svg')].find(e => e.querySelector('g.viewport'));
            const viewport = svg.querySelector('g.viewport');
            const m = viewport.transform.baseVal.consolidate();
            const scale = m ? m.matrix.a : 1;
            const pane = container.getBoundingClientRect();
            const rect = r => ({x: r.left, y: r.top, w: r.width, h: r.height});
            const inter = (a, b, t) => a.x + t < b.x + b.w && b.x + t < a.x + a.w && a.y + t < b.y + b.h && b.y + t < a.y + a.h;
            const inside = (a, b, t) => a.x >= b.x - t && a.y >= b.y - t && a.x + a.w <= b.x + b.w + t && a.y + a.h <= b.y + b.h + t;
            const shapes = [], labels = [], flows = [];
            for (const g of viewport.querySelectorAll('g.djs-element')) {
              const id = g.getAttribute('data-element-id');
              const visual = g.querySelector(':scope > .djs-visual');
              if (!visual || !g.getClientRects().length) continue; // on another plane
              const text = visual.querySelector('text');
              const words = text ? text.textContent.trim() : '';
              if (g.classList.contains('djs-connection')) {
                const path = visual.querySelector('path');
                const ctm = path.getScreenCTM(), len = path.getTotalLength(), pts = [];
                for (let l = 0; l <= len; l += 3) { const p = path.getPointAtLength(l); pts.push([ctm.a * p.x + ctm.e, ctm.d * p.y + ctm.f]); }
                flows.push({id, pts});
              } else if (id.endsWith('_label')) {
                if (words) labels.push({id, owner: id.slice(0, -6), text: words, r: rect(text.getBoundingClientRect()),
                    px: parseFloat(text.style.fontSize || getComputedStyle(text).fontSize) * scale});
              } else {
                const first = visual.firstElementChild;
                const kind = first ? first.tagName : '';
                const r = rect(visual.getBoundingClientRect());
                shapes.push({id, kind, r});
                if (words) labels.push({id: id + ' (inside)', owner: id, inner: true, text: words, r: rect(text.getBoundingClientRect()),
                    px: parseFloat(text.style.fontSize || getComputedStyle(text).fontSize) * scale, box: r});
              }
            }
            // containers: shapes that hold other shapes (expanded sub-processes)
            const containers = new Set(shapes.filter(s => s.kind === 'rect' && shapes.some(o => o !== s && inside(o.r, s.r, 0) && o.r.w * o.r.h < s.r.w * s.r.h)).map(s => s.id));
            const issues = [];
            for (const l of labels) {
              if (l.inner && !containers.has(l.owner) && !inside(l.r, l.box, 1)) issues.push('label overflows its shape: ' + l.owner + ' "' + l.text + '"');
              if (!inside(l.r, rect(pane), 0)) issues.push('label outside the pane: ' + l.owner + ' "' + l.text + '"');
              for (const s of shapes) {
                if (containers.has(s.id) || s.id === l.owner) continue;
                if (l.inner && !containers.has(l.owner)) continue; // a task's own label: checked above
                if (inter(l.r, s.r, 1)) issues.push('label over shape: ' + l.owner + ' "' + l.text + '" over ' + s.id);
              }
              for (const f of flows) {
                if (f.id === l.owner) continue;
                const shrunk = {x: l.r.x + 2, y: l.r.y + 2, w: l.r.w - 4, h: l.r.h - 4};
                if (f.pts.some(([x, y]) => x > shrunk.x && x < shrunk.x + shrunk.w && y > shrunk.y && y < shrunk.y + shrunk.h))
                  issues.push('flow through label: ' + f.id + ' through ' + l.owner + ' "' + l.text + '"');
              }
              const own = flows.find(f => f.id === l.owner);
              if (own) {
                const cx = l.r.x + l.r.w / 2, cy = l.r.y + l.r.h / 2;
                let d = Infinity;
                for (const [x, y] of own.pts) {
                  const dx = Math.max(l.r.x - x, 0, x - l.r.x - l.r.w), dy = Math.max(l.r.y - y, 0, y - l.r.y - l.r.h);
                  d = Math.min(d, Math.hypot(dx, dy));
                }
                if (d / scale > 20) issues.push('flow label far from its flow (' + Math.round(d / scale) + ' diagram px): ' + l.owner + ' "' + l.text + '"');
              }
            }
            for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
              const a = labels[i], b = labels[j];
              if (a.owner === b.owner || (a.inner && containers.has(a.owner)) || (b.inner && containers.has(b.owner))) continue;
              if (inter(a.r, b.r, 1)) issues.push('labels overlap: ' + a.owner + ' "' + a.text + '" / ' + b.owner + ' "' + b.text + '"');
            }
            const inner = labels.filter(l => l.inner && !containers.has(l.owner)).map(l => l.px);
            const outer = labels.filter(l => !l.inner).map(l => l.px);
            const fmt = a => a.length ? Math.min(...a).toFixed(1) : '-';
            return 'zoom ' + scale.toFixed(2) + ', pane ' + Math.round(pane.width) + 'x' + Math.round(pane.height)
              + ', task labels ' + fmt(inner) + ' px, other labels ' + fmt(outer) + ' px, ' + labels.length + ' labels'
              + (issues.length ? '\\n  ' + [...new Set(issues)].join('\\n  ') : ', no overlap');
            """;

    void shootDiagram(ProcessDefinition definition) {
        String page = url("/camunda/app/cockpit/default/#/process-definition/" + definition.getId() + "/runtime");
        browser.get(page);
        awaitDiagram();
        record("cockpit-" + definition.getKey(), measureDiagram());
        int planes = browser.findElements(By.cssSelector(".bjs-drilldown")).size();
        for (int i = 0; i < planes; i++) {
            browser.get(url("/camunda/app/cockpit/default/#/dashboard"));
            browser.get(page);
            awaitDiagram();
            List<WebElement> buttons = browser.findElements(By.cssSelector(".bjs-drilldown"));
            String element = buttons.get(i).findElement(By.xpath("./ancestor::*[@data-container-id][1]"))
                    .getDomAttribute("data-container-id");
            ((JavascriptExecutor) browser).executeScript("arguments[0].click()", buttons.get(i));
            until(d -> !route(d.getCurrentUrl()).equals(route(page))
                    || !d.findElements(By.cssSelector(".bjs-breadcrumbs li")).isEmpty());
            if (!route(browser.getCurrentUrl()).equals(route(page))) {
                report.append("  (drill-down of ").append(element).append(" left for ")
                        .append(browser.getCurrentUrl()).append(")\n");
                continue; // a call activity's link to the called process: shot on its own
            }
            awaitDiagram();
            record("cockpit-" + definition.getKey() + "-" + element, measureDiagram());
        }
    }

    /** The Cockpit page a URL shows, without the search Cockpit keeps after it. */
    static String route(String url) {
        int query = url.indexOf('?', url.indexOf('#') + 1);
        return query < 0 ? url : url.substring(0, query);
    }

    void awaitDiagram() {
        visible(By.cssSelector(".djs-container svg g.djs-element"));
        // Cockpit fits the diagram once its pane has its size: wait for the zoom to settle
        String[] last = {""};
        until(d -> {
            String now = String.valueOf(((JavascriptExecutor) d).executeScript(
                    "const v = document.querySelector('.djs-container svg g.viewport');"
                            + "return v ? v.getAttribute('transform') : ''"));
            boolean settled = !now.isEmpty() && now.equals(last[0])
                    && d.findElements(By.cssSelector(".loader, .loading, .spinner")).stream().noneMatch(WebElement::isDisplayed);
            last[0] = now;
            return settled;
        });
    }

    String measureDiagram() {
        return String.valueOf(((JavascriptExecutor) browser).executeScript(MEASURE_DIAGRAM));
    }

    // --- Tasklist

    static final String MEASURE_FORM = """
            const form = document.querySelector('.fjs-container');
            const screen = window.innerHeight;
            const issues = [];
            const scroller = (() => { let e = form; while (e && e !== document.body) { const s = getComputedStyle(e);
              if (/(auto|scroll)/.test(s.overflowY) && e.scrollHeight > e.clientHeight + 2) return e; e = e.parentElement; } return null; })();
            for (const l of form.querySelectorAll('label, .fjs-form-field-label, .fjs-form-field-description, .fjs-form-field-text p')) {
              if (l.scrollWidth > l.clientWidth + 1 && getComputedStyle(l).overflow !== 'visible')
                issues.push('cut: "' + l.textContent.trim().slice(0, 70) + '"');
              const s = getComputedStyle(l);
              if (s.textOverflow === 'ellipsis' && l.scrollWidth > l.clientWidth + 1) issues.push('ellipsis: "' + l.textContent.trim().slice(0, 70) + '"');
            }
            for (const t of form.querySelectorAll('textarea')) {
              const label = t.closest('.fjs-form-field')?.querySelector('label')?.textContent.trim() || t.name;
              if (t.scrollHeight > t.clientHeight + 2) issues.push('inner scrollbar: "' + label + '" shows '
                + t.clientHeight + ' of ' + t.scrollHeight + ' px, top line "' + (t.value.split('\\n')[0] || '').slice(0, 60) + '"');
            }
            const top = e => Math.round(e.getBoundingClientRect().top);
            const decision = form.querySelector('.fjs-form-field-radio, .fjs-form-field-select, .fjs-form-field-checklist');
            const complete = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Complete');
            const fill = [...form.querySelectorAll('textarea, input')].find(e => !e.readOnly && !e.disabled && e.type !== 'radio' && e.offsetParent);
            const textOf = e => (e.value !== undefined && e.tagName !== 'BUTTON' ? e.value : e.textContent) || '';
            const shown = [...form.querySelectorAll('input, textarea, select, label, p, span, div.fjs-form-field-text')]
              .map(textOf).join(' ');
            const codes = [...new Set((shown.match(/\\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\\b|\\b[a-z]+_[a-z_]+\\b/g) || []))];
            if (codes.length) issues.push('codes shown: ' + codes.join(', '));
            const links = [...form.querySelectorAll('a[href]:not([href*="bpmn.io"])')].map(a => a.textContent.trim() + ' -> ' + a.getAttribute('href'));
            const fields = [...form.querySelectorAll('.fjs-form-field')].length;
            return 'screen ' + screen + ' px, form ' + (scroller ? scroller.scrollHeight : form.scrollHeight) + ' px tall, '
              + fields + ' fields; decision at ' + (decision ? top(decision) : '-') + ' px, Complete at '
              + (complete ? top(complete) : '-') + ' px, first field to fill at ' + (fill ? top(fill) : '-') + ' px' + (links.length ? '; links: ' + links.join(' | ') : '; no link')
              + (issues.length ? '\\n  ' + [...new Set(issues)].join('\\n  ') : '');
            """;

    void shootForm(FormTask form) {
        browser.get(url("/camunda/app/tasklist/default/#/?task=" + form.taskId()));
        By claim = By.xpath("//*[contains(@class,'task-details')]//button[normalize-space()='Claim']"
                + " | //*[contains(@class,'task-details')]//a[normalize-space()='Claim']");
        visible(claim);
        // under load Tasklist may not take the first click: click until the task is ours
        until(d -> {
            List<WebElement> buttons = d.findElements(claim);
            buttons.stream().filter(WebElement::isDisplayed).findFirst().ifPresent(WebElement::click);
            return d.findElements(claim).stream().noneMatch(WebElement::isDisplayed);
        });
        visible(By.cssSelector(".fjs-container"));
        until(d -> d.findElements(By.cssSelector(".fjs-container .fjs-form-field")).size() > 1);
        ((JavascriptExecutor) browser).executeScript(
                "for (const e of document.querySelectorAll('*')) { if (e.scrollTop) e.scrollTop = 0; }");
        String list = String.valueOf(((JavascriptExecutor) browser).executeScript(
                "const e = [...document.querySelectorAll('.tasks-list li.task')];"
                        + "return e.length + ' entries; selected: ' + (document.querySelector('.tasks-list li.task.active')"
                        + "?.innerText.replace(/\\s+/g, ' ').trim() || '-')"));
        record("form-" + form.form(), list + "\n  " + ((JavascriptExecutor) browser).executeScript(MEASURE_FORM));
        // and the rest of the form, as far down as it goes
        boolean scrolled = Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript("""
                const form = document.querySelector('.fjs-container'); let e = form;
                while (e && e !== document.body) { const s = getComputedStyle(e);
                  if (/(auto|scroll)/.test(s.overflowY) && e.scrollHeight > e.clientHeight + 2) { e.scrollTop = e.scrollHeight; return true; }
                  e = e.parentElement; }
                if (document.scrollingElement.scrollHeight > window.innerHeight + 2) { window.scrollTo(0, 1e6); return true; }
                return false;"""));
        if (scrolled) {
            screenshot("form-" + form.form() + "-bottom");
        }
    }

    // --- helpers

    void step(String name, ThrowingRunnable work) {
        try {
            work.run();
        } catch (Throwable e) {
            String where = java.util.Arrays.stream(e.getStackTrace())
                    .filter(f -> f.getClassName().startsWith(StaffScreenshots.class.getName()))
                    .map(f -> f.getMethodName() + ":" + f.getLineNumber()).limit(4)
                    .collect(java.util.stream.Collectors.joining(" < "));
            String what = String.valueOf(e).lines().findFirst().orElse("");
            failures.add(name + ": " + what + " at " + where);
            report.append("FAILED ").append(name).append(": ").append(what).append(" at ").append(where).append('\n');
            try {
                screenshot("failed-" + name.replace(' ', '-'));
            } catch (RuntimeException ignored) {
                // the browser may be the reason
            }
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    void record(String name, String measurement) {
        screenshot(name);
        report.append(prefix).append(name).append(".png: ").append(measurement).append('\n');
    }

    Task awaitTask(String caseNumber, String taskKey) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> tasks.createTaskQuery()
                .taskCandidateGroup("support-agents").processInstanceBusinessKey(caseNumber)
                .taskDefinitionKey(taskKey).singleResult(), t -> t != null);
    }

    void complete(String caseNumber, String taskKey, Map<String, Object> variables) {
        Task task = awaitTask(caseNumber, taskKey);
        tasks.claim(task.getId(), "agent1");
        tasks.complete(task.getId(), variables);
    }

    void awaitQuestion(String caseNumber, String eventName) {
        await().atMost(Duration.ofSeconds(60)).until(() -> runtime.createProcessInstanceQuery()
                .processDefinitionKey(CaseProcesses.ASK_PARTNER).processInstanceBusinessKey(caseNumber).list().stream()
                .anyMatch(p -> runtime.createEventSubscriptionQuery().eventName(eventName).processInstanceId(p.getId())
                        .count() == 1));
    }

    boolean activeIn(String caseNumber, String activityId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(MergeProcess.KEY)
                .processInstanceBusinessKey(caseNumber).list().stream()
                .anyMatch(p -> runtime.getActiveActivityIds(p.getId()).contains(activityId));
    }

    void awaitActivity(String caseNumber, String activityId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> runtime.createProcessInstanceQuery()
                .processDefinitionKey(MergeProcess.KEY).processInstanceBusinessKey(caseNumber).list().stream()
                .anyMatch(p -> runtime.getActiveActivityIds(p.getId()).contains(activityId)));
    }

    PartnerPrincipal principal(SignedInUser user) {
        return new PartnerPrincipal(user.userId(), user.accountId(), user.email(), "Pat", "Partner",
                List.of(Role.ALLIANCE_LEAD));
    }

    PartnerPrincipal principalOf(SignedInUser user) {
        PartnerUser u = directory.findUser(user.userId()).orElseThrow();
        return new PartnerPrincipal(u.id(), u.accountId(), u.email(), u.firstName(), u.lastName(), u.roles());
    }

    static Instant day(int year, int month, int day) {
        return LocalDate.of(year, month, day).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    String newSeller(String legalName) {
        String id = String.valueOf(100_000_000_000L + ThreadLocalRandom.current().nextLong(899_999_999_999L));
        marketplace.registerSeller(id, legalName);
        return id;
    }

    ResponseEntity<Map<String, Object>> call(HttpMethod method, String path, Object body, SignedInUser caller) {
        return http.exchange(path, method, new HttpEntity<>(body, caller.bearer()), JSON);
    }

    Map<String, Object> ok(HttpMethod method, String path, Object body, SignedInUser caller) {
        ResponseEntity<Map<String, Object>> response = call(method, path, body, caller);
        assertThat(response.getStatusCode().is2xxSuccessful()).as("%s %s → %s %s", method, path,
                response.getStatusCode(), response.getBody()).isTrue();
        return response.getBody() == null ? new LinkedHashMap<>() : response.getBody();
    }

    void signIn(String app, String user, String password) {
        browser.get(url("/camunda/app/" + app + "/default/#/login"));
        visible(By.cssSelector("input[ng-model='username']")).sendKeys(user);
        browser.findElement(By.cssSelector("input[ng-model='password']")).sendKeys(password);
        browser.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("form[name='signinForm']")));
    }

    WebElement visible(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    <T> T until(java.util.function.Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(500))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
    }

    void screenshot(String name) {
        try {
            byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
            Files.write(out.resolve(prefix + name + ".png"), png);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }
}
