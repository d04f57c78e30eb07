package com.partnerflow.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** See {@link ClusterStartLock}: nodes of a cluster start one at a time. */
@Configuration(proxyBeanMethods = false)
class ClusterStartLockConfiguration {

    /** Static: a bean post-processor, registered before the data source it waits on. */
    @Bean
    static ClusterStartLock clusterStartLock() {
        return new ClusterStartLock();
    }

    @Bean
    ClusterStartLock.Release clusterStartLockRelease(ClusterStartLock lock) {
        return new ClusterStartLock.Release(lock);
    }
}
