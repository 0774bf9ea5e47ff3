package com.adaudit.events;

/**
 * What the vendor says it delivered for a source over {@code [periodStart, periodEnd)}
 * (docs/reference.md "vendor-reports"). {@code clicks} is optional: {@code null} when absent.
 */
public record VendorReport(
        String reportId,
        long ts,
        String campaignId,
        String sourceId,
        long periodStart,
        long periodEnd,
        long impressions,
        long costMicros,
        String currency,
        Long clicks,
        Governance governance)
        implements InputEvent {

    @Override
    public StreamKind stream() {
        return StreamKind.VENDOR_REPORTS;
    }

    @Override
    public String id() {
        return reportId;
    }

    public VendorReport governedBy(Governance g) {
        return new VendorReport(
                reportId,
                ts,
                campaignId,
                sourceId,
                periodStart,
                periodEnd,
                impressions,
                costMicros,
                currency,
                clicks,
                g);
    }
}
