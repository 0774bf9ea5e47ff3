package com.adaudit.admission;

import static com.adaudit.testing.Instants.HOUR;
import static com.adaudit.testing.Instants.T0;
import static com.adaudit.testing.Instants.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.contracts.Contract;
import com.adaudit.contracts.ContractBook;
import com.adaudit.contracts.LiveContracts;
import com.adaudit.contracts.RuleBits;
import com.adaudit.events.Click;
import com.adaudit.events.DeadLetter;
import com.adaudit.events.Decoded;
import com.adaudit.events.Governance;
import com.adaudit.events.LateEvent;
import com.adaudit.events.Origin;
import com.adaudit.events.StreamKind;
import com.adaudit.testing.ContractJson;
import com.adaudit.testing.Harnesses;
import com.adaudit.testing.Records;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.CheckpointStorageLocationReference;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFinalizer;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdmissionTest {

    private static final OutputTag<DeadLetter> DEAD = new OutputTag<>("dead", TypeInformation.of(DeadLetter.class));
    private static final OutputTag<LateEvent> LATE = new OutputTag<>("late", TypeInformation.of(LateEvent.class));
    private static final Origin ORIGIN = Origin.ofKafka("clicks", 3, 42L);
    private static final long HORIZON = 24 * HOUR;

    private static KeyedBroadcastOperatorTestHarness<Short, Decoded<Click>, Contract, Click> harness(
            OperatorSubtaskState restore) throws Exception {
        return harness(restore, Decoded::shard, true);
    }

    private static KeyedBroadcastOperatorTestHarness<Short, Decoded<Click>, Contract, Click> harness(
            OperatorSubtaskState restore, KeySelector<Decoded<Click>, Short> key, boolean idsOnHeap) throws Exception {
        var h = Harnesses.open(
                Harnesses.backend( // each layout with the backend it is for
                        new KeyedBroadcastOperatorTestHarness<Short, Decoded<Click>, Contract, Click>(
                                new CoBroadcastWithKeyedOperator<>(
                                        new Admission<>(
                                                StreamKind.CLICKS,
                                                Governor.CLICKS,
                                                new LiveContracts(ContractBook.of(List.of(Records.K))),
                                                HORIZON,
                                                Admission.IdLayout.of(idsOnHeap, false),
                                                DEAD,
                                                LATE),
                                        List.of(LiveContracts.UPDATES)),
                                key,
                                Types.SHORT,
                                1,
                                1,
                                0),
                        idsOnHeap),
                restore);
        h.processBroadcastWatermark(Long.MAX_VALUE); // contract updates never hold event time back
        return h;
    }

    private static Decoded<Click> click(String campaign, String currency) {
        return Decoded.accepted(new Click("k", at(0, 10), campaign, "s1", 5, currency, null, null, null), ORIGIN);
    }

    private static Decoded<Click> click(String id, long ts, long costMicros) {
        return Decoded.accepted(new Click(id, ts, "c-42", "s1", costMicros, "CNY", null, null, null), ORIGIN);
    }

    private static void send(
            KeyedBroadcastOperatorTestHarness<Short, Decoded<Click>, Contract, Click> h, Decoded<Click> d)
            throws Exception {
        h.processElement(d, d.event().ts());
    }

    private static List<String> ids(KeyedBroadcastOperatorTestHarness<Short, Decoded<Click>, Contract, Click> h) {
        return h.extractOutputValues().stream().map(Click::eventId).toList();
    }

    @Test
    void stampsTheContractWindowAndWhenTheClickIsLateAndDecided() throws Exception {
        try (var h = harness(null)) {
            send(h, click("c-42", "CNY"));
            Governance g = h.extractOutputValues().get(0).governance();
            assertEquals(
                    new Governance(
                            "K",
                            1,
                            T0,
                            T0 + HOUR,
                            T0 + HOUR - 1,
                            T0 + HOUR + 30 * 60_000 - 1,
                            RuleBits.UNDERPRICED | RuleBits.BOUNCE),
                    g);
        }
    }

    @Test
    void anUngovernedCampaignIsCountedButFeedsNoRule() throws Exception {
        try (var h = harness(null)) {
            send(h, click("c-99", "USD"));
            Governance g = h.extractOutputValues().get(0).governance();
            assertNull(g.contractId());
            assertEquals(0, g.rules());
        }
    }

    @Test
    void rejectsAnotherCurrencyThanTheContractsAndRemembersNothing() throws Exception {
        try (var h = harness(null)) {
            send(h, click("c-42", "EUR"));
            assertEquals(0, h.extractOutputValues().size());
            DeadLetter d = h.getSideOutput(DEAD).poll().getValue();
            assertEquals("currency_mismatch: EUR, but contract K is in CNY", d.reason());
            assertEquals(ORIGIN, d.origin());
            assertEquals(0, Harnesses.keyedStateEntries(h), "a rejected record is no first of its id");
            send(h, click("c-42", "CNY"));
            assertEquals(1, h.extractOutputValues().size(), "the same id, admissible, is not a duplicate");
        }
    }

    @Test
    void aRecordThatDidNotDecodeGoesToTheDeadLettersAsItWas() throws Exception {
        try (var h = harness(null)) {
            DeadLetter bad = new DeadLetter("clicks", "invalid_json: unexpected end", "{\"event_id\":", ORIGIN);
            h.processElement(Decoded.rejected(bad), Long.MIN_VALUE);
            assertEquals(0, h.extractOutputValues().size());
            assertEquals(bad, h.getSideOutput(DEAD).poll().getValue());
            assertEquals(0, Harnesses.keyedStateEntries(h));
        }
    }

    @Test
    void aContractUpdateAppliesFromItsArrivalOnAndSurvivesARestore() throws Exception {
        Contract v2 = Records.contract(ContractJson.contract("K", 2, "[\"c-42\"]", "PT2H", ContractJson.UNDERPRICED_K));
        OperatorSubtaskState snapshot;
        try (var h = harness(null)) {
            send(h, click("a", at(0, 10), 5));
            h.processBroadcastElement(v2, at(0, 11));
            send(h, click("b", at(0, 12), 5));
            List<Click> out = h.extractOutputValues();
            assertEquals(1, out.get(0).governance().contractVersion());
            assertEquals(2, out.get(1).governance().contractVersion());
            assertEquals(T0 + 2 * HOUR, out.get(1).governance().windowEnd(), "version 2 has two-hour windows");
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(snapshot)) {
            send(h, click("c", at(0, 13), 5));
            assertEquals(2, h.extractOutputValues().get(0).governance().contractVersion());
        }
    }

    @ParameterizedTest(name = "ids on the heap: {0}")
    @ValueSource(booleans = {true, false})
    void passesTheFirstRecordOfAnIdAndDropsItsDuplicates(boolean onHeap) throws Exception {
        try (var h = harness(null, Decoded::shard, onHeap)) {
            send(h, click("c1", at(0, 5), 100));
            send(h, click("c1", at(0, 6), 999));
            send(h, click("c2", at(0, 7), 100));
            assertEquals(List.of("c1", "c2"), ids(h));
            assertEquals(100, h.extractOutputValues().get(0).costMicros(), "the first one wins");
        }
    }

    @Test
    void sendsEventsBehindTheWatermarkToTheLateOutput() throws Exception {
        try (var h = harness(null)) {
            h.processWatermark(T0 + HOUR - 1); // the 10:00 window is final
            send(h, click("c1", at(0, 59), 100));
            send(h, click("c2", at(1, 0), 100));
            assertEquals(List.of("c2"), ids(h));
            LateEvent lateEvent = h.getSideOutput(LATE).poll().getValue();
            assertEquals("clicks", lateEvent.stream());
            assertEquals("c1", lateEvent.id());
            send(h, click("c1", at(0, 59), 100));
            assertTrue(h.getSideOutput(LATE).isEmpty(), "a late record's repeat is a duplicate, not late again");
        }
    }

    @ParameterizedTest(name = "ids on the heap: {0}")
    @ValueSource(booleans = {true, false})
    void forgetsAnIdAtTheEndOfTheExpiryBucketAfterItsHorizon(boolean onHeap) throws Exception {
        // buckets of 6 h from the epoch: the horizon of 10:00 ends at 10:00 next day, its bucket at 12:00
        long bucketEnd = T0 + HORIZON + 2 * HOUR;
        try (var h = harness(null, Decoded::shard, onHeap)) {
            send(h, click("c1", T0, 100));
            assertEquals(1, Harnesses.keyedStateEntries(h));
            assertEquals(1, h.numEventTimeTimers());
            h.processWatermark(bucketEnd - 1);
            assertEquals(1, Harnesses.keyedStateEntries(h), "kept to the end of its bucket");
            h.processWatermark(bucketEnd);
            assertEquals(0, Harnesses.keyedStateEntries(h), "state cleared");
            assertEquals(0, h.numEventTimeTimers(), "timer fired");
            send(h, click("c1", T0 + HORIZON + 3 * HOUR, 100));
            assertEquals(2, h.extractOutputValues().size(), "a record past the horizon is not a duplicate");
        }
    }

    @ParameterizedTest(name = "ids on the heap: {0}")
    @ValueSource(booleans = {true, false})
    void aShardHasOneTimerPerExpiryBucketNotOnePerEvent(boolean onHeap) throws Exception {
        try (var h = harness(null, d -> 7, onHeap)) {
            for (int i = 0; i < 100; i++) {
                send(h, click("c" + i, T0 + i * 1000L, 100));
            }
            assertEquals(100, h.extractOutputValues().size());
            assertEquals(1, h.numEventTimeTimers());
            send(h, click("c-later", at(4, 0), 100));
            assertEquals(2, h.numEventTimeTimers(), "an id of a later bucket");
        }
    }

    @ParameterizedTest(name = "ids on the heap: {0}")
    @ValueSource(booleans = {true, false})
    void atTheEndOfTheInputAShardForgetsEveryId(boolean onHeap) throws Exception {
        try (var h = harness(null, d -> 7, onHeap)) {
            send(h, click("c1", T0, 100));
            send(h, click("c2", at(7, 0), 100));
            send(h, click("c3", at(13, 0), 100));
            assertEquals(3, h.numEventTimeTimers(), "three expiry buckets");
            h.processWatermark(Long.MAX_VALUE);
            assertEquals(0, Harnesses.keyedStateEntries(h), "every id forgotten, as the last bucket's timer would");
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(List.of("c1", "c2", "c3"), ids(h));
        }
    }

    @ParameterizedTest(name = "ids on the heap: {0}")
    @ValueSource(booleans = {true, false})
    void aWatermarkPastSeveralBucketsForgetsTheirIdsAtOnceAndKeepsTheRest(boolean onHeap) throws Exception {
        // buckets of 6 h: the ids of 10:00, 13:00 and 19:00 expire with the buckets ending at 12:00,
        // 18:00 and 00:00 the next day
        try (var h = harness(null, d -> 7, onHeap)) {
            send(h, click("c1", T0, 100));
            send(h, click("c2", at(3, 0), 100));
            send(h, click("c3", at(9, 0), 100));
            assertEquals(3, h.numEventTimeTimers());
            h.processWatermark(T0 + HORIZON + 8 * HOUR);
            assertEquals(1, h.numEventTimeTimers(), "the first two buckets' timers fired in one advance");
            send(h, click("c3", at(9, 0) + HORIZON, 100));
            assertEquals(List.of("c1", "c2", "c3"), ids(h), "c3 kept: a duplicate within its horizon");
            send(h, click("c2", at(3, 0) + HORIZON, 100));
            assertEquals(1, h.getSideOutput(LATE).size(), "c2 forgotten with its bucket: late, not a duplicate");
            h.processWatermark(T0 + 2 * HORIZON + 8 * HOUR); // c3's bucket and the late c2's, remembered too
            assertEquals(0, h.numEventTimeTimers(), "both timers fired");
            assertEquals(0, Harnesses.keyedStateEntries(h), "every id forgotten");
        }
    }

    @ParameterizedTest(name = "ids on the heap: {0}")
    @ValueSource(booleans = {true, false})
    void aRecordFurtherThanTheHorizonFromTheFirstIsNotADuplicateEvenBeforeCleanup(boolean onHeap) throws Exception {
        // the replay's batch mode fires no timer until the end: the horizon is checked on the timestamps
        try (var h = harness(null, Decoded::shard, onHeap)) {
            send(h, click("c1", T0, 100));
            send(h, click("c1", T0 + HORIZON, 100));
            send(h, click("c1", T0 + HORIZON + 1, 100));
            assertEquals(
                    List.of(T0, T0 + HORIZON + 1),
                    h.extractOutputValues().stream().map(Click::ts).toList(),
                    "exactly the horizon apart is a duplicate; one millisecond more is not");
        }
    }

    @ParameterizedTest(name = "ids on the heap: {0}")
    @ValueSource(booleans = {true, false})
    void idsOfOneShardAreToldApartAndRememberedAcrossARestore(boolean onHeap) throws Exception {
        KeySelector<Decoded<Click>, Short> everyIdCollides = d -> 7;
        OperatorSubtaskState snapshot;
        try (var h = harness(null, everyIdCollides, onHeap)) {
            send(h, click("c1", T0, 100));
            send(h, click("c2", T0 + 1, 100));
            send(h, click("c3", T0 + 2, 100));
            send(h, click("c2", T0 + 3, 999));
            send(h, click("c1", T0 + 4, 999));
            assertEquals(List.of("c1", "c2", "c3"), ids(h), "three ids of one shard, each passed once");
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(snapshot, everyIdCollides, onHeap)) {
            send(h, click("c3", T0 + 5, 999));
            assertEquals(0, h.extractOutputValues().size(), "an id is still known after restore");
            assertEquals(1, h.numEventTimeTimers(), "the cleanup timer was restored");
            h.processWatermark(T0 + HORIZON + 2 * HOUR);
            assertEquals(0, Harnesses.keyedStateEntries(h), "every id of the shard forgotten past the horizon");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void aSnapshotHoldsTheIdsOfItsMomentWhileTheTaskGoesOnWritingBeforeItIsWritten() throws Exception {
        KeySelector<Decoded<Click>, Short> everyIdCollides = d -> 7;
        OperatorSubtaskState snapshot;
        try (var h = harness(null, everyIdCollides, true)) {
            send(h, click("c1", T0, 100));
            // the snapshot's synchronous part only: the heap backend writes the tables afterwards, on
            // another thread in a job, while the task goes on
            OperatorSnapshotFutures writing = h.getOperator()
                    .snapshotState(
                            1L,
                            1L,
                            CheckpointOptions.forCheckpointWithDefaultLocation(),
                            new JobManagerCheckpointStorage()
                                    .createCheckpointStorage(new JobID())
                                    .resolveCheckpointStorageLocation(
                                            1L, CheckpointStorageLocationReference.getDefault()));
            send(h, click("c2", T0 + 1, 100));
            send(h, click("c1", T0 + 2, 999));
            assertEquals(List.of("c1", "c2"), ids(h));
            snapshot = OperatorSnapshotFinalizer.create(writing).getJobManagerOwnedState();
        }
        try (var h = harness(snapshot, everyIdCollides, true)) {
            send(h, click("c2", T0 + 3, 100));
            send(h, click("c1", T0 + 4, 999));
            assertEquals(List.of("c2"), ids(h), "c1 came before the snapshot, c2 after it");
        }
    }
}
