package com.adaudit.rules;

import com.adaudit.testing.Harnesses;
import static com.adaudit.testing.Instants.HOUR;
import static com.adaudit.testing.Instants.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.adaudit.claims.ClaimIds;
import com.adaudit.contracts.Contract;
import com.adaudit.testing.Verdicts;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class FlagIssuerTest {

    private static KeyedOneInputStreamOperatorTestHarness<RunKey, WindowVerdict, Flag> harness(
            OperatorSubtaskState restore) throws Exception {
        return Harnesses.open(new KeyedOneInputStreamOperatorTestHarness<RunKey, WindowVerdict, Flag>(
                new KeyedProcessOperator<>(new FlagIssuer()), RunKey::of, TypeInformation.of(RunKey.class)), restore);
    }

    private static WindowVerdict window(int hour) {
        return Verdicts.spend(Rule.UNDERPRICED_SOURCE, Status.BREACH, T0 + hour * HOUR, 2, "1.0", 0);
    }

    /** A CEP match of K = 2 emits its two windows with the completing window's timestamp. */
    private static void match(KeyedOneInputStreamOperatorTestHarness<RunKey, WindowVerdict, Flag> h, int hour)
            throws Exception {
        long completedAt = T0 + (hour + 2) * HOUR - 1;
        h.processElement(window(hour), completedAt);
        h.processElement(window(hour + 1), completedAt);
    }

    private static List<Long> flaggedStarts(KeyedOneInputStreamOperatorTestHarness<RunKey, WindowVerdict, Flag> h) {
        return h.extractOutputValues().stream().map(f -> (f.verdict().windowStart() - T0) / HOUR).toList();
    }

    @Test
    void flagsEachWindowOfOverlappingMatchesOnce() throws Exception {
        try (var h = harness(null)) {
            match(h, 0);
            match(h, 1);
            match(h, 2);
            assertEquals(List.of(0L, 1L, 2L, 3L), flaggedStarts(h));
            assertEquals(ClaimIds.flagId(window(0)), h.extractOutputValues().get(0).flagId());
        }
    }

    @Test
    void forgetsARunWhenNoMatchCanOverlapItAnyMore() throws Exception {
        try (var h = harness(null)) {
            match(h, 0);
            h.processWatermark(T0 + 2 * HOUR - 1 + Contract.MAX_RUN_SPAN.toMillis());
            assertEquals(0, h.numKeyedStateEntries(), "state cleared");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void remembersFlaggedWindowsAcrossSnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(null)) {
            match(h, 0);
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(snapshot)) {
            match(h, 1);
            assertEquals(List.of(2L), flaggedStarts(h), "window 1 was flagged before the restore");
        }
    }
}
