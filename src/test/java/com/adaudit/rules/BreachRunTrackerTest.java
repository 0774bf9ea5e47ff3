package com.adaudit.rules;

import static com.adaudit.testing.Instants.HOUR;
import static com.adaudit.testing.Instants.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.contracts.Rule;
import com.adaudit.testing.Harnesses;
import com.adaudit.testing.Verdicts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.apache.flink.util.ExceptionUtils;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

class BreachRunTrackerTest {

    private static final OutputTag<WindowVerdict> LATE =
            new OutputTag<>("late", TypeInformation.of(WindowVerdict.class));
    private static final OutputTag<PeriodRevision> REVISIONS =
            new OutputTag<>("revisions", TypeInformation.of(PeriodRevision.class));

    private static final RunKey PRICE = new RunKey("UNDERPRICED_SOURCE", "K", "c-42", "s1");
    private static final RunKey GAP = new RunKey("IMPRESSION_GAP", "K", "c-42", "s3");

    private static KeyedOneInputStreamOperatorTestHarness<RunKey, WindowVerdict, Flag> harness(
            OperatorSubtaskState restore) throws Exception {
        return Harnesses.open(
                new KeyedOneInputStreamOperatorTestHarness<RunKey, WindowVerdict, Flag>(
                        new KeyedProcessOperator<>(new BreachRunTracker(LATE, REVISIONS)),
                        RunKey::of,
                        TypeInformation.of(RunKey.class)),
                restore);
    }

    /** An UNDERPRICED_SOURCE verdict of hour {@code hour}, decided at that hour's end. */
    private static void spend(
            KeyedOneInputStreamOperatorTestHarness<RunKey, WindowVerdict, Flag> h, int hour, Status status, int k)
            throws Exception {
        h.processElement(
                Verdicts.spend(Rule.UNDERPRICED_SOURCE, status, T0 + hour * HOUR, k, "1.0", 0), decidedAt(hour));
    }

    private static long decidedAt(int hour) {
        return T0 + (hour + 1) * HOUR - 1;
    }

    /** The windows flagged so far, as hours after T0, in the order they were flagged. */
    private static List<Long> flaggedHours(KeyedOneInputStreamOperatorTestHarness<RunKey, WindowVerdict, Flag> h) {
        return h.extractOutputValues().stream()
                .map(f -> (f.verdict().windowStart() - T0) / HOUR)
                .toList();
    }

    @Test
    void kOneFlagsEveryBreachAndNothingElse() throws Exception {
        try (var h = harness(null)) {
            spend(h, 0, Status.BREACH, 1);
            spend(h, 1, Status.PASS, 1);
            spend(h, 2, Status.NOT_EVALUABLE, 1);
            spend(h, 3, Status.BREACH, 1);
            h.processWatermark(decidedAt(3));
            assertEquals(List.of(0L, 3L), flaggedHours(h));
            assertEquals(
                    Flag.idOf(h.extractOutputValues().get(0).verdict()),
                    h.extractOutputValues().get(0).flagId());
        }
    }

    @Test
    void kTwoFlagsBothWindowsOnceTheRunIsCompleteAndEachLaterWindowOnce() throws Exception {
        try (var h = harness(null)) {
            spend(h, 0, Status.BREACH, 2);
            h.processWatermark(decidedAt(0));
            assertEquals(List.of(), flaggedHours(h), "one breach is not a run of two");
            spend(h, 1, Status.BREACH, 2);
            h.processWatermark(decidedAt(1));
            assertEquals(List.of(0L, 1L), flaggedHours(h));
            spend(h, 2, Status.BREACH, 2);
            spend(h, 3, Status.BREACH, 2);
            h.processWatermark(decidedAt(3));
            assertEquals(List.of(0L, 1L, 2L, 3L), flaggedHours(h));
        }
    }

    @Test
    void holesAndNotEvaluableWindowsBreakRuns() throws Exception {
        try (var h = harness(null)) {
            spend(h, 0, Status.BREACH, 3);
            spend(h, 1, Status.BREACH, 3);
            // hour 2 has no data: a hole
            spend(h, 3, Status.BREACH, 3);
            spend(h, 4, Status.NOT_EVALUABLE, 3);
            spend(h, 5, Status.BREACH, 3);
            spend(h, 6, Status.BREACH, 3);
            spend(h, 7, Status.BREACH, 3);
            h.processWatermark(decidedAt(9));
            assertEquals(List.of(5L, 6L, 7L), flaggedHours(h));
        }
    }

    /** The example: runs [0, 0.5, 1], [2 … 3.5], [4.5, 5, 5.5] of half-hour windows, K = 3, any order. */
    @Test
    void windowsArrivingOutOfOrderStillMakeTheirRuns() throws Exception {
        List<Integer> breaching = List.of(0, 1, 2, 4, 5, 6, 7, 9, 10, 11);
        for (long seed = 0; seed < 20; seed++) {
            List<Integer> order = new ArrayList<>(breaching);
            order.addAll(List.of(3, 8));
            Collections.shuffle(order, new Random(seed));
            try (var h = harness(null)) {
                long at = T0 + 10 * HOUR; // every verdict decided at one instant, as batch mode may hand them over
                for (int half : order) {
                    Status status = breaching.contains(half) ? Status.BREACH : Status.PASS;
                    h.processElement(halfHour(half, status), at);
                }
                h.processWatermark(at);
                List<Long> flagged = h.extractOutputValues().stream()
                        .map(f -> (f.verdict().windowStart() - T0) / (HOUR / 2))
                        .sorted()
                        .toList();
                assertEquals(breaching.stream().map(Integer::longValue).toList(), flagged, "seed " + seed);
            }
        }
    }

    private static WindowVerdict halfHour(int half, Status status) {
        return Verdicts.spend(Rule.HIGH_BOUNCE_RATE, status, T0 + half * HOUR / 2, 30, 3);
    }

    @Test
    void aLongRunFlagsEachWindowOnceAndKeepsLittleState() throws Exception {
        try (var h = harness(null)) {
            for (int hour = 0; hour < 200; hour++) {
                spend(h, hour, Status.BREACH, 3);
                h.processWatermark(decidedAt(hour));
            }
            assertEquals(200, flaggedHours(h).size());
            assertEquals(200, flaggedHours(h).stream().distinct().count());
            assertEquals(1, runWindows(h, PRICE), "of a final, flagged run only its growing end is kept");
            spend(h, 200, Status.PASS, 3);
            h.processWatermark(decidedAt(202));
            assertEquals(0, h.numKeyedStateEntries(), "a run that can no longer grow is forgotten");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void forgetsAShortRunOnceItsNextWindowIsFinalWithoutData() throws Exception {
        try (var h = harness(null)) {
            spend(h, 0, Status.BREACH, 3);
            spend(h, 1, Status.BREACH, 3);
            h.processWatermark(decidedAt(1));
            assertEquals(2, runWindows(h, PRICE));
            h.processWatermark(decidedAt(2) - 1);
            assertEquals(2, runWindows(h, PRICE), "hour 2 may still complete the run");
            h.processWatermark(decidedAt(2));
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(List.of(), flaggedHours(h));
        }
    }

    @Test
    void resumesARunInTheMiddleAfterSnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(null)) {
            spend(h, 0, Status.BREACH, 3);
            spend(h, 1, Status.BREACH, 3);
            spend(h, 2, Status.BREACH, 3);
            spend(h, 3, Status.BREACH, 3); // pending: its instant is not yet passed
            h.processWatermark(decidedAt(2));
            assertEquals(List.of(0L, 1L, 2L), flaggedHours(h));
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(snapshot)) {
            spend(h, 4, Status.BREACH, 3);
            h.processWatermark(decidedAt(4));
            assertEquals(List.of(3L, 4L), flaggedHours(h), "windows 0 to 2 were flagged before the restore");
        }
    }

    @Test
    void aVerdictBehindTheWatermarkGoesToTheLateOutput() throws Exception {
        try (var h = harness(null)) {
            h.processWatermark(decidedAt(1));
            spend(h, 1, Status.BREACH, 1);
            assertEquals(List.of(), flaggedHours(h));
            assertEquals(1, h.getSideOutput(LATE).size());
        }
    }

    // IMPRESSION_GAP: reports out of period order and replacements.

    private static void report(
            KeyedOneInputStreamOperatorTestHarness<RunKey, WindowVerdict, Flag> h, WindowVerdict v, long at)
            throws Exception {
        h.processElement(v, at);
    }

    @Test
    void aReportForAnEarlierPeriodCompletesRunsOnBothSides() throws Exception {
        try (var h = harness(null)) {
            report(h, Verdicts.gap("r0", Status.BREACH, T0, 20_000, 11_000, 40_000_000, 3), T0 + 2 * HOUR);
            report(h, Verdicts.gap("r2", Status.BREACH, T0 + 2 * HOUR, 20_000, 11_000, 40_000_000, 3), T0 + 3 * HOUR);
            h.processWatermark(T0 + 3 * HOUR);
            assertEquals(List.of(), flaggedHours(h));
            // the report for hour 1 comes last, within its grace
            report(h, Verdicts.gap("r1", Status.BREACH, T0 + HOUR, 20_000, 11_000, 40_000_000, 3), T0 + 5 * HOUR);
            h.processWatermark(T0 + 5 * HOUR);
            assertEquals(List.of(0L, 1L, 2L), flaggedHours(h));
            assertEquals(
                    List.of(1, 1, 1),
                    revisions(h).stream().map(PeriodRevision::revision).toList());
        }
    }

    @Test
    void replacementsReviseAClaimedPeriodFromItsFirstBreachingReport() throws Exception {
        try (var h = harness(null)) {
            // docs/reference.md: 20000 reported, 15000 measured; corrected to 16000 (pass), then to 18000 (breach)
            report(h, Verdicts.gap("r1", Status.PASS, T0, 20_000, 19_000, 40_000_000), T0 + HOUR);
            report(h, Verdicts.gap("r2", Status.BREACH, T0, 20_000, 15_000, 40_000_000), T0 + 2 * HOUR);
            report(h, Verdicts.gap("r3", Status.PASS, T0, 16_000, 15_000, 32_000_000), T0 + 3 * HOUR);
            report(h, Verdicts.gap("r4", Status.BREACH, T0, 18_000, 15_000, 36_000_000), T0 + 4 * HOUR);
            h.processWatermark(T0 + 4 * HOUR);
            List<PeriodRevision> revisions = revisions(h);
            assertEquals(
                    List.of(1, 2, 3),
                    revisions.stream().map(PeriodRevision::revision).toList());
            assertEquals(
                    List.of("r2", "r3", "r4"),
                    revisions.stream().map(r -> r.verdict().reportId()).toList());
            assertNull(revisions.get(0).previous());
            assertEquals("r2", revisions.get(1).previous().reportId());
            assertEquals(2, revisions.get(2).flagIds().length, "r2's and r4's flags");
            assertEquals(
                    List.of("r2", "r4"),
                    h.extractOutputValues().stream()
                            .map(f -> f.verdict().reportId())
                            .toList());
        }
    }

    @Test
    void reportsOfOneInstantAreTakenInReportOrderWhateverTheirArrival() throws Exception {
        WindowVerdict first = Verdicts.gap("r-a", Status.BREACH, T0, 20_000, 15_000, 40_000_000);
        WindowVerdict second = Verdicts.gap("r-b", Status.PASS, T0, 16_000, 15_000, 32_000_000);
        for (List<WindowVerdict> order : List.of(List.of(first, second), List.of(second, first))) {
            try (var h = harness(null)) {
                for (WindowVerdict v : order) {
                    report(h, v, T0 + HOUR - 1);
                }
                h.processWatermark(T0 + HOUR - 1);
                assertEquals(
                        List.of("r-a", "r-b"),
                        revisions(h).stream().map(r -> r.verdict().reportId()).toList());
            }
        }
    }

    @Test
    void forgetsAPeriodWhenItsGraceIsOver() throws Exception {
        try (var h = harness(null)) {
            WindowVerdict v = Verdicts.gap("r1", Status.BREACH, T0, 20_000, 15_000, 40_000_000);
            report(h, v, T0 + HOUR);
            h.processWatermark(v.settlesAt() - 1);
            assertEquals(1, runWindows(h, GAP), "a replacement may still revise the period");
            h.processWatermark(v.settlesAt() + HOUR);
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void keepsOnlyTheOutcomeOfAPassingPeriodAndFlagsAReplacementThatBreaches() throws Exception {
        try (var h = harness(null)) {
            report(h, Verdicts.gap("r1", Status.PASS, T0, 20_000, 19_000, 40_000_000), T0 + HOUR);
            h.processWatermark(T0 + HOUR);
            WindowVerdict kept = book(h, GAP).windows()[0].verdict();
            assertEquals(Status.PASS, kept.status());
            assertEquals(T0, kept.windowStart());
            assertNull(kept.terms(), "no terms kept for a window that can flag nothing");
            assertNull(kept.report(), "no evidence kept for a window that can flag nothing");
            report(h, Verdicts.gap("r2", Status.BREACH, T0, 20_000, 15_000, 40_000_000), T0 + 2 * HOUR);
            h.processWatermark(T0 + 2 * HOUR);
            Flag flag = h.extractOutputValues().get(0);
            assertEquals("r2", flag.verdict().reportId());
            assertEquals("K", flag.verdict().contractId());
            assertNull(revisions(h).get(0).previous(), "the passing report was never claimed");
            assertEquals("r2", book(h, GAP).windows()[0].verdict().reportId(), "a flagged window keeps its evidence");
        }
    }

    @Test
    void revisesAPeriodClaimedBeforeARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(null)) {
            report(h, Verdicts.gap("r1", Status.BREACH, T0, 20_000, 15_000, 40_000_000), T0 + HOUR);
            h.processWatermark(T0 + HOUR);
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(snapshot)) {
            report(h, Verdicts.gap("r2", Status.PASS, T0, 16_000, 15_000, 32_000_000), T0 + 2 * HOUR);
            h.processWatermark(T0 + 2 * HOUR);
            PeriodRevision revision = revisions(h).get(0);
            assertEquals(2, revision.revision());
            assertArrayEquals(
                    new String[] {Flag.idOf(Verdicts.gap("r1", Status.BREACH, T0, 20_000, 15_000, 40_000_000))},
                    revision.flagIds());
        }
    }

    /** The layout before RunBook: a map of windows under the same name. */
    private static final class EarlierLayout extends KeyedProcessFunction<RunKey, WindowVerdict, Flag> {
        @Override
        public void processElement(WindowVerdict verdict, Context ctx, Collector<Flag> out) throws Exception {
            getRuntimeContext()
                    .getMapState(new MapStateDescriptor<>(
                            BreachRunTracker.STATE, Types.LONG, TypeInformation.of(RunWindow.class)))
                    .put(verdict.windowStart(), new RunWindow(verdict, 0, 0, false, 0, new String[0]));
        }
    }

    @Test
    void refusesASavepointOfTheEarlierLayout() throws Exception {
        OperatorSubtaskState earlier;
        try (var h = Harnesses.open(
                new KeyedOneInputStreamOperatorTestHarness<RunKey, WindowVerdict, Flag>(
                        new KeyedProcessOperator<>(new EarlierLayout()), RunKey::of, TypeInformation.of(RunKey.class)),
                null)) {
            spend(h, 0, Status.BREACH, 3);
            earlier = h.snapshot(1L, 1L);
        }
        Exception refused = assertThrows(Exception.class, () -> harness(earlier).close());
        String chain = ExceptionUtils.stringifyException(refused);
        assertTrue(chain.contains("Incompatible key/value state types. Was [MAP]"), chain);
    }

    private static List<PeriodRevision> revisions(
            KeyedOneInputStreamOperatorTestHarness<RunKey, WindowVerdict, Flag> h) {
        ConcurrentLinkedQueue<StreamRecord<PeriodRevision>> out = h.getSideOutput(REVISIONS);
        return out == null
                ? List.of()
                : out.stream().map(StreamRecord::getValue).toList();
    }

    /** Windows the operator holds for {@code key}. */
    private static int runWindows(KeyedOneInputStreamOperatorTestHarness<RunKey, WindowVerdict, Flag> h, RunKey key)
            throws Exception {
        RunBook book = book(h, key);
        return book == null ? 0 : book.windows().length;
    }

    private static RunBook book(KeyedOneInputStreamOperatorTestHarness<RunKey, WindowVerdict, Flag> h, RunKey key)
            throws Exception {
        h.getOperator().setCurrentKey(key);
        return h.getOperator()
                .getKeyedStateBackend()
                .getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        new ValueStateDescriptor<>(BreachRunTracker.STATE, TypeInformation.of(RunBook.class)))
                .value();
    }
}
