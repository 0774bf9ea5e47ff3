package com.adaudit.events;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/** An ad impression served (docs/reference.md "impressions"). */
@TypeInfo(ImpressionSerializer.Factory.class)
public record Impression(String eventId, long ts, String campaignId, String sourceId, Governance governance)
        implements InputEvent {

    @Override
    public StreamKind stream() {
        return StreamKind.IMPRESSIONS;
    }

    @Override
    public String id() {
        return eventId;
    }

    public Impression governedBy(Governance g) {
        return new Impression(eventId, ts, campaignId, sourceId, g);
    }
}
