package com.partnerflow.mail;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * With {@code mail.smtp.writetimeout} set (it bounds a mail step, see application.yml), Angus Mail
 * wraps each SMTP connection in a socket that schedules every write's timeout on an executor, and
 * unless one is given it starts a thread pool of its own for each connection: a thread started
 * and stopped for every mail sent. One executor, given in {@code mail.<protocol>.executor.writetimeout}
 * (an object in the session's properties, which a string setting cannot carry), serves all
 * connections of the outgoing mail sender, its health check's included. Cancelled timeouts are
 * removed at once, so writes that finish in time leave nothing queued.
 */
@Component
public class SharedWriteTimeouts implements BeanPostProcessor, DisposableBean {

    private final ScheduledThreadPoolExecutor timeouts = newExecutor();

    private static ScheduledThreadPoolExecutor newExecutor() {
        CustomizableThreadFactory threads = new CustomizableThreadFactory("smtp-write-timeout-");
        threads.setDaemon(true);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof JavaMailSenderImpl sender) {
            sender.getJavaMailProperties().put(property(sender), timeouts);
        }
        return bean;
    }

    static String property(JavaMailSenderImpl sender) {
        String protocol = sender.getProtocol() != null ? sender.getProtocol() : JavaMailSenderImpl.DEFAULT_PROTOCOL;
        return "mail." + protocol + ".executor.writetimeout";
    }

    ScheduledThreadPoolExecutor timeouts() {
        return timeouts;
    }

    @Override
    public void destroy() {
        timeouts.shutdownNow();
    }
}
