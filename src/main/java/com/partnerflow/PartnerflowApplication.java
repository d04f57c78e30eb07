package com.partnerflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

// No Spring Security user store: the partner API authenticates session tokens itself (signin),
// staff use Camunda's identity service. Excluding it also stops the "generated password" log line.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class PartnerflowApplication {

    public static void main(String[] args) {
        SpringApplication.run(PartnerflowApplication.class, args);
    }
}
