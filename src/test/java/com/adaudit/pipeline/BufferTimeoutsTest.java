package com.adaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.contracts.ContractBook;
import com.adaudit.testing.Records;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * The network buffer timeouts as {@link AuditPipeline} sets them: the stages whose records are few
 * (from the window sums on, contract updates, late records) take the result timeout; the events'
 * stages keep the environment's.
 */
class BufferTimeoutsTest {

    private static final long EVENTS_MILLIS = 100;
    private static final long RESULTS_MILLIS = 7;

    @Test
    void theResultStagesFlushSoonerThanTheEventStages() {
        Map<String, Long> timeouts = timeouts(RuntimeExecutionMode.STREAMING);
        for (String stage : List.of(
                "fold-impressions",
                "fold-underpriced-clicks",
                "fold-sessions",
                "fold-classified-clicks",
                "click-tallies",
                "bounce-tallies",
                "ivt-tallies",
                "impression-tallies",
                "reports-to-gap-input",
                "evaluate-underpriced",
                "evaluate-bounce",
                "evaluate-ivt",
                "evaluate-gap",
                "track-breach-runs-underpriced",
                "track-breach-runs-bounce",
                "track-breach-runs-ivt",
                "track-breach-runs-gap",
                "assemble-spend-claims",
                "issue-impression-claims",
                "contracts-in-arrival-order",
                "late-at-click-tallies",
                "late-at-track-breach-runs-gap")) {
            assertEquals(RESULTS_MILLIS, timeouts.get(stage), stage);
        }
        for (String stage :
                List.of("admit-impressions", "admit-clicks", "admit-pageviews", "track-sessions", "classify-clicks")) {
            assertEquals(EVENTS_MILLIS, timeouts.get(stage), stage);
        }
    }

    @Test
    void theBatchReplayKeepsTheEnvironmentsEverywhere() {
        Map<String, Long> timeouts = timeouts(RuntimeExecutionMode.BATCH);
        assertTrue(
                timeouts.containsKey("evaluate-underpriced"), timeouts.keySet().toString());
        timeouts.forEach((stage, timeout) -> assertTrue(timeout != RESULTS_MILLIS, stage + ": " + timeout));
    }

    /** Each stage's buffer timeout, by name. */
    private static Map<String, Long> timeouts(RuntimeExecutionMode mode) {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, mode);
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(EVENTS_MILLIS));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        AuditPipeline.define(
                env,
                new EmptySources(),
                new NoSinks(),
                ContractBook.of(List.of(Records.K)),
                PipelineSettings.DEFAULTS.withResultBufferTimeout(Duration.ofMillis(RESULTS_MILLIS)));
        Map<String, Long> timeouts = new TreeMap<>();
        for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
            timeouts.put(node.getOperatorName(), node.getBufferTimeout());
        }
        return timeouts;
    }
}
