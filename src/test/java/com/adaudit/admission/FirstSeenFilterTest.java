package com.adaudit.admission;

import static com.adaudit.testing.Instants.HOUR;
import static com.adaudit.testing.Instants.T0;
import static com.adaudit.testing.Instants.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.adaudit.events.Click;
import com.adaudit.events.LateEvent;
import com.adaudit.events.StreamKind;
import com.adaudit.ids.Shards;
import com.adaudit.testing.Harnesses;
import com.adaudit.testing.Records;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

class FirstSeenFilterTest {

    private static final OutputTag<LateEvent> LATE = new OutputTag<>("late", TypeInformation.of(LateEvent.class));
    private static final long HORIZON = 24 * HOUR;

    private static KeyedOneInputStreamOperatorTestHarness<Integer, Click, Click> harness(OperatorSubtaskState restore)
            throws Exception {
        return harness(restore, e -> Shards.of(e.id()));
    }

    private static KeyedOneInputStreamOperatorTestHarness<Integer, Click, Click> harness(
            OperatorSubtaskState restore, KeySelector<Click, Integer> key) throws Exception {
        return Harnesses.open(
                new KeyedOneInputStreamOperatorTestHarness<Integer, Click, Click>(
                        new KeyedProcessOperator<>(new FirstSeenFilter<>(StreamKind.CLICKS, HORIZON, LATE)),
                        key,
                        Types.INT),
                restore);
    }

    @Test
    void passesTheFirstRecordOfAnIdAndDropsItsDuplicates() throws Exception {
        try (var h = harness(null)) {
            Click first = Records.click("c1", at(0, 5), "s1", 100);
            h.processElement(first, first.ts());
            h.processElement(Records.click("c1", at(0, 6), "s1", 999), at(0, 6));
            h.processElement(Records.click("c2", at(0, 7), "s1", 100), at(0, 7));
            assertEquals(
                    List.of("c1", "c2"),
                    h.extractOutputValues().stream().map(Click::eventId).toList());
            assertEquals(100, h.extractOutputValues().get(0).costMicros(), "the first one wins");
        }
    }

    @Test
    void sendsEventsBehindTheWatermarkToTheLateOutput() throws Exception {
        try (var h = harness(null)) {
            h.processWatermark(T0 + HOUR - 1); // the 10:00 window is final
            Click late = Records.click("c1", at(0, 59), "s1", 100);
            h.processElement(late, late.ts());
            Click onTime = Records.click("c2", at(1, 0), "s1", 100);
            h.processElement(onTime, onTime.ts());
            assertEquals(
                    List.of("c2"),
                    h.extractOutputValues().stream().map(Click::eventId).toList());
            LateEvent lateEvent = h.getSideOutput(LATE).poll().getValue();
            assertEquals("clicks", lateEvent.stream());
            assertEquals("c1", lateEvent.id());
        }
    }

    @Test
    void forgetsAnIdAtTheEndOfTheExpiryBucketAfterItsHorizon() throws Exception {
        // buckets of 6 h from the epoch: the horizon of 10:00 ends at 10:00 next day, its bucket at 12:00
        long bucketEnd = T0 + HORIZON + 2 * HOUR;
        try (var h = harness(null)) {
            h.processElement(Records.click("c1", T0, "s1", 100), T0);
            assertEquals(1, h.numKeyedStateEntries());
            assertEquals(1, h.numEventTimeTimers());
            h.processWatermark(bucketEnd - 1);
            assertEquals(1, h.numKeyedStateEntries(), "kept to the end of its bucket");
            h.processWatermark(bucketEnd);
            assertEquals(0, h.numKeyedStateEntries(), "state cleared");
            assertEquals(0, h.numEventTimeTimers(), "timer fired");
            Click again = Records.click("c1", T0 + HORIZON + 3 * HOUR, "s1", 100);
            h.processElement(again, again.ts());
            assertEquals(2, h.extractOutputValues().size(), "a record past the horizon is not a duplicate");
        }
    }

    @Test
    void aShardHasOneTimerPerExpiryBucketNotOnePerEvent() throws Exception {
        try (var h = harness(null, e -> 7)) {
            for (int i = 0; i < 100; i++) {
                h.processElement(Records.click("c" + i, T0 + i * 1000L, "s1", 100), T0 + i * 1000L);
            }
            assertEquals(100, h.extractOutputValues().size());
            assertEquals(1, h.numEventTimeTimers());
            h.processElement(Records.click("c-later", at(4, 0), "s1", 100), at(4, 0));
            assertEquals(2, h.numEventTimeTimers(), "an id of a later bucket");
        }
    }

    @Test
    void aRecordFurtherThanTheHorizonFromTheFirstIsNotADuplicateEvenBeforeCleanup() throws Exception {
        // the replay's batch mode fires no timer until the end: the horizon is checked on the timestamps
        try (var h = harness(null)) {
            h.processElement(Records.click("c1", T0, "s1", 100), T0);
            h.processElement(Records.click("c1", T0 + HORIZON, "s1", 100), T0 + HORIZON);
            h.processElement(Records.click("c1", T0 + HORIZON + 1, "s1", 100), T0 + HORIZON + 1);
            assertEquals(
                    List.of(T0, T0 + HORIZON + 1),
                    h.extractOutputValues().stream().map(Click::ts).toList(),
                    "exactly the horizon apart is a duplicate; one millisecond more is not");
        }
    }

    @Test
    void idsOfOneShardAreToldApart() throws Exception {
        KeySelector<Click, Integer> everyIdCollides = e -> 7;
        OperatorSubtaskState snapshot;
        try (var h = harness(null, everyIdCollides)) {
            h.processElement(Records.click("c1", T0, "s1", 100), T0);
            h.processElement(Records.click("c2", T0 + 1, "s1", 100), T0 + 1);
            h.processElement(Records.click("c3", T0 + 2, "s1", 100), T0 + 2);
            h.processElement(Records.click("c2", T0 + 3, "s1", 999), T0 + 3);
            h.processElement(Records.click("c1", T0 + 4, "s1", 999), T0 + 4);
            assertEquals(
                    List.of("c1", "c2", "c3"),
                    h.extractOutputValues().stream().map(Click::eventId).toList(),
                    "three ids of one shard, each passed once");
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(snapshot, everyIdCollides)) {
            h.processElement(Records.click("c3", T0 + 5, "s1", 999), T0 + 5);
            assertEquals(0, h.extractOutputValues().size(), "an id is still known after restore");
            h.processWatermark(T0 + HORIZON + 2 * HOUR);
            assertEquals(0, h.numKeyedStateEntries(), "every id of the shard forgotten past the horizon");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void remembersIdsAcrossSnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(null)) {
            h.processElement(Records.click("c1", T0, "s1", 100), T0);
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(snapshot)) {
            h.processElement(Records.click("c1", T0, "s1", 100), T0);
            assertEquals(0, h.extractOutputValues().size(), "still a duplicate after restore");
            assertEquals(1, h.numEventTimeTimers(), "the cleanup timer was restored");
        }
    }
}
