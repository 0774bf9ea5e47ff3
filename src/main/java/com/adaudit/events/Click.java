package com.adaudit.events;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A paid click (docs/reference.md "clicks"); {@code costMicros} is what the vendor charged for it.
 * {@code ip} and {@code userAgent} are {@code null} when absent: the invalid-traffic rule reads them.
 */
@TypeInfo(ClickSerializer.Factory.class)
public record Click(
        String eventId,
        long ts,
        String campaignId,
        String sourceId,
        long costMicros,
        String currency,
        String ip,
        String userAgent,
        Governance governance)
        implements InputEvent {

    @Override
    public StreamKind stream() {
        return StreamKind.CLICKS;
    }

    @Override
    public String id() {
        return eventId;
    }

    public Click governedBy(Governance g) {
        return new Click(eventId, ts, campaignId, sourceId, costMicros, currency, ip, userAgent, g);
    }
}
