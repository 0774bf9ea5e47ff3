package com.adaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.config.AuditConfig;
import com.adaudit.config.ConfigException;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.junit.jupiter.api.Test;

class AdAuditJobTest {

    /** Exactly-once, and on RocksDB only the files new since the last checkpoint are uploaded. */
    @Test
    void checkpointsAreExactlyOnceAndIncremental() {
        Configuration conf = AdAuditJob.flinkConfiguration(AuditConfig.of(Map.of("state.backend", "rocksdb")));
        assertEquals("rocksdb", conf.get(StateBackendOptions.STATE_BACKEND));
        assertEquals(CheckpointingMode.EXACTLY_ONCE, conf.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE));
        assertTrue(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS));
    }

    /** No Kryo fallback, and chained operators pass the (immutable) records on without a copy. */
    @Test
    void recordsTravelWithoutKryoOrCopies() {
        Configuration conf = AdAuditJob.flinkConfiguration(AuditConfig.of(Map.of()));
        assertFalse(conf.get(PipelineOptions.GENERIC_TYPES));
        assertTrue(conf.get(PipelineOptions.OBJECT_REUSE));
    }

    /** {@code flink.*} settings reach Flink (a local run's managed memory for RocksDB, for one). */
    @Test
    void flinkSettingsPassThrough() {
        Configuration conf = AdAuditJob.flinkConfiguration(AuditConfig.of(Map.of(
                "state.backend", "rocksdb",
                "flink.taskmanager.memory.managed.size", "256m",
                "flink.state.backend.rocksdb.thread.num", "4")));
        assertEquals(
                256L << 20, conf.get(TaskManagerOptions.MANAGED_MEMORY_SIZE).getBytes());
        assertEquals("4", conf.toMap().get("state.backend.rocksdb.thread.num"));
        assertEquals("rocksdb", conf.get(StateBackendOptions.STATE_BACKEND));
    }

    /** A {@code flink.*} key may not override a value that one of AdAudit's own settings gives. */
    @Test
    void flinkSettingsMayNotOverrideAdAuditsOwn() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> AdAuditJob.flinkConfiguration(
                        AuditConfig.of(Map.of("flink.execution.checkpointing.interval", "PT1M"))));
        assertTrue(e.getMessage().startsWith("setting flink.execution.checkpointing.interval:"), e.getMessage());
    }
}
