package com.adaudit.events;

/** A landing-page view after a click (docs/reference.md "pageviews"). */
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
