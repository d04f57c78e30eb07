package com.partnerflow.support;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.util.TestSocketUtils;

/** Puts the test context's mail server on free ports, chosen once per context. */
public class FreePortsInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        OpenTestContexts.add(context);
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-ports", Map.of(
                "partnerflow.dev-mail.smtp-port", TestSocketUtils.findAvailableTcpPort(),
                "partnerflow.dev-mail.imap-port", TestSocketUtils.findAvailableTcpPort())));
    }
}
