package com.adaudit.rules.ivt;

import static com.adaudit.testing.Instants.HOUR;
import static com.adaudit.testing.Instants.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.adaudit.admission.Governor;
import com.adaudit.contracts.Contract;
import com.adaudit.contracts.ContractBook;
import com.adaudit.contracts.LiveContracts;
import com.adaudit.events.Click;
import com.adaudit.testing.ContractJson;
import com.adaudit.testing.Harnesses;
import com.adaudit.testing.Records;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InvalidClickClassifierTest {

    private static final ContractBook CONTRACTS = ContractBook.of(List.of(Records.contract(
            ContractJson.contractK("\"invalid_traffic\":{\"duplicate_window\":\"PT30S\",\"min_clicks\":1}"))));
    private static final DatacenterRanges RANGES = DatacenterRanges.of(List.of("192.0.2.0/24"));
    private static final String BROWSER =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0";

    private static KeyedBroadcastOperatorTestHarness<Short, Click, Contract, ClassifiedClick> harness(
            OperatorSubtaskState restore) throws Exception {
        return harness(restore, true);
    }

    private static KeyedBroadcastOperatorTestHarness<Short, Click, Contract, ClassifiedClick> harness(
            OperatorSubtaskState restore, boolean onHeap) throws Exception {
        var h = Harnesses.open(
                Harnesses.backend(
                        new KeyedBroadcastOperatorTestHarness<Short, Click, Contract, ClassifiedClick>(
                                new CoBroadcastWithKeyedOperator<>(
                                        new InvalidClickClassifier(new LiveContracts(CONTRACTS), RANGES, onHeap),
                                        List.of(LiveContracts.UPDATES)),
                                DuplicateKey::shardOf,
                                Types.SHORT,
                                1,
                                1,
                                0),
                        onHeap),
                restore);
        h.processBroadcastWatermark(Long.MAX_VALUE); // contract updates never hold event time back
        return h;
    }

    private static Click click(String id, long ts, String ip, String userAgent) {
        Click c = new Click(id, ts, "c-42", "s1", 500_000, "CNY", ip, userAgent, null);
        return Governor.CLICKS.govern(c, CONTRACTS.byId("K"));
    }

    private static void send(KeyedBroadcastOperatorTestHarness<Short, Click, Contract, ClassifiedClick> h, Click c)
            throws Exception {
        h.processElement(c, c.ts());
    }

    private static List<String> categories(
            KeyedBroadcastOperatorTestHarness<Short, Click, Contract, ClassifiedClick> h) {
        return h.extractOutputValues().stream()
                .map(c -> c.clickId() + ":" + c.category().wireName)
                .toList();
    }

    @Test
    void theFirstCategoryThatAppliesBotThenDatacenterThenDuplicate() throws Exception {
        try (var h = harness(null)) {
            send(h, click("bot-in-dc", T0, "192.0.2.7", "curl/8.4.0"));
            send(h, click("dc", T0 + 1_000, "192.0.2.7", BROWSER));
            send(h, click("dup", T0 + 2_000, "203.0.113.9", BROWSER));
            send(h, click("dup2", T0 + 3_000, "203.0.113.9", BROWSER));
            send(h, click("no-ip", T0 + 4_000, null, BROWSER));
            send(h, click("blank", T0 + 5_000, null, " "));
            h.processWatermark(T0 + HOUR);
            assertEquals(
                    List.of(
                            "blank:bot_user_agent",
                            "bot-in-dc:bot_user_agent",
                            "dc:datacenter_ip",
                            "dup2:duplicate_click",
                            "dup:valid",
                            "no-ip:valid"),
                    categories(h).stream().sorted().toList(),
                    "shards come out in any order");
        }
    }

    @ParameterizedTest(name = "state on the heap: {0}")
    @ValueSource(booleans = {true, false})
    void aBurstIsTakenInTimeOrderAcrossTheWindowBoundaryWhateverItsArrival(boolean onHeap) throws Exception {
        long end = T0 + HOUR;
        try (var h = harness(null, onHeap)) {
            // arrivals out of order; the burst straddles the end of the 10:00 window
            send(h, click("b3", end + 10_000, "203.0.113.9", BROWSER));
            send(h, click("b1", end - 15_000, "203.0.113.9", BROWSER));
            send(h, click("b2", end - 1, "203.0.113.9", BROWSER));
            send(h, click("b4", end + 41_000, "203.0.113.9", BROWSER)); // 31 s after b3: not a duplicate
            send(h, click("b5", end + 41_000, "203.0.113.9", BROWSER)); // same instant as b4, later id
            h.processWatermark(end + HOUR);
            assertEquals(
                    List.of("b1:valid", "b2:duplicate_click", "b3:duplicate_click", "b4:valid", "b5:duplicate_click"),
                    categories(h));
            assertEquals(T0, h.extractOutputValues().get(1).windowStart(), "b2 belongs to the 10:00 window");
            assertEquals(end, h.extractOutputValues().get(2).windowStart(), "b3 to the 11:00 one");
            assertEquals(0, Harnesses.keyedStateEntries(h), "the key is forgotten once no click can be its duplicate");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @ParameterizedTest(name = "state on the heap: {0}")
    @ValueSource(booleans = {true, false})
    void atTheEndOfTheInputEverythingHeldIsClassifiedAsTimerByTimer(boolean onHeap) throws Exception {
        List<Click> clicks = List.of(
                click("a", T0 + 1_000, "203.0.113.9", BROWSER),
                click("b", T0 + 31_000, "203.0.113.9", BROWSER), // 30 s after a: a duplicate
                click("c", T0 + 11 * 60_000, "203.0.113.9", BROWSER), // a later batch, a's key expired before it
                click("d", T0 + HOUR - 1, "203.0.113.9", BROWSER),
                click("e", T0 + HOUR + 29_000, "203.0.113.9", BROWSER), // the next window, a duplicate of d
                click("f", T0 + 2 * HOUR, "192.0.2.7", BROWSER),
                click("g", T0 + 2 * HOUR, "203.0.113.9", "curl/8.4.0"));
        List<String> timerByTimer;
        try (var h = harness(null, onHeap)) {
            for (Click c : clicks) {
                send(h, c);
            }
            for (long wm = T0; wm <= T0 + 3 * HOUR; wm += 60_000) {
                h.processWatermark(wm);
            }
            timerByTimer = categories(h);
        }
        try (var h = harness(null, onHeap)) {
            for (Click c : clicks) {
                send(h, c);
            }
            h.processWatermark(Long.MAX_VALUE);
            assertEquals(timerByTimer, categories(h), "the same categories, in the same order");
            assertEquals(0, Harnesses.keyedStateEntries(h), "nothing held");
            assertEquals(0, h.numEventTimeTimers());
        }
        assertEquals(
                List.of(
                        "a:valid",
                        "b:duplicate_click",
                        "c:valid",
                        "d:valid",
                        "e:duplicate_click",
                        "f:datacenter_ip",
                        "g:bot_user_agent"),
                timerByTimer.stream().sorted().toList());
    }

    @Test
    void anAbsentUserAgentIsAValueOfItsOwn() throws Exception {
        try (var h = harness(null)) {
            send(h, click("a", T0, "203.0.113.9", null));
            send(h, click("b", T0 + 1_000, "203.0.113.9", ""));
            send(h, click("c", T0 + 2_000, "203.0.113.9", null));
            h.processWatermark(T0 + HOUR);
            assertEquals(
                    List.of("a:valid", "c:duplicate_click", "b:bot_user_agent"),
                    categories(h).stream()
                            .sorted((x, y) -> x.compareTo(y) == 0 ? 0 : order(x) - order(y))
                            .toList());
        }
    }

    private static int order(String category) {
        return category.charAt(0) == 'a' ? 0 : category.charAt(0) == 'c' ? 1 : 2;
    }

    @Test
    void aShardClassifiesItsClicksOfTenMinutesTogetherWithOneTimer() throws Exception {
        long batchEnd = T0 + InvalidClickClassifier.CLASSIFY_EVERY_MILLIS - 1;
        try (var h = harness(null)) {
            for (int i = 0; i < 20; i++) {
                send(h, click("c" + i, T0 + i * 20_000L, "203.0.113.9", BROWSER));
            }
            assertEquals(1, h.numEventTimeTimers(), "one timer for the shard's ten minutes, not one per click");
            h.processWatermark(batchEnd - 1);
            assertEquals(List.of(), categories(h), "nothing before the ten minutes are over");
            h.processWatermark(batchEnd);
            assertEquals(20, categories(h).size());
        }
    }

    @Test
    void theLastClicksOfAWindowAreClassifiedByItsEndWhenItEndsFirst() {
        Contract quarterHours = Records.contract(ContractJson.contract(
                "K", 1, "[\"c-42\"]", "PT15M", "\"invalid_traffic\":{\"duplicate_window\":\"PT30S\"}"));
        Click lastOfWindow = Governor.CLICKS.govern(
                new Click("k", T0 + 14 * 60_000L, "c-42", "s1", 500_000, "CNY", "203.0.113.9", BROWSER, null),
                quarterHours);
        assertEquals(T0 + 15 * 60_000L - 1, InvalidClickClassifier.classifiedAt(lastOfWindow));
    }

    @Test
    void remembersPendingClicksAndTheLastClickAcrossSnapshotAndRestore() throws Exception {
        long end = T0 + HOUR;
        OperatorSubtaskState pending;
        try (var h = harness(null)) {
            send(h, click("first", end - 10_000, "203.0.113.9", BROWSER)); // classified at the window's end
            pending = h.snapshot(1L, 1L);
        }
        OperatorSubtaskState remembered;
        try (var h = harness(pending)) {
            h.processWatermark(end);
            assertEquals(List.of("first:valid"), categories(h));
            send(h, click("second", end + 20_000, "203.0.113.9", BROWSER));
            remembered = h.snapshot(2L, 2L);
        }
        try (var h = harness(remembered)) {
            h.processWatermark(end + HOUR);
            assertEquals(List.of("second:duplicate_click"), categories(h), "30 s is within the duplicate window");
            assertEquals(
                    0, Harnesses.keyedStateEntries(h), "the shard forgets the key once no click can be its duplicate");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void aContractUpdateChangesTheDuplicateWindowFromItsArrivalOn() throws Exception {
        try (var h = harness(null)) {
            h.processBroadcastElement(
                    Records.contract(ContractJson.contract(
                            "K",
                            2,
                            "[\"c-42\"]",
                            "PT1H",
                            "\"invalid_traffic\":{\"duplicate_window\":\"PT5M\",\"min_clicks\":1}")),
                    T0);
            send(h, click("first", T0, "203.0.113.9", BROWSER));
            send(h, click("four-minutes-later", T0 + 240_000, "203.0.113.9", BROWSER));
            h.processWatermark(T0 + HOUR);
            assertEquals(List.of("first:valid", "four-minutes-later:duplicate_click"), categories(h));
        }
    }
}
