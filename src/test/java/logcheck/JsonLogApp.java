package logcheck;

import com.partnerflow.operations.OperationsConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A web application with the application's configuration files and its request-id filter, and
 * nothing else (no engine, no database), run in a JVM of its own by {@code JsonLogsTest}: logging
 * is set up once per JVM, so the JSON switch cannot be tried inside the suite's own. Outside
 * com.partnerflow so that neither component scanning nor a test's configuration search finds it.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class})
@Import({OperationsConfiguration.class, JsonLogApp.Greeting.class})
public class JsonLogApp {

    /** The outgoing mail server's health check needs one; never connected here. */
    @Bean
    JavaMailSenderImpl mailSender() {
        return new JavaMailSenderImpl();
    }

    @RestController
    static class Greeting {
        private static final Logger log = LoggerFactory.getLogger(Greeting.class);

        @GetMapping("/hello")
        String hello() {
            log.info("first line of the request");
            log.warn("second line of the request");
            return "hello";
        }
    }

    public static void main(String[] args) {
        SpringApplication.run(JsonLogApp.class, args);
    }
}
