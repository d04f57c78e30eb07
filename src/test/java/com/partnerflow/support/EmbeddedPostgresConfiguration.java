package com.partnerflow.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The "pgtest" profile: a real PostgreSQL 17 for the test context. By default an embedded one
 * (binaries from Maven Central, started and stopped with the context); PARTNERFLOW_TEST_PG_URL
 * (+ _USER, _PASSWORD) names an external server instead, whose database must be empty.
 */
@Configuration(proxyBeanMethods = false)
@Profile("pgtest")
public class EmbeddedPostgresConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresHolder embeddedPostgres() throws IOException {
        return new EmbeddedPostgresHolder(System.getenv("PARTNERFLOW_TEST_PG_URL") == null
                ? EmbeddedPostgres.builder().start() : null);
    }

    @Bean
    DataSource dataSource(EmbeddedPostgresHolder holder) {
        String url = System.getenv("PARTNERFLOW_TEST_PG_URL");
        DataSourceBuilder<HikariDataSource> builder = DataSourceBuilder.create().type(HikariDataSource.class);
        if (url != null) {
            builder.url(url).username(System.getenv("PARTNERFLOW_TEST_PG_USER"))
                    .password(System.getenv("PARTNERFLOW_TEST_PG_PASSWORD"));
        } else {
            builder.url(holder.postgres().getJdbcUrl("postgres", "postgres")).username("postgres");
        }
        HikariDataSource dataSource = builder.build();
        dataSource.setMaximumPoolSize(12);
        return dataSource;
    }

    /** Closed by Spring with the context: closing it in @AfterAll makes the test JVM hang. */
    public record EmbeddedPostgresHolder(EmbeddedPostgres postgres) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
