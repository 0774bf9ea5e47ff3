package com.adaudit.rules.gap;

import com.adaudit.events.VendorReport;

/** What the gap evaluator reads, one of the two: a window's measured impressions, or a vendor report. */
public record GapInput(ImpressionTally tally, VendorReport report) {

    public static GapInput of(ImpressionTally tally) {
        return new GapInput(tally, null);
    }

    public static GapInput of(VendorReport report) {
        return new GapInput(null, report);
    }
}
