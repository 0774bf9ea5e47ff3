package com.adaudit.rules;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Folds a stream into per source window sums before the shuffle to the window stage, so that the
 * window stage receives a few {@link WindowPartial}s per window and subtask instead of every event.
 *
 * <p>It sits chained behind the stage that produces the inputs and holds no Flink state: a
 * window's partial leaves before the watermark that makes the window final (so it is never late
 * where its inputs were not), and everything open leaves before each checkpoint barrier and at
 * the end of input, so a checkpoint finds the sums in the window stage's state. Sums are
 * commutative, so the window's result does not depend on how its inputs were split into partials.
 */
public final class PreAggregator<IN, A> extends AbstractStreamOperator<WindowPartial<A>>
        implements OneInputStreamOperator<IN, WindowPartial<A>>, BoundedOneInput {

    private record Slot(SourceKey key, long windowStart, long firesAt) {}

    private static final class Folding<A> {
        A sums;
        long inputs;

        Folding(A sums) {
            this.sums = sums;
        }
    }

    private final KeySelector<IN, SourceKey> key;
    private final ContractWindows.Bounds<IN> bounds;
    private final AggregateFunction<IN, A, ?> aggregate;

    private transient Map<Slot, Folding<A>> open;
    /** The earliest {@code firesAt} among the open slots: a watermark before it has nothing to send. */
    private transient long earliestFiresAt;

    private transient StreamRecord<WindowPartial<A>> reusable;

    public PreAggregator(
            KeySelector<IN, SourceKey> key, ContractWindows.Bounds<IN> bounds, AggregateFunction<IN, A, ?> aggregate) {
        this.key = key;
        this.bounds = bounds;
        this.aggregate = aggregate;
    }

    @Override
    public void open() throws Exception {
        super.open();
        open = new HashMap<>();
        earliestFiresAt = Long.MAX_VALUE;
        reusable = new StreamRecord<>(null);
    }

    @Override
    public void processElement(StreamRecord<IN> element) throws Exception {
        IN value = element.getValue();
        Slot slot = new Slot(key.getKey(value), bounds.windowStart(value), bounds.firesAt(value));
        Folding<A> folding = open.get(slot);
        if (folding == null) {
            folding = new Folding<>(aggregate.createAccumulator());
            open.put(slot, folding);
            earliestFiresAt = Math.min(earliestFiresAt, slot.firesAt());
        }
        folding.sums = aggregate.add(value, folding.sums);
        folding.inputs++;
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        emitUpTo(mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        emitUpTo(Long.MAX_VALUE);
    }

    @Override
    public void endInput() {
        emitUpTo(Long.MAX_VALUE);
    }

    /** Sends the partial of every window that is final at {@code instant}, then forgets it. */
    private void emitUpTo(long instant) {
        if (instant < earliestFiresAt) {
            return;
        }
        long stillOpen = Long.MAX_VALUE;
        for (Iterator<Map.Entry<Slot, Folding<A>>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Slot, Folding<A>> e = it.next();
            Slot s = e.getKey();
            if (s.firesAt() <= instant) {
                Folding<A> f = e.getValue();
                output.collect(reusable.replace(
                        new WindowPartial<>(s.key(), s.windowStart(), s.firesAt(), f.inputs, f.sums), s.firesAt()));
                it.remove();
            } else {
                stillOpen = Math.min(stillOpen, s.firesAt());
            }
        }
        earliestFiresAt = stillOpen;
    }

    /** The window stage's side: merges a window's partials with the same function's {@code merge}. */
    public static final class MergePartials<A, R> implements AggregateFunction<WindowPartial<A>, A, R> {

        private final AggregateFunction<?, A, R> aggregate;

        public MergePartials(AggregateFunction<?, A, R> aggregate) {
            this.aggregate = aggregate;
        }

        @Override
        public A createAccumulator() {
            return aggregate.createAccumulator();
        }

        @Override
        public A add(WindowPartial<A> partial, A sums) {
            return aggregate.merge(sums, partial.sums());
        }

        @Override
        public R getResult(A sums) {
            return aggregate.getResult(sums);
        }

        @Override
        public A merge(A a, A b) {
            return aggregate.merge(a, b);
        }
    }
}
