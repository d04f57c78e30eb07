package com.partnerflow.ratelimit;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.caffeine.Bucket4jCaffeine;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.sql.DatabaseMetaData;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Where the buckets live. On PostgreSQL (production, one or several nodes) in the table
 * rate_limit_bucket, each check a row lock (SELECT … FOR UPDATE), so every node sees the same
 * bucket. H2 is the embedded single-node database, which no second node can share: Bucket4j
 * has no H2 store, so there the buckets are kept in memory (Caffeine), bounded in number.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitStoreConfiguration {

    /** A full bucket is forgotten this long after it refilled: it would only be created again as full. */
    private static final Duration KEEP_AFTER_REFILL = Duration.ofMinutes(1);
    /** Sources remembered at once on H2; the least recently used go first. */
    private static final long MAX_BUCKETS_IN_MEMORY = 100_000;

    @Bean
    ProxyManager<String> rateLimitBuckets(DataSource dataSource) throws MetaDataAccessException {
        String database = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        ExpirationAfterWriteStrategy expiry =
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_REFILL);
        if ("PostgreSQL".equals(database)) {
            return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                    .primaryKeyMapper(PrimaryKeyMapper.STRING)
                    .table("rate_limit_bucket").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                    .expirationAfterWrite(expiry)
                    .build();
        }
        if ("H2".equals(database)) {
            return Bucket4jCaffeine.<String>builderFor(Caffeine.newBuilder().maximumSize(MAX_BUCKETS_IN_MEMORY))
                    .expirationAfterWrite(expiry)
                    .build();
        }
        throw new IllegalStateException("No rate-limit store for the database " + database
                + ": Partnerflow runs on PostgreSQL (or on its embedded H2)");
    }
}
