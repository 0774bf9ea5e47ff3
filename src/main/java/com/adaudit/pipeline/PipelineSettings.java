package com.adaudit.pipeline;

import java.io.Serializable;
import java.time.Duration;

/**
 * Pipeline settings that are not a contract's.
 *
 * @param dedupHorizon a record whose id was seen within this much event time is a duplicate
 * @param maxReportPeriod the longest vendor report period measured; measured impressions are
 *     kept this long plus the report grace, and a longer period is rejected
 */
public record PipelineSettings(Duration dedupHorizon, Duration maxReportPeriod) implements Serializable {

    public static final PipelineSettings DEFAULTS = new PipelineSettings(Duration.ofHours(24), Duration.ofDays(7));
}
