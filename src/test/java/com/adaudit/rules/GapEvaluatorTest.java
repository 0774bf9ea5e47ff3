package com.adaudit.rules;

import static com.adaudit.testing.Instants.HOUR;
import static com.adaudit.testing.Instants.T0;
import static com.adaudit.testing.Instants.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.contracts.Contract;
import com.adaudit.contracts.ContractBook;
import com.adaudit.contracts.LiveContracts;
import com.adaudit.events.VendorReport;
import com.adaudit.rules.gap.GapEvaluator;
import com.adaudit.rules.gap.GapInput;
import com.adaudit.rules.gap.ImpressionTally;
import com.adaudit.testing.Harnesses;
import com.adaudit.testing.Records;
import java.util.List;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GapEvaluatorTest {

    private static final long MAX_PERIOD = 7 * 24 * HOUR;
    private static final long GRACE = 48 * HOUR;

    private static KeyedBroadcastOperatorTestHarness<SourceKey, GapInput, Contract, WindowVerdict> harness(
            OperatorSubtaskState restore) throws Exception {
        return harness(evaluator(), restore, true);
    }

    private static GapEvaluator evaluator() {
        return new GapEvaluator(new LiveContracts(ContractBook.of(List.of(Records.K))), MAX_PERIOD);
    }

    private static KeyedBroadcastOperatorTestHarness<SourceKey, GapInput, Contract, WindowVerdict> harness(
            KeyedBroadcastProcessFunction<SourceKey, GapInput, Contract, WindowVerdict> function,
            OperatorSubtaskState restore,
            boolean onHeap)
            throws Exception {
        var h = Harnesses.open(
                Harnesses.backend(
                        new KeyedBroadcastOperatorTestHarness<SourceKey, GapInput, Contract, WindowVerdict>(
                                new CoBroadcastWithKeyedOperator<>(function, List.of(LiveContracts.UPDATES)),
                                g -> g.tally() != null
                                        ? new SourceKey(
                                                g.tally().contractId(),
                                                g.tally().campaignId(),
                                                g.tally().sourceId())
                                        : new SourceKey(
                                                "K",
                                                g.report().campaignId(),
                                                g.report().sourceId()),
                                TypeInformation.of(SourceKey.class),
                                1,
                                1,
                                0),
                        onHeap),
                restore);
        h.processBroadcastWatermark(Long.MAX_VALUE);
        return h;
    }

    private static void measured(
            KeyedBroadcastOperatorTestHarness<SourceKey, GapInput, Contract, WindowVerdict> h,
            long windowStart,
            long impressions)
            throws Exception {
        h.processElement(
                GapInput.of(new ImpressionTally("K", "c-42", "s3", windowStart, windowStart + HOUR, impressions)),
                windowStart + HOUR - 1);
    }

    private static void report(
            KeyedBroadcastOperatorTestHarness<SourceKey, GapInput, Contract, WindowVerdict> h,
            String id,
            long ts,
            long start,
            long end,
            long impressions,
            long cost)
            throws Exception {
        VendorReport r = Records.report(id, ts, start, end, impressions, cost);
        h.processElement(GapInput.of(r), ts);
    }

    @Test
    void evaluatesAReportOnceTheWatermarkPassesItsPeriodAndReplacementsAfterIt() throws Exception {
        try (var h = harness(null)) {
            measured(h, T0, 15_000);
            report(h, "r1", at(1, 5), T0, T0 + HOUR, 20_000, 40_000_000);
            report(h, "r2", at(2, 0), T0, T0 + HOUR, 16_000, 32_000_000);
            h.processWatermark(at(1, 5) - 1);
            assertEquals(0, h.extractOutputValues().size());
            h.processWatermark(at(1, 5));
            WindowVerdict first = h.extractOutputValues().get(0);
            assertEquals(Status.BREACH, first.status());
            assertEquals(15_000, first.report().measuredImpressions());
            assertEquals(at(1, 5), first.reportTs());
            h.processWatermark(at(2, 0));
            WindowVerdict second = h.extractOutputValues().get(1);
            assertEquals(Status.PASS, second.status(), "15000 / 16000 = 0.9375 is not < 0.90");
            assertEquals(at(2, 0), second.reportTs());
        }
    }

    @Test
    void sumsTheWindowsOfAMultiWindowPeriodAndIgnoresAnOlderReport() throws Exception {
        try (var h = harness(null)) {
            measured(h, T0, 400);
            measured(h, T0 + HOUR, 500);
            measured(h, T0 + 2 * HOUR, 999); // outside the period
            report(h, "newer", at(2, 10), T0, T0 + 2 * HOUR, 1000, 1_000);
            report(h, "older", at(2, 10), T0, T0 + 2 * HOUR, 5000, 1_000); // same ts: report_id order
            h.processWatermark(at(2, 10));
            List<WindowVerdict> out = h.extractOutputValues();
            assertEquals(
                    List.of("newer", "older"),
                    out.stream().map(WindowVerdict::reportId).toList(),
                    "reports of one instant are taken in report_id order");
            assertEquals(900, out.get(0).report().measuredImpressions());
        }
    }

    @Test
    void belowTheMinimumReportedImpressionsIsNotEvaluable() throws Exception {
        try (var h = harness(null)) {
            report(h, "small", at(1, 0), T0, T0 + HOUR, 999, 1_000);
            h.processWatermark(at(1, 0));
            assertEquals(Status.NOT_EVALUABLE, h.extractOutputValues().get(0).status());
        }
    }

    @ParameterizedTest(name = "state on the heap: {0}")
    @ValueSource(booleans = {true, false})
    void dropsMeasurementsAndReportsOnceNoReportCanUseThem(boolean onHeap) throws Exception {
        try (var h = harness(evaluator(), null, onHeap)) {
            measured(h, T0, 10);
            measured(h, T0 + HOUR, 20);
            report(h, "r1", at(1, 5), T0, T0 + HOUR, 2000, 1_000);
            report(h, "r2", at(2, 5), T0 + HOUR, T0 + 2 * HOUR, 2000, 1_000);
            h.processWatermark(T0 + HOUR + GRACE);
            assertEquals(2, h.extractOutputValues().size());
            h.processWatermark(T0 + 2 * HOUR + GRACE + MAX_PERIOD);
            assertEquals(0, h.numEventTimeTimers(), "every timer fired");
            assertEquals(0, Harnesses.keyedStateEntries(h), "no window, report or expiry kept");
            // a late-arriving report of the same period finds nothing measured any more
            report(h, "r3", T0 + 2 * HOUR + GRACE + MAX_PERIOD + 1, T0, T0 + HOUR, 2000, 1_000);
            h.processWatermark(Long.MAX_VALUE);
            assertEquals(0, h.extractOutputValues().get(2).report().measuredImpressions());
        }
    }

    @Test
    void forgetsAnExpiredReportInForceButKeepsALaterOne() throws Exception {
        try (var h = harness(null)) {
            report(h, "early", at(1, 5), T0, T0 + HOUR, 2000, 1_000);
            report(h, "later", at(6, 5), at(5, 0), at(6, 0), 2000, 1_000);
            h.processWatermark(T0 + HOUR + GRACE);
            // the early period's report expired: an older report of that period is evaluated again
            report(h, "early-older", at(1, 0), T0, T0 + HOUR, 2000, 1_000);
            // the later period's report is still in force: an older one changes nothing
            report(h, "later-older", at(6, 0), at(5, 0), at(6, 0), 2000, 1_000);
            h.processWatermark(T0 + HOUR + GRACE + 1);
            assertEquals(
                    List.of("early", "later", "early-older"),
                    h.extractOutputValues().stream()
                            .map(WindowVerdict::reportId)
                            .toList());
        }
    }

    /** The measured windows as they were kept before 0.x's packed layout: one map entry per window. */
    private static final class EarlierLayout
            extends KeyedBroadcastProcessFunction<SourceKey, GapInput, Contract, WindowVerdict> {
        @Override
        public void processElement(GapInput input, ReadOnlyContext ctx, Collector<WindowVerdict> out) throws Exception {
            getRuntimeContext()
                    .getMapState(new MapStateDescriptor<>(
                            "measured-impressions", Types.LONG, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO))
                    .put(
                            input.tally().windowStart(),
                            new long[] {input.tally().windowEnd(), input.tally().impressions()});
        }

        @Override
        public void processBroadcastElement(Contract contract, Context ctx, Collector<WindowVerdict> out) {}
    }

    @Test
    void refusesASavepointOfTheEarlierLayout() throws Exception {
        OperatorSubtaskState earlier;
        try (var h = harness(new EarlierLayout(), null, true)) {
            measured(h, T0, 15_000);
            earlier = h.snapshot(1L, 1L);
        }
        Exception refused = assertThrows(Exception.class, () -> harness(earlier).close());
        String chain = ExceptionUtils.stringifyException(refused);
        assertTrue(chain.contains("Incompatible key/value state types. Was [MAP]"), chain);
    }

    @Test
    void keepsMeasurementsAcrossSnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(null)) {
            measured(h, T0, 15_000);
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(snapshot)) {
            report(h, "r1", at(1, 5), T0, T0 + HOUR, 20_000, 40_000_000);
            h.processWatermark(at(1, 5));
            assertEquals(15_000, h.extractOutputValues().get(0).report().measuredImpressions());
        }
    }
}
