package com.adaudit.io.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.adaudit.config.AuditConfig;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaSourcesTest {

    @Test
    void sourcesFetchInFullBatchesAndReadOnlyCommittedRecords() {
        Properties p = KafkaSources.consumerProperties(AuditConfig.of(Map.of()));
        assertEquals("65536", p.getProperty("fetch.min.bytes"));
        assertEquals("50", p.getProperty("fetch.max.wait.ms"));
        assertEquals("read_committed", p.getProperty("isolation.level"));
    }

    @Test
    void theTypedFetchSettingsAndTheOperatorsClientPropertiesReachTheConsumer() {
        Properties p = KafkaSources.consumerProperties(AuditConfig.of(Map.of(
                "kafka.fetch-min-bytes", "1",
                "kafka.fetch-max-wait", "PT0.5S",
                "kafka.client.security.protocol", "SASL_SSL",
                "kafka.client.isolation.level", "read_uncommitted")));
        assertEquals("1", p.getProperty("fetch.min.bytes"));
        assertEquals("500", p.getProperty("fetch.max.wait.ms"));
        assertEquals("SASL_SSL", p.getProperty("security.protocol"));
        assertEquals("read_committed", p.getProperty("isolation.level"), "exactly-once needs committed records only");
    }
}
