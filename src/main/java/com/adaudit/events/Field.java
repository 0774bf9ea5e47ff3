package com.adaudit.events;

/** Input fields of docs/reference.md that AdAudit reads, each with the JSON type and range it must have. */
enum Field {
    EVENT_ID("event_id", Kind.ID),
    REPORT_ID("report_id", Kind.ID),
    CLICK_ID("click_id", Kind.ID),
    CAMPAIGN_ID("campaign_id", Kind.ID),
    SOURCE_ID("source_id", Kind.ID),
    TS("ts", Kind.TIME),
    PERIOD_START("period_start", Kind.TIME),
    PERIOD_END("period_end", Kind.TIME),
    COST_MICROS("cost_micros", Kind.MONEY),
    IMPRESSIONS("impressions", Kind.COUNT),
    CLICKS("clicks", Kind.COUNT),
    CURRENCY("currency", Kind.CURRENCY),
    PLACEMENT_ID("placement_id", Kind.TEXT),
    DEVICE_ID("device_id", Kind.TEXT),
    IP("ip", Kind.TEXT),
    USER_AGENT("user_agent", Kind.TEXT),
    IMPRESSION_ID("impression_id", Kind.TEXT),
    PAGE("page", Kind.TEXT);

    enum Kind {
        /** Non-empty string of at most 256 characters. */
        ID,
        /** Any string. */
        TEXT,
        /** ISO 4217 code: three upper-case letters. */
        CURRENCY,
        /** Integer epoch milliseconds in [2000-01-01, 2100-01-01). */
        TIME,
        /** Integer micros, 0 to {@link #MAX_MONEY_MICROS}. */
        MONEY,
        /** Integer count, 0 to {@link #MAX_COUNT}. */
        COUNT;

        boolean isText() {
            return this == ID || this == TEXT || this == CURRENCY;
        }
    }

    static final int MAX_ID_LENGTH = 256;
    static final long MIN_TIME = 946_684_800_000L; // 2000-01-01T00:00:00Z
    static final long MAX_TIME_EXCLUSIVE = 4_102_444_800_000L; // 2100-01-01T00:00:00Z
    /**
     * One record may carry at most 10^15 micros (a billion currency units) and counts up to
     * 10^12, so that window sums stay far from {@code long} overflow.
     */
    static final long MAX_MONEY_MICROS = 1_000_000_000_000_000L;

    static final long MAX_COUNT = 1_000_000_000_000L;

    final String jsonName;
    final Kind kind;

    Field(String jsonName, Kind kind) {
        this.jsonName = jsonName;
        this.kind = kind;
    }
}
