package com.adaudit.events;

/**
 * An event that arrived after the result it feeds was final: its stream, id and JSON.
 *
 * @param stage {@code null} when admission found the event late; otherwise the rule stage that
 *     found it (or a record derived from it) late after admission let it through
 * @param missed the deadline it missed (see {@link #deadlineOf}); {@code null} for a derived
 *     record whose stage names it
 * @param deadline the end of what it came too late for: the window's end, the end of the session
 *     timeout, the report's evaluation (for these the result was final when the watermark passed
 *     the instant before), or the end of the report grace, which its own {@code ts} is past
 */
public record LateEvent(String stream, String id, String eventJson, String stage, String missed, long deadline) {

    public static final String WINDOW_END = "window_end";
    public static final String SESSION_TIMEOUT = "session_timeout";
    public static final String REPORT_EVALUATION = "report_evaluation";
    public static final String REPORT_GRACE = "report_grace";

    /** An input event late at admission or at a stage, with the deadline it missed. */
    public static LateEvent of(StreamKind stream, InputEvent event, String eventJson, String stage) {
        Governance g = event.governance();
        String missed = deadlineOf(stream, event.ts(), g);
        return new LateEvent(
                stream.wireName(),
                event.id(),
                eventJson,
                stage,
                missed,
                missed.equals(REPORT_GRACE) ? g.lateAt() : g.lateAt() + 1);
    }

    /** Which result the event came too late for. */
    static String deadlineOf(StreamKind stream, long ts, Governance g) {
        return switch (stream) {
            case IMPRESSIONS, CLICKS -> WINDOW_END;
            case PAGEVIEWS -> SESSION_TIMEOUT;
            case VENDOR_REPORTS -> ts > g.lateAt() ? REPORT_GRACE : REPORT_EVALUATION;
        };
    }
}
