package com.adaudit.rules;

import static com.adaudit.testing.Instants.HOUR;
import static com.adaudit.testing.Instants.MINUTE;
import static com.adaudit.testing.Instants.T0;
import static com.adaudit.testing.Instants.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.adaudit.events.Click;
import com.adaudit.events.PageView;
import com.adaudit.rules.bounce.SessionOutcome;
import com.adaudit.rules.bounce.SessionTracker;
import com.adaudit.testing.Harnesses;
import com.adaudit.testing.Records;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class SessionTrackerTest {

    /** Sessions of clicks in the 10:00 window are decided at 11:30 (end plus PT30M). */
    private static final long DECIDED = T0 + HOUR + 30 * MINUTE - 1;

    private static KeyedTwoInputStreamOperatorTestHarness<String, Click, PageView, SessionOutcome> harness(
            OperatorSubtaskState restore) throws Exception {
        return Harnesses.open(
                new KeyedTwoInputStreamOperatorTestHarness<String, Click, PageView, SessionOutcome>(
                        new KeyedCoProcessOperator<>(new SessionTracker()),
                        Click::eventId,
                        PageView::clickId,
                        Types.STRING),
                restore);
    }

    private static void click(
            KeyedTwoInputStreamOperatorTestHarness<String, Click, PageView, SessionOutcome> h, String id, long ts)
            throws Exception {
        h.processElement1(Records.click(id, ts, "s1", id.length()), ts); // the cost tells the outcomes apart
    }

    private static void pageview(
            KeyedTwoInputStreamOperatorTestHarness<String, Click, PageView, SessionOutcome> h, String clickId, long ts)
            throws Exception {
        h.processElement2(Records.pageview("pv-" + clickId + ts, ts, clickId), ts);
    }

    private static void watermark(
            KeyedTwoInputStreamOperatorTestHarness<String, Click, PageView, SessionOutcome> h, long ts)
            throws Exception {
        h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(ts));
    }

    @Test
    void countsPageviewsWithinTheTimeoutAndDecidesWhenTheWindowIsFinal() throws Exception {
        try (var h = harness(null)) {
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
            assertEquals(0, h.numKeyedStateEntries(), "state cleared");
            assertEquals(0, h.numEventTimeTimers(), "timers fired");
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

    @Test
    void forgetsPageviewsOfAClickThatNeverComes() throws Exception {
        try (var h = harness(null)) {
            pageview(h, "ghost", at(0, 12));
            assertEquals(2, h.numKeyedStateEntries());
            watermark(h, DECIDED);
            assertEquals(0, h.extractOutputValues().size());
            assertEquals(0, h.numKeyedStateEntries(), "waiting pageviews cleared");
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
}
