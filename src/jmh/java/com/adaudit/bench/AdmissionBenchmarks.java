package com.adaudit.bench;

import com.adaudit.admission.Admission;
import com.adaudit.admission.Governor;
import com.adaudit.contracts.Contract;
import com.adaudit.contracts.ContractBook;
import com.adaudit.contracts.LiveContracts;
import com.adaudit.events.DeadLetter;
import com.adaudit.events.Decoded;
import com.adaudit.events.Impression;
import com.adaudit.events.LateEvent;
import com.adaudit.events.Origin;
import com.adaudit.events.StreamKind;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Admission's de-duplication state on the heap backend, both layouts of {@code SeenIds}: the
 * table per shard ({@code idsOnHeap=true}) and a map entry per id ({@code false}, the RocksDB
 * layout and, before it, the heap's too). One operator instance, in Flink's operator test harness
 * with the heap backend, as the streaming job holds it: a day of impressions at about 1M an hour
 * (24M) does not fit a benchmark's heap, so the horizon is an hour at 1M ids an hour (one every
 * 3.6 ms of event time), and the watermark moves so that ids expire as in the job.
 */
@State(Scope.Thread)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx6g", "-Xms6g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AdmissionBenchmarks {

    private static final long HOUR = 3_600_000L;
    private static final long T0 = 1_795_341_600_000L;
    /** Event time per id: a million ids an hour. */
    private static final double MILLIS_PER_ID = 3.6;

    private static final OutputTag<DeadLetter> DEAD = new OutputTag<>("dead", TypeInformation.of(DeadLetter.class));
    private static final OutputTag<LateEvent> LATE = new OutputTag<>("late", TypeInformation.of(LateEvent.class));
    private static final Origin ORIGIN = Origin.ofKafka("impressions", 0, 0);

    @Param({"true", "false"})
    public boolean idsOnHeap;

    private KeyedBroadcastOperatorTestHarness<Short, Decoded<Impression>, Contract, Impression> harness;
    private long next;
    private long checkpoint;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        harness = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                        new Admission<>(
                                StreamKind.IMPRESSIONS,
                                Governor.IMPRESSIONS,
                                new LiveContracts(ContractBook.of(List.of())),
                                HOUR,
                                Admission.IdLayout.of(idsOnHeap, false),
                                DEAD,
                                LATE),
                        List.of(LiveContracts.UPDATES)),
                Decoded::shard,
                Types.SHORT,
                128,
                1,
                0);
        harness.setCheckpointStorage(
                new JobManagerCheckpointStorage(Integer.MAX_VALUE)); // in memory: no disk in the figure
        harness.setup();
        harness.open();
        harness.processBroadcastWatermark(Long.MAX_VALUE);
        for (int i = 0; i < 1_000_000; i++) {
            admitNext();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        harness.close();
    }

    /** One new impression (an hour of ids held), the watermark a minute behind it. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void admitImpression() throws Exception {
        admitNext();
    }

    /** A checkpoint of an hour of ids (about a million), synchronous and asynchronous parts. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public OperatorSubtaskState snapshot() throws Exception {
        return harness.snapshot(++checkpoint, T0);
    }

    private void admitNext() throws Exception {
        long ts = T0 + (long) (next * MILLIS_PER_ID);
        String id = "i-c-" + (next % 10) + "-src-" + (next % 97) + "-" + next;
        harness.processElement(
                Decoded.accepted(new Impression(id, ts, "c-" + (next % 10), "src-" + (next % 97), null), ORIGIN), ts);
        if (++next % 10_000 == 0) {
            harness.processWatermark(ts - 60_000);
            harness.getOutput().clear();
        }
    }
}
