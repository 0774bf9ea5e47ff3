package com.adaudit.rules.ivt;

/**
 * One source window's clicks under INVALID_TRAFFIC: the MRC's gross figures and the general
 * invalid traffic among them, by category. It is also the traffic-quality record of the window.
 */
public record IvtTally(
        String contractId,
        String campaignId,
        String sourceId,
        long windowStart,
        long windowEnd,
        String currency,
        long clicks,
        long spendMicros,
        long botUserAgent,
        long datacenterIp,
        long duplicateClick,
        long invalidSpendMicros) {

    public long invalidClicks() {
        return botUserAgent + datacenterIp + duplicateClick;
    }
}
