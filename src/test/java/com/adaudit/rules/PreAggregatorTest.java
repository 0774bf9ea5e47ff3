package com.adaudit.rules;

import static com.adaudit.testing.Instants.HOUR;
import static com.adaudit.testing.Instants.T0;
import static com.adaudit.testing.Instants.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.events.Click;
import com.adaudit.pipeline.AuditPipeline;
import com.adaudit.rules.PreAggregator.MergePartials;
import com.adaudit.rules.underpriced.ClickTallyAggregate;
import com.adaudit.testing.Harnesses;
import com.adaudit.testing.Records;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Partials leave before the watermark that makes their window final, before every checkpoint
 * barrier and at the end of input; the operator keeps no state; merged partials equal the sums
 * over all inputs.
 */
class PreAggregatorTest {

    private static final SourceKey S1 = new SourceKey("K", "c-42", "s1");
    private static final SourceKey S2 = new SourceKey("K", "c-42", "s2");

    private static OneInputStreamOperatorTestHarness<Click, WindowPartial<ClickTallyAggregate.Sums>> harness()
            throws Exception {
        return Harnesses.open(
                new OneInputStreamOperatorTestHarness<>(new PreAggregator<Click, ClickTallyAggregate.Sums>(
                        c -> new SourceKey(c.governance().contractId(), c.campaignId(), c.sourceId()),
                        new AuditPipeline.ClickWindows(),
                        new ClickTallyAggregate())),
                null);
    }

    @Test
    void aWindowsPartialLeavesBeforeTheWatermarkThatMakesItFinal() throws Exception {
        try (var h = harness()) {
            h.processElement(Records.click("a", at(0, 1), "s1", 400_000), at(0, 1));
            h.processElement(Records.click("b", at(0, 59), "s1", 600_000), at(0, 59));
            h.processElement(Records.click("c", at(0, 30), "s2", 500_000), at(0, 30));
            h.processElement(Records.click("d", at(1, 5), "s1", 700_000), at(1, 5));
            h.processWatermark(T0 + HOUR - 2);
            assertEquals(1, h.getOutput().size(), "only the watermark: no window is final yet");

            h.processWatermark(T0 + HOUR - 1);
            List<Object> out =
                    new ArrayList<>(h.getOutput()).subList(1, h.getOutput().size());
            assertEquals(3, out.size(), "two partials, then the watermark");
            assertEquals(new Watermark(T0 + HOUR - 1), out.get(2));
            List<WindowPartial<ClickTallyAggregate.Sums>> partials = partialsOf(out.subList(0, 2));
            assertPartial(partials.get(0), S1, T0, 2, 2, 1_000_000);
            assertPartial(partials.get(1), S2, T0, 1, 1, 500_000);

            h.endInput();
            List<WindowPartial<ClickTallyAggregate.Sums>> last =
                    partialsOf(h.getOutput().stream().skip(4).toList());
            assertEquals(1, last.size(), "what is open leaves at the end of input");
            assertPartial(last.get(0), S1, T0 + HOUR, 1, 1, 700_000);
        }
    }

    @Test
    void aLaterWindowLeavesAtItsOwnWatermarkAfterAnEarlierOneLeft() throws Exception {
        try (var h = harness()) {
            h.processElement(Records.click("a", at(0, 1), "s1", 400_000), at(0, 1));
            h.processElement(Records.click("b", at(1, 1), "s1", 600_000), at(1, 1));
            h.processWatermark(T0 + HOUR - 1);
            assertEquals(1, partialsOf(new ArrayList<>(h.getOutput())).size());
            h.processWatermark(T0 + 2 * HOUR - 2);
            assertEquals(1, partialsOf(new ArrayList<>(h.getOutput())).size(), "the 11:00 window is still open");
            h.processWatermark(T0 + 2 * HOUR - 1);
            List<WindowPartial<ClickTallyAggregate.Sums>> partials = partialsOf(new ArrayList<>(h.getOutput()));
            assertEquals(2, partials.size());
            assertPartial(partials.get(1), S1, T0 + HOUR, 1, 1, 600_000);
        }
    }

    @Test
    void everythingOpenLeavesBeforeACheckpointBarrierAndNothingIsInState() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.processElement(Records.click("a", at(0, 1), "s1", 400_000), at(0, 1));
            h.processElement(Records.click("b", at(1, 1), "s1", 600_000), at(1, 1));
            h.prepareSnapshotPreBarrier(1);
            snapshot = h.snapshot(1, 0);
            assertEquals(2, partialsOf(new ArrayList<>(h.getOutput())).size());
            assertTrue(snapshot.getManagedOperatorState().isEmpty());
            assertTrue(snapshot.getManagedKeyedState().isEmpty());
        }
        try (var restored = Harnesses.open(
                new OneInputStreamOperatorTestHarness<>(new PreAggregator<Click, ClickTallyAggregate.Sums>(
                        c -> new SourceKey(c.governance().contractId(), c.campaignId(), c.sourceId()),
                        new AuditPipeline.ClickWindows(),
                        new ClickTallyAggregate())),
                snapshot)) {
            restored.endInput();
            assertEquals(0, restored.getOutput().size(), "a restored operator has nothing left to send");
        }
    }

    @Test
    void mergedPartialsEqualTheSumsOverAllInputs() {
        ClickTallyAggregate sums = new ClickTallyAggregate();
        ClickTallyAggregate.Sums whole = sums.createAccumulator();
        MergePartials<ClickTallyAggregate.Sums, ClickTallyAggregate.Sums> merge = new MergePartials<>(sums);
        ClickTallyAggregate.Sums merged = merge.createAccumulator();
        long[] costs = {400_000, 600_000, 1, 999_999, 250_000};
        for (int split = 0; split < costs.length; split += 2) {
            ClickTallyAggregate.Sums part = sums.createAccumulator();
            for (int i = split; i < Math.min(costs.length, split + 2); i++) {
                Click c = Records.click("c" + i, at(0, i), "s1", costs[i]);
                part = sums.add(c, part);
                whole = sums.add(c, whole);
            }
            merged = merge.add(new WindowPartial<>(S1, T0, T0 + HOUR - 1, part.clicks, part), merged);
        }
        assertEquals(whole.clicks, merge.getResult(merged).clicks);
        assertEquals(whole.spendMicros, merge.getResult(merged).spendMicros);
    }

    @SuppressWarnings("unchecked")
    private static List<WindowPartial<ClickTallyAggregate.Sums>> partialsOf(List<Object> output) {
        List<WindowPartial<ClickTallyAggregate.Sums>> partials = new ArrayList<>();
        for (Object o : output) {
            if (o instanceof StreamRecord<?> r) {
                assertInstanceOf(WindowPartial.class, r.getValue());
                WindowPartial<ClickTallyAggregate.Sums> p = (WindowPartial<ClickTallyAggregate.Sums>) r.getValue();
                assertEquals(p.firesAt(), r.getTimestamp(), "a partial is stamped with its window's last instant");
                partials.add(p);
            }
        }
        partials.sort(Comparator.comparing((WindowPartial<?> p) -> p.key().sourceId())
                .thenComparingLong(WindowPartial::windowStart));
        return partials;
    }

    private static void assertPartial(
            WindowPartial<ClickTallyAggregate.Sums> p,
            SourceKey key,
            long start,
            long inputs,
            long clicks,
            long spend) {
        assertEquals(key, p.key());
        assertEquals(start, p.windowStart());
        assertEquals(start + HOUR - 1, p.firesAt());
        assertEquals(inputs, p.inputs());
        assertEquals(clicks, p.sums().clicks);
        assertEquals(spend, p.sums().spendMicros);
    }
}
