package com.adaudit.rules;

import static com.adaudit.testing.Instants.HOUR;
import static com.adaudit.testing.Instants.T0;
import static com.adaudit.testing.Instants.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.adaudit.events.Click;
import com.adaudit.pipeline.AuditPipeline;
import com.adaudit.rules.underpriced.ClickTally;
import com.adaudit.rules.underpriced.ClickTallyAggregate;
import com.adaudit.rules.underpriced.EmitClickTally;
import com.adaudit.testing.Harnesses;
import com.adaudit.testing.Records;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The click-tally window operator as the pipeline builds it: contract windows, aggregate plus window function. */
class ClickTallyWindowTest {

    private static final KeySelector<Click, SourceKey> KEY =
            c -> new SourceKey(c.governance().contractId(), c.campaignId(), c.sourceId());
    private static final TypeInformation<SourceKey> KEY_TYPE = TypeInformation.of(SourceKey.class);

    private static KeyedOneInputStreamOperatorTestHarness<SourceKey, Click, ClickTally> harness(
            OperatorSubtaskState restore) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SingleOutputStreamOperator<ClickTally> tallies = env.fromData(
                        List.of(Records.click("x", T0, "s1", 1)), TypeInformation.of(Click.class))
                .keyBy(KEY, KEY_TYPE)
                .window(new ContractWindows<>(new AuditPipeline.ClickWindows()))
                .aggregate(new ClickTallyAggregate(), new EmitClickTally());
        @SuppressWarnings("unchecked")
        OneInputTransformation<Click, ClickTally> transformation =
                (OneInputTransformation<Click, ClickTally>) tallies.getTransformation();
        return Harnesses.open(
                new KeyedOneInputStreamOperatorTestHarness<>(transformation.getOperatorFactory(), KEY, KEY_TYPE),
                restore);
    }

    private static void click(
            KeyedOneInputStreamOperatorTestHarness<SourceKey, Click, ClickTally> h, long ts, String source, long cost)
            throws Exception {
        h.processElement(Records.click("c" + ts + source, ts, source, cost), ts);
    }

    @Test
    void sumsEachSourceWindowAndFiresAtItsEnd() throws Exception {
        try (var h = harness(null)) {
            click(h, at(0, 1), "s1", 650_000);
            click(h, at(0, 59), "s1", 650_000);
            click(h, at(0, 30), "s2", 700_000);
            click(h, at(1, 0), "s1", 1); // next window
            h.processWatermark(T0 + HOUR - 2);
            assertEquals(0, h.extractOutputValues().size());
            h.processWatermark(T0 + HOUR - 1);
            List<ClickTally> out = h.extractOutputValues();
            assertEquals(
                    List.of(
                            new ClickTally("K", "c-42", "s1", T0, T0 + HOUR, 2, 1_300_000),
                            new ClickTally("K", "c-42", "s2", T0, T0 + HOUR, 1, 700_000)),
                    out.stream()
                            .sorted(java.util.Comparator.comparing(ClickTally::sourceId))
                            .toList());
            assertEquals(T0 + HOUR - 1, h.extractOutputStreamRecords().get(0).getTimestamp());
            assertEquals(1, h.numEventTimeTimers(), "only the 11:00 window is left");
            h.processWatermark(T0 + 2 * HOUR - 1);
            assertEquals(0, h.numKeyedStateEntries(), "window state is cleared when it fires");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void keepsOpenWindowsAcrossSnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(null)) {
            click(h, at(0, 1), "s1", 100);
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(snapshot)) {
            click(h, at(0, 2), "s1", 200);
            h.processWatermark(T0 + HOUR - 1);
            assertEquals(
                    new ClickTally("K", "c-42", "s1", T0, T0 + HOUR, 2, 300),
                    h.extractOutputValues().get(0));
        }
    }
}
