package com.partnerflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * What the README's first command relies on, read from the pom: {@code mvn spring-boot:run} chooses
 * the dev profile (a jar chooses none and is refused), and does not compile the tests first
 * (spring-boot:run runs the build up to test-compile). Checked by hand as well; see README, Tests.
 */
class BuildConfigurationTest {

    private static Document pom;
    private static XPath xpath;

    @BeforeAll
    static void readPom() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        pom = factory.newDocumentBuilder().parse(new File("pom.xml"));
        xpath = XPathFactory.newInstance().newXPath();
    }

    @Test
    void springBootRunChoosesTheDevProfile() throws Exception {
        assertThat(xpath.evaluate("/*[local-name()='project']/*[local-name()='properties']"
                + "/*[local-name()='spring-boot.run.profiles']", pom).trim()).isEqualTo("dev");
    }

    @Test
    void springBootRunDoesNotCompileTheTests() throws Exception {
        String testCompilePhase = xpath.evaluate("//*[local-name()='plugin'][*[local-name()='artifactId']="
                + "'maven-compiler-plugin']//*[local-name()='execution'][*[local-name()='id']='default-testCompile']"
                + "/*[local-name()='phase']", pom).trim();
        // after test-compile, where spring-boot:run's build stops; before test, where surefire runs
        assertThat(testCompilePhase).isEqualTo("process-test-classes");
    }

    @Test
    void theExecPluginHasAVersion() throws Exception {
        assertThat(xpath.evaluate("//*[local-name()='plugin'][*[local-name()='artifactId']='exec-maven-plugin']"
                + "/*[local-name()='version']", pom).trim()).isNotEmpty();
    }
}
