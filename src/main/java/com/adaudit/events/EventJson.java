package com.adaudit.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Writes an input event back as the JSON of docs/reference.md (the fields AdAudit read), for late-events. */
public final class EventJson {

    private static final JsonFactory JSON = new JsonFactory();

    private EventJson() {}

    public static String encode(InputEvent event) {
        StringWriter out = new StringWriter(160);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            if (event instanceof Impression i) {
                common(g, "event_id", i.eventId(), i.ts(), i.campaignId(), i.sourceId());
            } else if (event instanceof Click c) {
                common(g, "event_id", c.eventId(), c.ts(), c.campaignId(), c.sourceId());
                g.writeNumberField("cost_micros", c.costMicros());
                g.writeStringField("currency", c.currency());
                if (c.ip() != null) {
                    g.writeStringField("ip", c.ip());
                }
                if (c.userAgent() != null) {
                    g.writeStringField("user_agent", c.userAgent());
                }
            } else if (event instanceof PageView p) {
                common(g, "event_id", p.eventId(), p.ts(), p.campaignId(), p.sourceId());
                g.writeStringField("click_id", p.clickId());
            } else if (event instanceof VendorReport r) {
                common(g, "report_id", r.reportId(), r.ts(), r.campaignId(), r.sourceId());
                g.writeNumberField("period_start", r.periodStart());
                g.writeNumberField("period_end", r.periodEnd());
                g.writeNumberField("impressions", r.impressions());
                g.writeNumberField("cost_micros", r.costMicros());
                g.writeStringField("currency", r.currency());
                if (r.clicks() != null) {
                    g.writeNumberField("clicks", r.clicks());
                }
            } else {
                throw new IllegalArgumentException("not an input event: " + event);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void common(JsonGenerator g, String idField, String id, long ts, String campaign, String source)
            throws IOException {
        g.writeStringField(idField, id);
        g.writeNumberField("ts", ts);
        g.writeStringField("campaign_id", campaign);
        g.writeStringField("source_id", source);
    }
}
