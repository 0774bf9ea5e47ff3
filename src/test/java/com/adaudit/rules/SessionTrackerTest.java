package com.adaudit.rules;

import static com.adaudit.testing.Instants.HOUR;
import static com.adaudit.testing.Instants.MINUTE;
import static com.adaudit.testing.Instants.T0;
import static com.adaudit.testing.Instants.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.adaudit.events.Click;
import com.adaudit.events.PageView;
import com.adaudit.events.Shards;
import com.adaudit.rules.bounce.SessionOutcome;
import com.adaudit.rules.bounce.SessionTracker;
import com.adaudit.testing.Harnesses;
import com.adaudit.testing.Records;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionTrackerTest {

    /** Sessions of clicks in the 10:00 window are decided at 11:30 (end plus PT30M). */
    private static final long DECIDED = T0 + HOUR + 30 * MINUTE - 1;

    private static KeyedTwoInputStreamOperatorTestHarness<Short, Click, PageView, SessionOutcome> harness(
            OperatorSubtaskState restore) throws Exception {
        return harness(restore, Shards::of, true);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<Short, Click, PageView, SessionOutcome> harness(
            OperatorSubtaskState restore, KeySelector<String, Short> shardOf) throws Exception {
        return harness(restore, shardOf, true);
    }

    /** Keyed as in the pipeline by the shard of the click id, or by {@code shardOf} to make click ids share a shard. */
    private static KeyedTwoInputStreamOperatorTestHarness<Short, Click, PageView, SessionOutcome> harness(
            OperatorSubtaskState restore, KeySelector<String, Short> shardOf, boolean onHeap) throws Exception {
        return Harnesses.open(
                Harnesses.backend(
                        new KeyedTwoInputStreamOperatorTestHarness<Short, Click, PageView, SessionOutcome>(
                                new KeyedCoProcessOperator<>(new SessionTracker(onHeap)),
                                c -> shardOf.getKey(c.eventId()),
                                p -> shardOf.getKey(p.clickId()),
                                Types.SHORT),
                        onHeap),
                restore);
    }

    private static void click(
            KeyedTwoInputStreamOperatorTestHarness<Short, Click, PageView, SessionOutcome> h, String id, long ts)
            throws Exception {
        h.processElement1(Records.click(id, ts, "s1", id.length()), ts); // the cost tells the outcomes apart
    }

    private static void pageview(
            KeyedTwoInputStreamOperatorTestHarness<Short, Click, PageView, SessionOutcome> h, String clickId, long ts)
            throws Exception {
        h.processElement2(Records.pageview("pv-" + clickId + ts, ts, clickId), ts);
    }

    private static void watermark(
            KeyedTwoInputStreamOperatorTestHarness<Short, Click, PageView, SessionOutcome> h, long ts)
            throws Exception {
        h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(ts));
    }

    @ParameterizedTest(name = "state on the heap: {0}")
    @ValueSource(booleans = {true, false})
    void countsPageviewsWithinTheTimeoutAndDecidesWhenTheWindowIsFinal(boolean onHeap) throws Exception {
        try (var h = harness(null, Shards::of, onHeap)) {
            click(h, "bounced", at(0, 10));
            pageview(h, "bounced", at(0, 11));
            click(h, "stayed", at(0, 20));
            pageview(h, "stayed", at(0, 20));
            pageview(h, "stayed", at(0, 50)); // exactly ts + timeout: counts
            click(h, "unlanded", at(0, 30));
            pageview(h, "unlanded", at(1, 1)); // 31 minutes after: does not count
            watermark(h, DECIDED - 1);
            assertEquals(0, h.extractOutputValues().size(), "not decided before the window is final");
            watermark(h, DECIDED);
            List<SessionOutcome> outcomes = h.extractOutputValues();
            assertEquals(
                    Map.of("bounced".length(), 1, "stayed".length(), 2, "unlanded".length(), 0),
                    outcomes.stream().collect(Collectors.toMap(o -> (int) o.costMicros(), SessionOutcome::pageviews)));
            assertEquals(DECIDED, outcomes.get(0).decidedAt());
            assertEquals(0, Harnesses.keyedStateEntries(h), "state cleared");
            assertEquals(0, h.numEventTimeTimers(), "timers fired");
        }
    }

    @ParameterizedTest(name = "state on the heap: {0}")
    @ValueSource(booleans = {true, false})
    void atTheEndOfTheInputEverySessionIsDecidedAsTimerByTimer(boolean onHeap) throws Exception {
        KeySelector<String, Short> oneShard = id -> (short) 7;
        try (var h = harness(null, oneShard, onHeap)) {
            click(h, "first", at(0, 10));
            pageview(h, "first", at(0, 11));
            click(h, "second", at(1, 10)); // the next window: another decision instant
            pageview(h, "second", at(1, 12));
            pageview(h, "second", at(1, 13));
            pageview(h, "ghost", at(2, 0)); // its click never comes
            assertEquals(3, h.numEventTimeTimers());
            watermark(h, Long.MAX_VALUE);
            assertEquals(
                    Map.of("first".length(), 1, "second".length(), 2),
                    h.extractOutputValues().stream()
                            .collect(Collectors.toMap(o -> (int) o.costMicros(), SessionOutcome::pageviews)));
            assertEquals(
                    List.of(DECIDED, DECIDED + HOUR),
                    h.extractOutputValues().stream()
                            .map(SessionOutcome::decidedAt)
                            .sorted()
                            .toList(),
                    "each decided at its own instant");
            assertEquals(0, Harnesses.keyedStateEntries(h), "nothing held");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void pageviewsMayArriveBeforeTheirClick() throws Exception {
        try (var h = harness(null)) {
            pageview(h, "k", at(0, 12));
            pageview(h, "k", at(0, 9)); // before the click's ts: does not count
            click(h, "k", at(0, 10));
            watermark(h, DECIDED);
            assertEquals(1, h.extractOutputValues().get(0).pageviews());
        }
    }

    @ParameterizedTest(name = "state on the heap: {0}")
    @ValueSource(booleans = {true, false})
    void forgetsPageviewsOfAClickThatNeverComes(boolean onHeap) throws Exception {
        try (var h = harness(null, Shards::of, onHeap)) {
            pageview(h, "ghost", at(0, 12));
            assertEquals(1, Harnesses.keyedStateEntries(h));
            watermark(h, DECIDED);
            assertEquals(0, h.extractOutputValues().size());
            assertEquals(0, Harnesses.keyedStateEntries(h), "waiting pageviews cleared");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void keepsOpenSessionsAcrossSnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(null)) {
            click(h, "k", at(0, 10));
            pageview(h, "k", at(0, 11));
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(snapshot)) {
            pageview(h, "k", at(0, 12));
            watermark(h, DECIDED);
            assertEquals(2, h.extractOutputValues().get(0).pageviews());
        }
    }

    @Test
    void clicksOfOneShardAndWindowShareOneTimerAndAreEachDecided() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(null, id -> (short) 7)) {
            for (int i = 0; i < 50; i++) {
                click(h, "c" + "x".repeat(i), at(0, i));
                pageview(h, "c" + "x".repeat(i), at(0, i));
            }
            click(h, "next-window", at(1, 5));
            pageview(h, "orphan", at(0, 40));
            assertEquals(2, h.numEventTimeTimers(), "one per decision instant: 11:30 and 12:30");
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(snapshot, id -> (short) 7)) {
            pageview(h, "c", at(0, 30));
            watermark(h, DECIDED);
            List<SessionOutcome> decided = h.extractOutputValues();
            assertEquals(50, decided.size(), "every click of the 10:00 window, none of 11:00");
            assertEquals(
                    Map.of(2, 1, 1, 49),
                    decided.stream()
                            .collect(Collectors.groupingBy(SessionOutcome::pageviews, Collectors.summingInt(o -> 1))),
                    "click c has its second pageview after the restore");
            assertEquals(1, h.numKeyedStateEntries(), "the 11:00 click only; the orphan pageview forgotten");
            watermark(h, DECIDED + HOUR);
            assertEquals("next-window", h.extractOutputValues().get(50).clickId());
            assertEquals(0, h.numKeyedStateEntries(), "state cleared");
            assertEquals(0, h.numEventTimeTimers(), "timers fired");
        }
    }
}
