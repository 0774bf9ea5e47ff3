package com.adaudit.events;

/** What every input event offers to admission, de-duplication and lateness. */
public interface InputEvent {

    StreamKind stream();

    /** {@code event_id}, or {@code report_id} for vendor reports: the de-duplication id. */
    String id();

    /** Event time, epoch milliseconds. */
    long ts();

    String campaignId();

    String sourceId();

    /** {@code null} until admission. */
    Governance governance();
}
