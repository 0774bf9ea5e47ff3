package com.adaudit.events;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/** A landing-page view after a click (docs/reference.md "pageviews"). */
@TypeInfo(PageViewSerializer.Factory.class)
public record PageView(
        String eventId, long ts, String clickId, String campaignId, String sourceId, Governance governance)
        implements InputEvent {

    @Override
    public StreamKind stream() {
        return StreamKind.PAGEVIEWS;
    }

    @Override
    public String id() {
        return eventId;
    }

    public PageView governedBy(Governance g) {
        return new PageView(eventId, ts, clickId, campaignId, sourceId, g);
    }
}
