package com.adaudit.io;

import com.adaudit.claims.Claim;
import com.adaudit.claims.SpendEvidence;
import com.adaudit.events.DeadLetter;
import com.adaudit.events.LateEvent;
import com.adaudit.events.Origin;
import com.adaudit.rules.Flag;
import com.adaudit.rules.Fraction;
import com.adaudit.rules.IvtFigures;
import com.adaudit.rules.ReportFigures;
import com.adaudit.rules.WindowPartial;
import com.adaudit.rules.WindowVerdict;
import com.adaudit.rules.ivt.GivtCategory;
import com.adaudit.rules.ivt.IvtTally;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The JSON that auditors read (docs/reference.md "Outputs"): fixed field order, times as ISO-8601 UTC,
 * decimals written exactly as computed, and no wall-clock time, so equal input gives equal bytes.
 */
public final class OutputJson {

    private static final JsonFactory JSON = new JsonFactory();

    private OutputJson() {}

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String object(Body body) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static String flag(Flag flag) {
        WindowVerdict v = flag.verdict();
        return object(g -> {
            g.writeStringField("flag_id", flag.flagId());
            g.writeStringField("rule", v.rule().name());
            g.writeStringField("contract_id", v.contractId());
            g.writeNumberField("contract_version", v.contractVersion());
            g.writeStringField("campaign_id", v.campaignId());
            g.writeStringField("source_id", v.sourceId());
            g.writeStringField("window_start", time(v.windowStart()));
            g.writeStringField("window_end", time(v.windowEnd()));
            decimal(g, "observed", v.observed());
            decimal(g, "threshold", v.threshold());
            g.writeNumberField("sample_size", v.sampleSize());
        });
    }

    public static String claim(Claim c) {
        return object(g -> {
            g.writeStringField("claim_id", c.claimId());
            g.writeNumberField("revision", c.revision());
            g.writeStringField("status", status(c));
            g.writeStringField("contract_id", c.contractId());
            g.writeNumberField("contract_version", c.contractVersion());
            g.writeStringField("vendor", c.vendor());
            g.writeStringField("campaign_id", c.campaignId());
            g.writeStringField("source_id", c.sourceId());
            g.writeStringField("kind", c.kind().name());
            strings(g, "reasons", c.reasons());
            g.writeStringField("window_start", time(c.windowStart()));
            g.writeStringField("window_end", time(c.windowEnd()));
            g.writeNumberField("basis_micros", c.basisMicros());
            decimal(g, "multiplier", c.multiplier());
            g.writeNumberField("amount_micros", c.amountMicros());
            g.writeStringField("currency", c.currency());
            g.writeObjectFieldStart("evidence");
            evidence(g, c);
            g.writeEndObject();
        });
    }

    private static void evidence(JsonGenerator g, Claim c) throws IOException {
        SpendEvidence spend = c.spendEvidence();
        if (spend != null) {
            g.writeNumberField("clicks", spend.clicks());
            g.writeNumberField("spend_micros", spend.spendMicros());
            if (spend.price() != null) {
                decimal(g, "avg_cpc_micros", spend.price().avgCpcMicros());
                decimal(g, "market_cpc_micros", spend.price().marketCpcMicros());
            }
            if (spend.bounce() != null) {
                g.writeNumberField("landed", spend.bounce().landed());
                g.writeNumberField("bounced", spend.bounce().bounced());
                g.writeNumberField("unlanded", spend.bounce().unlanded());
                decimal(g, "bounce_rate", spend.bounce().bounceRate());
            }
            IvtFigures ivt = spend.ivt();
            if (ivt != null) {
                g.writeNumberField("invalid_clicks", ivt.invalidClicks());
                g.writeNumberField("invalid_spend_micros", ivt.invalidSpendMicros());
                decimal(g, "ivt_rate", ivt.ivtRate());
                categories(g, "ivt_by_category", ivt.botUserAgent(), ivt.datacenterIp(), ivt.duplicateClick());
            }
        } else {
            ReportFigures report = c.impressionEvidence().report();
            g.writeStringField("report_id", report.reportId());
            g.writeNumberField("reported_impressions", report.reportedImpressions());
            g.writeNumberField("measured_impressions", report.measuredImpressions());
            decimal(g, "delivery_ratio", report.deliveryRatio());
            g.writeNumberField("cost_micros", report.costMicros());
        }
        strings(g, "flag_ids", c.flagIds());
    }

    /** OPEN for a claim's first revision, then REVISED, or WITHDRAWN when its amount drops to 0. */
    static String status(Claim c) {
        return c.revision() == 1 ? "OPEN" : c.amountMicros() == 0 ? "WITHDRAWN" : "REVISED";
    }

    public static String deadLetter(DeadLetter d) {
        return object(g -> {
            g.writeStringField("stream", d.stream());
            g.writeStringField("reason", d.reason());
            g.writeStringField("raw", d.raw());
            Origin o = d.origin();
            if (o.file() != null) {
                g.writeStringField("file", o.file());
                g.writeNumberField("line", o.line());
            } else {
                g.writeStringField("topic", o.topic());
                g.writeNumberField("partition", o.partition());
                g.writeNumberField("offset", o.offset());
            }
        });
    }

    public static String lateEvent(LateEvent late) {
        return object(g -> {
            g.writeStringField("stream", late.stream());
            if (late.stage() != null) {
                g.writeStringField("stage", late.stage());
            }
            if (late.missed() != null) {
                g.writeStringField("missed", late.missed());
                g.writeStringField("deadline", time(late.deadline()));
            }
            g.writeFieldName("event");
            g.writeRawValue(late.eventJson());
        });
    }

    /** One rule's result for one window: the derived record a late-events entry carries. */
    public static String verdict(WindowVerdict v) {
        return object(g -> {
            g.writeStringField("rule", v.rule().name());
            g.writeStringField("status", v.status().name());
            g.writeStringField("contract_id", v.contractId());
            g.writeNumberField("contract_version", v.contractVersion());
            g.writeStringField("campaign_id", v.campaignId());
            g.writeStringField("source_id", v.sourceId());
            g.writeStringField("window_start", time(v.windowStart()));
            g.writeStringField("window_end", time(v.windowEnd()));
            if (v.reportId() != null) {
                g.writeStringField("report_id", v.reportId());
            }
            decimal(g, "observed", v.observed());
            decimal(g, "threshold", v.threshold());
            g.writeNumberField("sample_size", v.sampleSize());
        });
    }

    /** A source window's traffic quality: the MRC's gross, GIVT and net clicks and spend. */
    public static String quality(IvtTally t) {
        return object(g -> {
            g.writeStringField("contract_id", t.contractId());
            g.writeStringField("campaign_id", t.campaignId());
            g.writeStringField("source_id", t.sourceId());
            g.writeStringField("window_start", time(t.windowStart()));
            g.writeStringField("window_end", time(t.windowEnd()));
            g.writeNumberField("gross_clicks", t.clicks());
            g.writeNumberField("givt_clicks", t.invalidClicks());
            g.writeNumberField("net_clicks", t.clicks() - t.invalidClicks());
            categories(g, "givt_by_category", t.botUserAgent(), t.datacenterIp(), t.duplicateClick());
            g.writeNumberField("gross_spend_micros", t.spendMicros());
            g.writeNumberField("givt_spend_micros", t.invalidSpendMicros());
            g.writeNumberField("net_spend_micros", t.spendMicros() - t.invalidSpendMicros());
            decimal(g, "ivt_rate", Fraction.of(t.invalidClicks(), t.clicks()).toDisplay());
            g.writeStringField("currency", t.currency());
        });
    }

    /** The key of a traffic-quality record: one per contract, campaign, source and window. */
    public static String qualityKey(IvtTally t) {
        return String.join("/", t.contractId(), t.campaignId(), t.sourceId(), time(t.windowStart()));
    }

    /** A source window's partial sums: the derived record a late-events entry carries. */
    public static String windowPartial(WindowPartial<?> p) {
        return object(g -> {
            g.writeStringField("contract_id", p.key().contractId());
            g.writeStringField("campaign_id", p.key().campaignId());
            g.writeStringField("source_id", p.key().sourceId());
            g.writeStringField("window_start", time(p.windowStart()));
            g.writeNumberField("inputs", p.inputs());
        });
    }

    /** GIVT counts by category, only the categories with a count ({} when none). */
    private static void categories(JsonGenerator g, String field, long bot, long datacenter, long duplicate)
            throws IOException {
        g.writeObjectFieldStart(field);
        if (bot > 0) {
            g.writeNumberField(GivtCategory.BOT_USER_AGENT.wireName, bot);
        }
        if (datacenter > 0) {
            g.writeNumberField(GivtCategory.DATACENTER_IP.wireName, datacenter);
        }
        if (duplicate > 0) {
            g.writeNumberField(GivtCategory.DUPLICATE_CLICK.wireName, duplicate);
        }
        g.writeEndObject();
    }

    /** ISO-8601 UTC with a {@code Z}, e.g. 2026-11-22T10:00:00Z. */
    public static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    private static void decimal(JsonGenerator g, String field, BigDecimal value) throws IOException {
        if (value != null) {
            g.writeFieldName(field);
            g.writeNumber(value.toPlainString());
        }
    }

    private static void strings(JsonGenerator g, String field, String[] values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
