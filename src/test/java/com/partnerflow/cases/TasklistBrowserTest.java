package com.partnerflow.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.partnerflow.config.StaffGroups;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.support.TestMailbox;
import com.partnerflow.support.TestProfiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Tasklist and Cockpit in a real browser: Debian's headless chromium driven through Debian's
 * chromium-driver (nothing is downloaded). An agent finds a case by its number, sees it told apart
 * from the others, claims it and answers it with the form, and the partner gets the mail; text the
 * partner wrote shows as typed, never as links, images or headings; an admin sees a process's
 * diagram in Cockpit. Skipped where chromium is not installed (.ci/run installs it), and run in
 * the H2 pass only: the browser adds nothing the PostgreSQL pass does not already cover.
 * Screenshots (1440×900) land in target/browser-screenshots.
 */
class TasklistBrowserTest extends CaseTestSupport {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String EVIL_SUBJECT = "# Heading [Verify your Camunda session](http://evil.example) "
            + "<img src=http://evil.example/x.png>";
    static final String EVIL_TEXT = "# Heading\n\n[Verify your Camunda session](http://evil.example)\n\n"
            + "<img src=http://evil.example/x.png> <a href=\"http://evil.example\">click</a>";
    static final String AGENT = "browseragent";
    static final String AGENT_PASSWORD = "Agent#2026browser";

    static WebDriver browser;
    static Path profile;

    @LocalServerPort
    int port;
    @Value("${camunda.bpm.admin-user.id}")
    String adminId;
    @Value("${camunda.bpm.admin-user.password}")
    String adminPassword;
    @Autowired
    IdentityService identity;
    @Autowired
    TasklistLinks links;

    @BeforeAll
    static void startBrowser() throws IOException {
        assumeTrue(!TestProfiles.onPostgres(), "browser tests run in the H2 pass only");
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Skipped: no /usr/bin/chromium or /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
        profile = Files.createTempDirectory("partnerflow-chromium");
        browser = headlessChromium(profile);
    }

    /** Debian's headless Chromium at 1440×900 with a profile of its own, through Debian's driver. */
    static WebDriver headlessChromium(Path profile, String... moreArguments) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1440,900", "--user-data-dir=" + profile);
        options.addArguments(moreArguments);
        // the system's driver, named explicitly: Selenium Manager never runs, nothing is downloaded
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        WebDriver started = new ChromeDriver(service, options);
        started.manage().timeouts().implicitlyWait(Duration.ZERO);
        return started;
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

    @BeforeEach
    void freshSessionAndAgent() {
        browser.get(url("/camunda/app/welcome/default/"));
        browser.manage().deleteAllCookies();
        if (identity.createUserQuery().userId(AGENT).count() == 0) {
            User agent = identity.newUser(AGENT);
            agent.setFirstName("Bea");
            agent.setLastName("Browser");
            agent.setPassword(AGENT_PASSWORD);
            identity.saveUser(agent);
            identity.createMembership(AGENT, StaffGroups.SUPPORT_AGENTS);
        }
    }

    @Test
    void agentFindsTheCaseByItsNumberAndAnswersItWithTheForm() {
        PartnerUser partner = newPartner("en");
        SupportCase c = caseService.open(partner.id(), new SupportCaseService.CaseRequest("Partner Central",
                "Certifications", "Certification account merge", EVIL_SUBJECT, EVIL_TEXT));
        SupportCase other = openCase(newPartner("en")); // another open case the search must leave out
        Task task = await().atMost(Duration.ofSeconds(90)).until(() -> agentTask(c), t -> t != null);
        await().atMost(Duration.ofSeconds(90)).until(() -> agentTask(other), t -> t != null);

        signIn("tasklist", AGENT, AGENT_PASSWORD);
        browser.get(url(links.tasksOfCase(c.caseNumber())));
        // the search leaves one entry, and the list tells it apart: number, subject as typed, company, waiting
        until(d -> {
            List<WebElement> entries = d.findElements(By.cssSelector(".tasks-list li.task"));
            return entries.size() == 1 && entries.get(0).getText().contains(c.caseNumber()) ? entries.get(0) : null;
        });
        // Tasklist shows the first two columns and folds the others away behind a chevron. The list
        // refreshes itself and may replace the entry meanwhile: each try reads the entry as it is now.
        String listed = until(d -> {
            WebElement entry = d.findElement(By.cssSelector(".tasks-list li.task"));
            String text = entry.getDomProperty("textContent");
            if (text.contains("Waiting since")) {
                return text;
            }
            entry.findElements(By.xpath(".//*[contains(@class,'glyphicon') and (contains(@class,'down')"
                    + " or contains(@class,'chevron'))]")).stream().findFirst().ifPresent(WebElement::click);
            return null;
        });
        assertThat(listed).contains(c.caseNumber(), "Subject", "Case Test ", "Company", "Waiting since");
        screenshot("tasklist-list-search-by-case-number");

        // the filter refreshes itself: open the entry as it is now, not as it was found
        until(d -> {
            d.findElement(By.cssSelector(".tasks-list li.task a")).click();
            return true;
        });
        WebElement claim = visible(By.xpath("//*[contains(@class,'task-details')]//button[normalize-space()='Claim']"
                + " | //*[contains(@class,'task-details')]//a[normalize-space()='Claim']"));
        claim.click();
        WebElement form = visible(By.cssSelector(".fjs-container"));
        until(d -> form.getText().contains(c.caseNumber()) || form.findElements(By.cssSelector("input")).stream()
                .anyMatch(i -> c.caseNumber().equals(i.getDomProperty("value"))));
        screenshot("form-support-case-work");
        assertInert(form);
        // shown exactly as typed
        assertThat(form.findElements(By.cssSelector("input, textarea")).stream().map(i -> i.getDomProperty("value")))
                .contains(EVIL_SUBJECT).anyMatch(v -> v != null && v.contains(EVIL_TEXT));

        browser.findElement(By.xpath("//label[contains(., 'Answer (the case stays open)')]")).click();
        WebElement message = form.findElement(By.cssSelector("textarea:not([readonly])"));
        message.sendKeys("Both accounts are merged now.");
        browser.findElement(By.xpath("//button[normalize-space()='Complete']")).click();

        await().until(() -> tasks.createTaskQuery().taskId(task.getId()).count() == 0);
        TestMailbox.Mail answer = mailbox.awaitMessage(partner.email(), 2);
        assertThat(answer.text()).contains("Both accounts are merged now.");
    }

    @Test
    void adminSeesTheDiagramOfAProcessInCockpit() {
        ProcessDefinition definition = engine.getRepositoryService().createProcessDefinitionQuery()
                .processDefinitionKey(CaseProcesses.SUPPORT_CASE).latestVersion().singleResult();
        signIn("cockpit", adminId, adminPassword);
        browser.get(url("/camunda/app/cockpit/default/#/process-definition/" + definition.getId() + "/runtime"));
        visible(By.cssSelector(".djs-container svg [data-element-id='Task_WorkCase']"));
        screenshot("cockpit-support-case-diagram");
    }

    // --- helpers

    private Task agentTask(SupportCase c) {
        return tasks.createTaskQuery().processInstanceBusinessKey(c.caseNumber())
                .taskDefinitionKey("Task_WorkCase").singleResult();
    }

    private void assertInert(WebElement form) {
        assertThat(form.findElements(By.cssSelector("a[href*='evil.example']"))).as("links from partner text").isEmpty();
        assertThat(form.findElements(By.cssSelector("img[src*='evil.example']"))).as("images from partner text").isEmpty();
        assertThat(form.findElements(By.cssSelector("h1"))).as("headings from partner text").isEmpty();
        assertThat(browser.findElements(By.cssSelector("img[src*='evil.example'], a[href*='evil.example']"))).isEmpty();
    }

    private void signIn(String app, String user, String password) {
        browser.get(url("/camunda/app/" + app + "/default/#/login"));
        visible(By.cssSelector("input[ng-model='username']")).sendKeys(user);
        browser.findElement(By.cssSelector("input[ng-model='password']")).sendKeys(password);
        browser.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("form[name='signinForm']")));
    }

    private WebElement visible(By by) {
        try {
            return new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(by));
        } catch (RuntimeException e) {
            screenshot("failed-waiting");
            throw e;
        }
    }

    private <T> T until(java.util.function.Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(browser, Duration.ofSeconds(20))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
        } catch (RuntimeException e) {
            screenshot("failed-until");
            throw e;
        }
    }

    void screenshot(String name) {
        try {
            Path dir = Path.of("target", "browser-screenshots");
            Files.createDirectories(dir);
            File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
