package com.adaudit.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds replay input as JSON lines, stream by stream, with fixed instants. Ids are generated
 * from a counter so that the same builder calls give the same files.
 */
public final class Traffic {

    private final Map<String, List<String>> lines = new LinkedHashMap<>();
    private int nextId;

    public Map<String, List<String>> lines() {
        return lines;
    }

    public Traffic raw(String stream, String line) {
        lines.computeIfAbsent(stream, s -> new ArrayList<>()).add(line);
        return this;
    }

    public String impression(long ts, String campaign, String source) {
        String id = "imp-" + nextId++;
        raw(
                "impressions",
                String.format(
                        "{\"event_id\":\"%s\",\"ts\":%d,\"campaign_id\":\"%s\",\"source_id\":\"%s\"}",
                        id, ts, campaign, source));
        return id;
    }

    public Traffic impressions(int count, long from, long step, String campaign, String source) {
        for (int i = 0; i < count; i++) {
            impression(from + i * step, campaign, source);
        }
        return this;
    }

    public String click(long ts, String campaign, String source, long costMicros) {
        return click(ts, campaign, source, costMicros, "CNY");
    }

    public String click(long ts, String campaign, String source, long costMicros, String currency) {
        String id = "clk-" + nextId++;
        raw(
                "clicks",
                String.format(
                        "{\"event_id\":\"%s\",\"ts\":%d,\"campaign_id\":\"%s\",\"source_id\":\"%s\",\"cost_micros\":%d,\"currency\":\"%s\"}",
                        id, ts, campaign, source, costMicros, currency));
        return id;
    }

    public String pageview(long ts, String clickId, String campaign, String source) {
        String id = "pv-" + nextId++;
        raw(
                "pageviews",
                String.format(
                        "{\"event_id\":\"%s\",\"ts\":%d,\"click_id\":\"%s\",\"campaign_id\":\"%s\",\"source_id\":\"%s\"}",
                        id, ts, clickId, campaign, source));
        return id;
    }

    /** {@code count} clicks one minute apart from {@code from}, each with {@code pageviews} pageviews 10 s apart. */
    public Traffic clicks(int count, long from, String campaign, String source, long costMicros, int pageviews) {
        for (int i = 0; i < count; i++) {
            long ts = from + i * Instants.MINUTE;
            String click = click(ts, campaign, source, costMicros);
            for (int p = 1; p <= pageviews; p++) {
                pageview(ts + p * 10_000L, click, campaign, source);
            }
        }
        return this;
    }

    public Traffic report(
            String reportId,
            long ts,
            String campaign,
            String source,
            long periodStart,
            long periodEnd,
            long impressions,
            long costMicros) {
        return raw(
                "vendor-reports",
                String.format(
                        "{\"report_id\":\"%s\",\"ts\":%d,\"campaign_id\":\"%s\",\"source_id\":\"%s\",\"period_start\":%d,"
                                + "\"period_end\":%d,\"impressions\":%d,\"cost_micros\":%d,\"currency\":\"CNY\"}",
                        reportId, ts, campaign, source, periodStart, periodEnd, impressions, costMicros));
    }
}
