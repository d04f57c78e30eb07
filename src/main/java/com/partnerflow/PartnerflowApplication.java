package com.partnerflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PartnerflowApplication {

    public static void main(String[] args) {
        SpringApplication.run(PartnerflowApplication.class, args);
    }
}
