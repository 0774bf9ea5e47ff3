package com.adaudit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.AdAuditJob;
import com.adaudit.config.AuditConfig;
import com.adaudit.contracts.ContractParser;
import com.adaudit.testing.FlinkCluster;
import com.adaudit.testing.KafkaBroker;
import com.adaudit.testing.LiveTraffic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop with a savepoint halfway through the traffic, resume a new job from it, and find every
 * claim of the replay exactly once: nothing lost, nothing repeated. It runs on the RocksDB state
 * backend, the option for state larger than memory (the other tests use the default hashmap).
 */
class SavepointIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    @Test
    void stopWithSavepointAndResumeLosesAndRepeatsNothing(@TempDir Path dir) throws Exception {
        LiveTraffic traffic = LiveTraffic.generate(dir);
        Map<String, String> settings = LiveTraffic.settings(KAFKA, "savepoint", dir, traffic.contracts);
        settings.put("state.backend", "rocksdb");
        AuditConfig config = AuditConfig.of(settings);
        LiveTraffic.createTopics(KAFKA, config);
        int half = traffic.hourCount() / 2;

        JobClient first = start(config, null);
        traffic.produceHours(KAFKA, config, 0, half, Duration.ofMillis(300));
        LiveTraffic.waitFor(() -> !LiveTraffic.committedClaims(KAFKA, config).isEmpty(), Duration.ofSeconds(60));
        String savepoint = first.stopWithSavepoint(
                        false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get();
        int beforeStop = LiveTraffic.committedClaims(KAFKA, config).size();

        traffic.produceHours(KAFKA, config, half, traffic.hourCount(), Duration.ZERO);
        traffic.closeAllWindows(KAFKA, config);
        JobClient resumed = start(config, savepoint);
        try {
            LiveTraffic.waitFor(
                    () -> LiveTraffic.committedClaims(KAFKA, config).size() >= traffic.expectedClaims.size(),
                    Duration.ofSeconds(120));
            Thread.sleep(1_000); // a repeated claim would show up in the next checkpoints
        } finally {
            resumed.cancel().get();
        }
        assertTrue(
                beforeStop > 0 && beforeStop < traffic.expectedClaims.size(),
                "claims were issued before and after the savepoint: " + beforeStop);
        assertEquals(traffic.expectedClaims, LiveTraffic.committedClaims(KAFKA, config));
    }

    private static JobClient start(AuditConfig config, String savepoint) throws Exception {
        Configuration conf = LiveTraffic.flinkConf(config, 0);
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        AdAuditJob.define(env, config, ContractParser.readFile(config.contractsFile()));
        return env.executeAsync("adaudit-savepoint");
    }
}
