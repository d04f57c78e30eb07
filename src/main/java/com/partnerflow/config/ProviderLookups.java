package com.partnerflow.config;

import java.util.function.Supplier;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * Some APIs find their implementation through {@code ServiceLoader} on every call, reading the
 * service files of every jar on the classpath each time, unless a system property names the
 * class: then they load it directly. For those called on a hot path, the provider found once is
 * named in that property. An operator's own setting of a property is kept.
 *
 * <p>The engine's {@code DurationHelper} calls {@link DatatypeFactory#newInstance()} for every
 * timer it schedules (each code's expiry, each reminder): in a profile of registrations that
 * search was half a millisecond of each one. No jar of ours provides a DatatypeFactory, so the
 * one named is the JDK's own, the one the search ends with anyway.
 */
@Component
public class ProviderLookups extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        pin(DatatypeFactory.DATATYPEFACTORY_PROPERTY, ProviderLookups::datatypeFactory);
    }

    /** Names the provider {@code lookup} finds in {@code property}, unless the property is set already. */
    public static void pin(String property, Supplier<?> lookup) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, lookup.get().getClass().getName());
        }
    }

    private static DatatypeFactory datatypeFactory() {
        try {
            return DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException("No javax.xml.datatype.DatatypeFactory: the engine cannot schedule timers", e);
        }
    }
}
