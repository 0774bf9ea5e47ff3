package com.adaudit.events;

/** The four input streams; {@link #wireName()} is the topic / replay file name of docs/reference.md. */
public enum StreamKind {
    IMPRESSIONS("impressions"),
    CLICKS("clicks"),
    PAGEVIEWS("pageviews"),
    VENDOR_REPORTS("vendor-reports");

    private final String wireName;

    StreamKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Streams by wire name; {@code null} for an unknown name. */
    public static StreamKind fromWireName(String name) {
        for (StreamKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return kind;
            }
        }
        return null;
    }
}
