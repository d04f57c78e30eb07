package com.partnerflow.config;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Nodes of a cluster start one at a time. Everything a start writes is check-then-create: the
 * engine's schema on an empty database, the admin user, the staff groups, their authorizations
 * and the Tasklist filters (a second "Support cases" filter would make every later start fail on
 * {@code singleResult()}), and the filters are saved again on every start (two at once: an
 * optimistic-locking failure that stops one node's start). On PostgreSQL the first use of the
 * data source therefore takes a session advisory lock on a connection of its own, and the
 * application gives it back once it is ready, after the last {@code ApplicationReadyEvent}
 * listener; a node that dies while starting loses its connection and with it the lock. Flyway
 * has its own lock besides. On H2, the single-node database, there is nothing to wait for.
 *
 * <p>Registered by {@link ClusterStartLockConfiguration} as a static bean, before any data source
 * exists; {@link Release} gives it back.
 */
public class ClusterStartLock implements BeanPostProcessor {

    /** The advisory-lock key: any 64-bit number no other application on the database uses ("PFSTART"). */
    static final long KEY = 0x5046_5354_4152_54L;

    private static final Logger log = LoggerFactory.getLogger(ClusterStartLock.class);

    private Connection held;
    private boolean taken;
    private volatile boolean waited;

    @Override
    public synchronized Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && !taken) {
            taken = true;
            acquire(dataSource);
        }
        return bean;
    }

    private void acquire(DataSource dataSource) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            DatabaseMetaData meta = connection.getMetaData();
            if (!"PostgreSQL".equals(meta.getDatabaseProductName())) {
                connection.close();
                return;
            }
            connection.setAutoCommit(true);
            if (!lock(connection, "SELECT pg_try_advisory_lock(?)")) {
                waited = true;
                log.info("Another node is starting on this database; this one starts when it is ready");
                lock(connection, "SELECT pg_advisory_lock(?)");
                log.info("The other node is ready; this one starts now");
            }
            held = connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            // the start goes on and fails at the first real use of the database, with its own message
            log.warn("Could not take the start-up lock ({}); starting without it", e.toString());
        }
    }

    private static boolean lock(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, KEY);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                Object value = result.getObject(1);
                return !(value instanceof Boolean b) || b;
            }
        }
    }

    /** Gives the lock back: after every other ready listener (the staff groups and filters are written then). */
    public static class Release {

        private final ClusterStartLock lock;

        public Release(ClusterStartLock lock) {
            this.lock = lock;
        }

        @EventListener(ApplicationReadyEvent.class)
        @Order(Ordered.LOWEST_PRECEDENCE)
        public void applicationReady() {
            lock.release();
        }

        /** A start that failed, or a context that closes before it was ready. */
        @EventListener(ContextClosedEvent.class)
        public void contextClosed() {
            lock.release();
        }
    }

    /** Whether this node had to wait for another node's start. */
    public boolean waitedForAnotherNode() {
        return waited;
    }

    /** Whether this node holds the lock now (it does while it starts on PostgreSQL). */
    public synchronized boolean isHeld() {
        return held != null;
    }

    synchronized void release() {
        if (held == null) {
            return;
        }
        try {
            lock(held, "SELECT pg_advisory_unlock(?)");
        } catch (SQLException e) {
            log.debug("Could not give back the start-up lock explicitly; closing its connection does", e);
        }
        closeQuietly(held);
        held = null;
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("Closing the start-up lock's connection failed", e);
        }
    }
}
