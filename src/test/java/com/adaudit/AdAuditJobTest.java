package com.adaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.config.AuditConfig;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
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
}
