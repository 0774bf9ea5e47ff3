package com.adaudit.admission;

import com.adaudit.events.StreamKind;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/**
 * The per-stream figures of docs/reference.md (read, accepted, rejected, duplicate, late). Each is both a
 * Flink metric ({@code adaudit.<stream>.<figure>}) for the live job and an accumulator of the
 * same name that the replay harness reads from the job result.
 */
public final class StreamFigures {

    public static final String READ = "read";
    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";
    public static final String DUPLICATE = "duplicate";
    public static final String LATE = "late";
    /** Admitted records of campaigns that no contract governs: counted, never judged (a subset, not a sixth figure). */
    public static final String UNGOVERNED = "ungoverned";

    private StreamFigures() {}

    public static String accumulatorName(String stream, String figure) {
        return stream + "." + figure;
    }

    /** Registers the figure on this operator instance; call from {@code open}. */
    public static Figure register(RuntimeContext ctx, StreamKind stream, String figure) {
        return register(ctx, stream.wireName(), figure);
    }

    public static Figure register(RuntimeContext ctx, String stream, String figure) {
        LongCounter total = ctx.getLongCounter(accumulatorName(stream, figure));
        Counter metric =
                ctx.getMetricGroup().addGroup("adaudit").addGroup(stream).counter(figure);
        return new Figure(total, metric);
    }

    /** One figure of one stream on one operator instance. */
    public static final class Figure {
        private final LongCounter total;
        private final Counter metric;

        private Figure(LongCounter total, Counter metric) {
            this.total = total;
            this.metric = metric;
        }

        public void inc() {
            total.add(1L);
            metric.inc();
        }
    }
}
