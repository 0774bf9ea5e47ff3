package com.adaudit.admission;

import com.adaudit.admission.StreamFigures.Figure;
import com.adaudit.contracts.Contract;
import com.adaudit.contracts.LiveContracts;
import com.adaudit.events.DeadLetter;
import com.adaudit.events.Decoded;
import com.adaudit.events.EventJson;
import com.adaudit.events.InputEvent;
import com.adaudit.events.LateEvent;
import com.adaudit.events.StreamKind;
import com.adaudit.ids.ShardTimers;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * First stage of every input stream, keyed by a shard of the record's id ({@link Decoded#shard()}, in a
 * streaming job grouped by {@link com.adaudit.events.Shards#key}): it
 * counts each record read and sorts it into exactly one figure, in the order of docs/reference.md.
 *
 * <ol>
 *   <li><b>rejected</b>: decoding rejections, and contract rejections (currency, period
 *       alignment) under the contract in force for its campaign, go to the dead letters;
 *   <li><b>duplicate</b>: a record with its id and a {@code ts} within the dedup horizon was seen
 *       before;
 *   <li><b>late</b>: the watermark has reached the {@link com.adaudit.events.Governance#lateAt()
 *       instant} after which the result it feeds is final;
 *   <li><b>accepted</b>: passed on, stamped with its contract's {@link
 *       com.adaudit.events.Governance}.
 * </ol>
 *
 * <p>One stage, not two: as two tasks, stamping and de-duplication cost every record one more
 * serialization between them and bought no parallelism.
 *
 * <p>Each shard keeps its ids with their first {@code ts} ({@link SeenIds}), and expires them in buckets:
 * one timer per shard and bucket of event time, not one per event, which was most of the
 * streaming job's CPU. An id stays until the bucket after its horizon ends, at most a bucket
 * longer than needed; the horizon itself is exact, because it is checked on the timestamps.
 */
public class Admission<E extends InputEvent> extends KeyedBroadcastProcessFunction<Short, Decoded<E>, Contract, E>
        implements CheckpointedFunction {

    /** How the ids are held ({@link SeenIds}), for the state backend the stage runs on. */
    public enum IdLayout {
        /** A streaming job's heap backend, which holds every key's state at once: a table per key. */
        HEAP,
        /** The batch replay's backend, which holds one key's state at a time: a table per key. */
        HEAP_ONE_KEY_AT_A_TIME,
        /** RocksDB, which reads and writes a whole value at each access: an entry per id. */
        ROCKSDB;

        public static IdLayout of(boolean onHeap, boolean oneKeyAtATime) {
            return !onHeap ? ROCKSDB : oneKeyAtATime ? HEAP_ONE_KEY_AT_A_TIME : HEAP;
        }
    }

    /**
     * Expiry buckets: a quarter of the horizon, at least a minute, so that timers stay few; each
     * id is looked at about five times before it goes, and stays at most a quarter longer.
     */
    static long bucketMillis(long horizonMillis) {
        return Math.max(horizonMillis / 4, 60_000);
    }

    private final StreamKind stream;
    private final Governor<E> governor;
    private final LiveContracts contracts;
    private final long horizonMillis;
    private final long bucketMillis;
    private final IdLayout idLayout;

    private final OutputTag<DeadLetter> deadLetters;
    private final OutputTag<LateEvent> lateEvents;

    private transient SeenIds seenIds;

    private transient ShardTimers expiryTimers;

    private transient Figure read;
    private transient Figure rejected;
    private transient Figure ungoverned;
    private transient Figure accepted;
    private transient Figure duplicate;
    private transient Figure late;

    public Admission(
            StreamKind stream,
            Governor<E> governor,
            LiveContracts contracts,
            long horizonMillis,
            IdLayout idLayout,
            OutputTag<DeadLetter> deadLetters,
            OutputTag<LateEvent> lateEvents) {
        this.stream = stream;
        this.governor = governor;
        this.contracts = contracts;
        this.horizonMillis = horizonMillis;
        this.bucketMillis = bucketMillis(horizonMillis);
        this.idLayout = idLayout;
        this.deadLetters = deadLetters;
        this.lateEvents = lateEvents;
    }

    @Override
    public void open(OpenContext openContext) {
        seenIds = SeenIds.of(getRuntimeContext(), idLayout);
        expiryTimers = new ShardTimers();
        read = StreamFigures.register(getRuntimeContext(), stream, StreamFigures.READ);
        rejected = StreamFigures.register(getRuntimeContext(), stream, StreamFigures.REJECTED);
        ungoverned = StreamFigures.register(getRuntimeContext(), stream, StreamFigures.UNGOVERNED);
        accepted = StreamFigures.register(getRuntimeContext(), stream, StreamFigures.ACCEPTED);
        duplicate = StreamFigures.register(getRuntimeContext(), stream, StreamFigures.DUPLICATE);
        late = StreamFigures.register(getRuntimeContext(), stream, StreamFigures.LATE);
    }

    @Override
    public void processElement(Decoded<E> decoded, ReadOnlyContext ctx, Collector<E> out) throws Exception {
        read.inc();
        if (decoded.rejection() != null) {
            reject(ctx, decoded.rejection());
            return;
        }
        E event = decoded.event();
        Contract contract =
                contracts.current(ctx.getBroadcastState(LiveContracts.UPDATES)).forCampaign(event.campaignId());
        String problem = governor.rejection(event, contract);
        if (problem != null) {
            // the raw bytes are gone after decoding: the dead letter carries the event as read
            reject(ctx, new DeadLetter(stream.wireName(), problem, EventJson.encode(event), decoded.origin()));
            return;
        }
        if (contract == null) {
            ungoverned.inc(); // of every admitted record, duplicates and late ones too
        }
        if (!firstOfItsId(event, ctx)) {
            duplicate.inc();
            return;
        }
        E governed = governor.govern(event, contract);
        if (governed.governance().isLate(event.ts(), ctx.timerService().currentWatermark())) {
            late.inc();
            ctx.output(lateEvents, LateEvent.of(stream, governed, EventJson.encode(governed), null));
            return;
        }
        accepted.inc();
        out.collect(governed);
    }

    /** Whether no record of the event's id was seen within the horizon; remembers it if so. */
    private boolean firstOfItsId(E event, ReadOnlyContext ctx) throws Exception {
        short key = ctx.getCurrentKey();
        if (!seenIds.firstWithin(key, event.id(), event.ts(), horizonMillis)) {
            return false;
        }
        long expiresAt = event.ts() + horizonMillis;
        long bucketEnd = expiresAt - Math.floorMod(expiresAt, bucketMillis) + bucketMillis;
        expiryTimers.register(key, bucketEnd, ctx.timerService());
        return true;
    }

    private void reject(ReadOnlyContext ctx, DeadLetter deadLetter) {
        rejected.inc();
        ctx.output(deadLetters, deadLetter);
    }

    @Override
    public void processBroadcastElement(Contract update, Context ctx, Collector<E> out) throws Exception {
        contracts.apply(ctx.getBroadcastState(LiveContracts.UPDATES), update);
    }

    /**
     * The end of a bucket: the shard forgets every id whose horizon has passed. When the watermark
     * passes several of its buckets at once (a backlog, the end of a bounded stream) the first
     * timer forgets what the last would, so the table is rebuilt once, not once per bucket; once
     * the input has ended, every id goes.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<E> out) throws Exception {
        short key = ctx.getCurrentKey();
        if (ShardTimers.inputEnded(ctx.timerService())) {
            seenIds.forgetAll(key);
        } else {
            long lastDue = expiryTimers.lastDue(key, timestamp, ctx.timerService());
            seenIds.forgetSeenAtOrBefore(key, lastDue - horizonMillis);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        seenIds.snapshotting();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        // the ids are keyed state, restored by the backend
    }
}
