package com.adaudit.pipeline;

import com.adaudit.rules.ivt.DatacenterRanges;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * Pipeline settings that are not a contract's.
 *
 * @param dedupHorizon a record whose id was seen within this much event time is a duplicate
 * @param maxReportPeriod the longest vendor report period measured; measured impressions are
 *     kept this long plus the report grace, and a longer period is rejected
 * @param datacenterRanges the data-centre ranges of the GIVT category {@code datacenter_ip}
 * @param stateOnHeap whether keyed state lives on the heap (the {@code hashmap} backend and the
 *     replay's batch mode) rather than in RocksDB: admission lays its ids out for the one it runs on
 * @param resultBufferTimeout how long a streaming job's stages of few records (from the window
 *     sums on, on the way to a flag; contract updates; late records) hold a partly filled
 *     network buffer, zero to send each record at once; the events' stages take the
 *     environment's longer timeout
 */
public record PipelineSettings(
        Duration dedupHorizon,
        Duration maxReportPeriod,
        DatacenterRanges datacenterRanges,
        boolean stateOnHeap,
        Duration resultBufferTimeout)
        implements Serializable {

    /** The defaults, with no data-centre ranges: the job and the replay read theirs from a file. */
    public static final PipelineSettings DEFAULTS = new PipelineSettings(
            Duration.ofHours(24), Duration.ofDays(7), DatacenterRanges.of(List.of()), true, Duration.ZERO);

    public PipelineSettings withDedupHorizon(Duration horizon) {
        return new PipelineSettings(horizon, maxReportPeriod, datacenterRanges, stateOnHeap, resultBufferTimeout);
    }

    public PipelineSettings withMaxReportPeriod(Duration period) {
        return new PipelineSettings(dedupHorizon, period, datacenterRanges, stateOnHeap, resultBufferTimeout);
    }

    public PipelineSettings withDatacenterRanges(DatacenterRanges ranges) {
        return new PipelineSettings(dedupHorizon, maxReportPeriod, ranges, stateOnHeap, resultBufferTimeout);
    }

    public PipelineSettings withStateOnHeap(boolean onHeap) {
        return new PipelineSettings(dedupHorizon, maxReportPeriod, datacenterRanges, onHeap, resultBufferTimeout);
    }

    public PipelineSettings withResultBufferTimeout(Duration timeout) {
        return new PipelineSettings(dedupHorizon, maxReportPeriod, datacenterRanges, stateOnHeap, timeout);
    }
}
