package com.partnerflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import javax.xml.datatype.DatatypeFactory;
import org.junit.jupiter.api.Test;

/** The engine's timers get their DatatypeFactory by name, not by a search of every jar. */
class ProviderLookupsTest {

    static final String PROPERTY = DatatypeFactory.DATATYPEFACTORY_PROPERTY;

    @Test
    void theEnginesDatatypeFactoryIsNamedBeforeTheEngineStarts() throws Exception {
        String before = System.clearProperty(PROPERTY);
        try {
            String searched = DatatypeFactory.newInstance().getClass().getName();
            new ProviderLookups().preInit(null);
            assertThat(System.getProperty(PROPERTY)).isEqualTo(searched);
            assertThat(DatatypeFactory.newInstance().getClass().getName()).isEqualTo(searched);
        } finally {
            restore(before);
        }
    }

    @Test
    void anOperatorsOwnSettingIsKept() {
        String before = System.setProperty(PROPERTY, "com.example.TheirDatatypeFactory");
        try {
            new ProviderLookups().preInit(null);
            assertThat(System.getProperty(PROPERTY)).isEqualTo("com.example.TheirDatatypeFactory");
        } finally {
            restore(before);
        }
    }

    private static void restore(String value) {
        if (value == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, value);
        }
    }
}
