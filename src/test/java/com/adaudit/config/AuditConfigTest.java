package com.adaudit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditConfigTest {

    @Test
    void theShippedConfigFileListsEverySettingWithItsDefault() throws Exception {
        Properties shipped = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("conf/adaudit.properties"))) {
            shipped.load(in);
        }
        Map<String, String> fromFile = new TreeMap<>();
        shipped.stringPropertyNames()
                .forEach(k -> fromFile.put(k, shipped.getProperty(k).trim()));
        assertEquals(new TreeMap<>(AuditConfig.DEFAULTS), fromFile);
    }

    @Test
    void flagsOverrideTheFileAndClientPropertiesPassThrough(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("adaudit.properties");
        Files.writeString(
                file,
                "parallelism=4\nkafka.client.security.protocol=SASL_SSL\nflink.state.backend.rocksdb.thread.num=8\n");
        AuditConfig c = AuditConfig.load(
                new String[] {"--config", file.toString(), "--parallelism", "3", "--state.backend", "rocksdb"});
        assertEquals(3, c.parallelism());
        assertEquals(AuditConfig.StateBackend.ROCKSDB, c.stateBackend());
        assertEquals(false, c.pipeline().stateOnHeap(), "admission lays its ids out for RocksDB");
        assertEquals(Map.of("security.protocol", "SASL_SSL"), c.kafkaClient());
        assertEquals(
                Map.of(
                        "state.backend.rocksdb.thread.num", "8", // the file's, over AdAudit's default of 4
                        // AdAudit's defaults
                        "state.backend.rocksdb.use-bloom-filter", "true",
                        "state.backend.rocksdb.memory.partitioned-index-filters", "true",
                        "state.backend.rocksdb.compression.per.level", "NO_COMPRESSION;NO_COMPRESSION;LZ4_COMPRESSION",
                        "state.backend.rocksdb.writebuffer.size", "1mb",
                        "state.backend.rocksdb.compaction.level.max-size-level-base", "64mb",
                        "state.backend.rocksdb.compaction.level.target-file-size-base", "16mb"),
                c.flink());
        assertEquals("compensation-claims", c.topic("claims"));
        assertEquals(Duration.ofMinutes(15), c.transactionTimeout());
    }

    @Test
    void aRocksDbDefaultGivesWayToTheOperatorsValue() {
        AuditConfig c = AuditConfig.of(Map.of("flink.state.backend.rocksdb.use-bloom-filter", "false"));
        assertEquals("false", c.flink().get("state.backend.rocksdb.use-bloom-filter"));
        assertEquals(
                "NO_COMPRESSION;NO_COMPRESSION;LZ4_COMPRESSION",
                c.flink().get("state.backend.rocksdb.compression.per.level"));
        assertEquals("true", c.flink().get("state.backend.rocksdb.memory.partitioned-index-filters"));
    }

    /** Kafka turns host name checks off with an empty value; it must reach the clients as it is. */
    @Test
    void anEmptyClientValuePassesThrough() {
        AuditConfig c = AuditConfig.of(Map.of("kafka.client.ssl.endpoint.identification.algorithm", ""));
        assertEquals(Map.of("ssl.endpoint.identification.algorithm", ""), c.kafkaClient());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "parallelism, zero",
        "parallelism, 0",
        "state.backend, memory",
        "kafka.starting-offsets, yesterday",
        "checkpoint.interval, 10s",
        "watermark.idleness, PT0S",
        "watermark.interval, PT0S",
        "network.buffer-timeout, -PT1S",
        "network.result-buffer-timeout, -PT1S",
        "kafka.bounded, yes",
        "kafka.topic.claims, ' '",
        "kafka.transaction-timeout, PT5S",
        "kafka.bootstrap-server, localhost:9092",
        "flink., 4",
        "kafka.client., SASL_SSL",
        "kafka.fetch-min-bytes, 0",
        "kafka.fetch-min-bytes, 64k",
        "kafka.fetch-max-wait, -PT1S",
        "kafka.fetch-max-wait, P30D",
        "kafka.client.fetch.min.bytes, 1",
        "kafka.client.fetch.max.wait.ms, 500",
    })
    void aBadSettingStopsTheJobNamingTheKey(String key, String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> AuditConfig.of(Map.of(key, value)));
        assertEquals(true, e.getMessage().startsWith("setting " + key + ":"), e.getMessage());
    }
}
