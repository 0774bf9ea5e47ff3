package com.adaudit.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.util.ParameterTool;

/**
 * Writes replay files of generated traffic: benign sources plus sources with injected fraud for
 * each rule, a contract file that governs them, and {@code ground-truth.jsonl} listing every
 * injected (rule, campaign, source). The same options and seed give the same files.
 *
 * <pre>
 * scripts/generate.sh --output DIR [--seed 1] [--campaigns 10] [--sources 20] [--hours 24]
 *     [--impressions-per-hour 150] [--clicks-per-hour 25] [--fraud-share 0.1]
 *     [--start 2026-11-22T00:00:00Z] [--noise typical|clear|near-threshold]
 * </pre>
 *
 * Per campaign and hour, every source gets about the given impressions and clicks; a click
 * lands with 85 % probability. A fraudulent source is fraudulent for its whole life, for one
 * rule. How far benign and fraudulent sources sit from the contract's thresholds (0.7 of the
 * market price, a 0.70 bounce rate, a 0.90 delivery ratio) is the {@link Noise} profile.
 */
public final class TrafficGenerator {

    static final long MARKET_CPC_MICROS = 1_000_000;
    static final String CONTRACT_ID = "GEN-1";
    private static final long HOUR = 3_600_000L;

    private final long seed;
    private final int campaigns;
    private final int sources;
    private final int hours;
    private final int impressionsPerHour;
    private final int clicksPerHour;
    private final double fraudShare;
    private final long start;
    private final Noise noise;

    /**
     * Ranges of click price (times the market price), bounce probability and report overstatement
     * (reported / measured) for benign and for fraudulent sources.
     */
    enum Noise {
        /** Benign far from every threshold, fraud far beyond: detection must be exact. */
        CLEAR(0.9, 1.1, 0.3, 0.5, 0.2, 0.95, 1.0, 1.02, 1.5, 2.0),
        /** Everyday traffic: benign bounce rates of 0.4 sometimes cross 0.70 in a small window. */
        TYPICAL(0.8, 1.2, 0.3, 0.5, 0.4, 0.9, 1.0, 1.05, 1.5, 2.0),
        /** Both sides close to the thresholds, where sampling noise decides some windows. */
        NEAR_THRESHOLD(0.72, 0.8, 0.6, 0.68, 0.6, 0.8, 1.05, 1.1, 1.14, 1.25);
        final double benignPriceLow, benignPriceHigh, fraudPriceLow, fraudPriceHigh;
        final double benignBounce, fraudBounce;
        final double benignOverstateLow, benignOverstateHigh, fraudOverstateLow, fraudOverstateHigh;

        Noise(
                double benignPriceLow,
                double benignPriceHigh,
                double fraudPriceLow,
                double fraudPriceHigh,
                double benignBounce,
                double fraudBounce,
                double benignOverstateLow,
                double benignOverstateHigh,
                double fraudOverstateLow,
                double fraudOverstateHigh) {
            this.benignPriceLow = benignPriceLow;
            this.benignPriceHigh = benignPriceHigh;
            this.fraudPriceLow = fraudPriceLow;
            this.fraudPriceHigh = fraudPriceHigh;
            this.benignBounce = benignBounce;
            this.fraudBounce = fraudBounce;
            this.benignOverstateLow = benignOverstateLow;
            this.benignOverstateHigh = benignOverstateHigh;
            this.fraudOverstateLow = fraudOverstateLow;
            this.fraudOverstateHigh = fraudOverstateHigh;
        }

        static double between(SplittableRandom r, double low, double high) {
            return low + (high - low) * r.nextDouble();
        }
    }

    TrafficGenerator(ParameterTool p) {
        seed = p.getLong("seed", 1);
        campaigns = p.getInt("campaigns", 10);
        sources = p.getInt("sources", 20);
        hours = p.getInt("hours", 24);
        impressionsPerHour = p.getInt("impressions-per-hour", 150);
        clicksPerHour = p.getInt("clicks-per-hour", 25);
        fraudShare = p.getDouble("fraud-share", 0.1);
        start = Instant.parse(p.get("start", "2026-11-22T00:00:00Z")).toEpochMilli();
        noise = Noise.valueOf(p.get("noise", "typical").toUpperCase().replace('-', '_'));
    }

    public static void main(String[] args) throws IOException {
        ParameterTool params = ParameterTool.fromArgs(args);
        if (!params.has("output")) {
            System.err.println("usage: generate.sh --output DIR [--seed N] [--campaigns N] [--sources N] [--hours N]"
                    + " [--impressions-per-hour N] [--clicks-per-hour N] [--fraud-share 0..1] [--start ISO-INSTANT]"
                    + " [--noise typical|clear|near-threshold]");
            System.exit(2);
        }
        Path out = Files.createDirectories(Path.of(params.get("output")));
        long events = new TrafficGenerator(params).write(out);
        System.out.println("generate: " + events + " events in " + out);
    }

    /** The fraud a source carries, if any. */
    enum Fraud {
        NONE,
        UNDERPRICED_SOURCE,
        HIGH_BOUNCE_RATE,
        IMPRESSION_GAP,
        INVALID_TRAFFIC
    }

    /** Mainstream browsers, a web view and an app: what ordinary traffic sends. */
    private static final String[] BROWSERS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1"
                + " Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.43 Mobile"
                + " Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
        "Mozilla/5.0 (Linux; Android 13; SM-S918B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Version/4.0 Chrome/119.0.6045.163 Mobile Safari/537.36"
    };
    /** Declared bots, crawlers and HTTP libraries. */
    private static final String[] BOTS = {
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
        "curl/8.4.0",
        "python-requests/2.31.0",
        "Go-http-client/1.1",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36"
    };

    long write(Path out) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> campaignIds = new ArrayList<>();
        long events = 0;
        try (Writer imps = writer(out, "impressions.jsonl");
                Writer clicks = writer(out, "clicks.jsonl");
                Writer pvs = writer(out, "pageviews.jsonl");
                Writer reports = writer(out, "vendor-reports.jsonl");
                Writer truth = writer(out, "ground-truth.jsonl")) {
            for (int c = 0; c < campaigns; c++) {
                String campaign = "c-" + c;
                campaignIds.add(campaign);
                for (int s = 0; s < sources; s++) {
                    String source = "src-" + c + "-" + s;
                    Fraud fraud = random.nextDouble() < fraudShare ? Fraud.values()[1 + random.nextInt(4)] : Fraud.NONE;
                    if (fraud != Fraud.NONE) {
                        truth.write("{\"rule\":\"" + fraud + "\",\"campaign_id\":\"" + campaign + "\",\"source_id\":\""
                                + source + "\"}\n");
                    }
                    for (int h = 0; h < hours; h++) {
                        events += hour(random, campaign, source, fraud, start + h * HOUR, imps, clicks, pvs, reports);
                    }
                }
            }
        }
        Files.writeString(out.resolve("contracts.json"), contracts(campaignIds), StandardCharsets.UTF_8);
        return events;
    }

    private long hour(
            SplittableRandom r,
            String campaign,
            String source,
            Fraud fraud,
            long hourStart,
            Writer imps,
            Writer clicks,
            Writer pvs,
            Writer reports)
            throws IOException {
        long events = 0;
        String prefix = campaign + "-" + source + "-" + hourStart;
        String ids = "\"campaign_id\":\"" + campaign + "\",\"source_id\":\"" + source + "\"";
        int impressions = vary(r, impressionsPerHour);
        for (int i = 0; i < impressions; i++) {
            imps.write("{\"event_id\":\"i-" + prefix + "-" + i + "\",\"ts\":" + (hourStart + r.nextLong(HOUR)) + ","
                    + ids + ",\"placement_id\":\"p-" + r.nextInt(5) + "\"}\n");
        }
        events += impressions;
        int clickCount = vary(r, clicksPerHour);
        String burst = null; // a fraudulent source's duplicate-click burst: one ip and user agent, seconds apart
        long burstTs = hourStart + r.nextLong(HOUR - 10 * 60_000L);
        for (int i = 0; i < clickCount; i++) {
            long ts = hourStart + r.nextLong(HOUR);
            String client;
            if (fraud == Fraud.INVALID_TRAFFIC && r.nextDouble() < 0.4) {
                client = switch (r.nextInt(3)) {
                    case 0 -> client("198.51.100." + (1 + r.nextInt(250)), BOTS[r.nextInt(BOTS.length)]);
                        // 1.12.0.0/14 is in the shipped data-centre list
                    case 1 -> client(
                            "1.12." + r.nextInt(4) + "." + r.nextInt(256), BROWSERS[r.nextInt(BROWSERS.length)]);
                    default -> {
                        if (burst == null) {
                            burst = client("203.0.113." + (1 + r.nextInt(250)), BROWSERS[0]);
                        }
                        burstTs += 5_000;
                        ts = burstTs;
                        yield burst;
                    }
                };
            } else {
                client = client(
                        (r.nextBoolean() ? "198.51.100." : "203.0.113.") + (1 + r.nextInt(250)),
                        BROWSERS[r.nextInt(BROWSERS.length)]);
            }
            double price = fraud == Fraud.UNDERPRICED_SOURCE
                    ? Noise.between(r, noise.fraudPriceLow, noise.fraudPriceHigh)
                    : Noise.between(r, noise.benignPriceLow, noise.benignPriceHigh);
            String clickId = "k-" + prefix + "-" + i;
            clicks.write("{\"event_id\":\"" + clickId + "\",\"ts\":" + ts + "," + ids + ",\"cost_micros\":"
                    + Math.round(MARKET_CPC_MICROS * price) + ",\"currency\":\"CNY\"" + client + "}\n");
            events++;
            if (r.nextDouble() < 0.85) {
                double bounce = fraud == Fraud.HIGH_BOUNCE_RATE ? noise.fraudBounce : noise.benignBounce;
                int views = r.nextDouble() < bounce ? 1 : 2 + r.nextInt(3);
                for (int v = 0; v < views; v++) {
                    pvs.write("{\"event_id\":\"v-" + clickId + "-" + v + "\",\"ts\":" + (ts + 5_000 + v * 60_000L)
                            + ",\"click_id\":\"" + clickId + "\"," + ids + ",\"page\":\"/p" + v + "\"}\n");
                }
                events += views;
            }
        }
        double overstated = fraud == Fraud.IMPRESSION_GAP
                ? Noise.between(r, noise.fraudOverstateLow, noise.fraudOverstateHigh)
                : Noise.between(r, noise.benignOverstateLow, noise.benignOverstateHigh);
        long reported = Math.round(impressions * overstated);
        reports.write("{\"report_id\":\"r-" + prefix + "\",\"ts\":" + (hourStart + HOUR + 10 * 60_000) + "," + ids
                + ",\"period_start\":" + hourStart + ",\"period_end\":" + (hourStart + HOUR) + ",\"impressions\":"
                + reported + ",\"cost_micros\":" + reported * 2_000 + ",\"currency\":\"CNY\"}\n");
        return events + 1;
    }

    private static String client(String ip, String userAgent) {
        return ",\"ip\":\"" + ip + "\",\"user_agent\":\"" + userAgent + "\"";
    }

    /** About {@code mean}, give or take 20 %. */
    private static int vary(SplittableRandom r, int mean) {
        return (int) Math.round(mean * (0.8 + 0.4 * r.nextDouble()));
    }

    private String contracts(List<String> campaignIds) {
        return "[{\"contract_id\":\"" + CONTRACT_ID + "\",\"vendor\":\"Generated Traffic Ltd\",\"version\":1,"
                + "\"currency\":\"CNY\",\"campaign_ids\":[\"" + String.join("\",\"", campaignIds) + "\"],"
                + "\"window\":\"PT1H\",\"rules\":{"
                + "\"underpriced_source\":{\"max_discount\":0.30,\"market_cpc_micros\":" + MARKET_CPC_MICROS
                + ",\"min_clicks\":" + Math.max(1, clicksPerHour / 2) + "},"
                + "\"high_bounce_rate\":{\"max_bounce_rate\":0.70,\"min_sessions\":" + Math.max(1, clicksPerHour / 2)
                + ",\"multiplier\":2.0},"
                + "\"impression_gap\":{\"min_delivery_ratio\":0.90,\"min_reported_impressions\":"
                + Math.max(1, impressionsPerHour / 2) + "},"
                + "\"invalid_traffic\":{\"max_ivt_rate\":0.10,\"min_clicks\":" + Math.max(1, clicksPerHour / 2)
                + ",\"multiplier\":2.0}}}]\n";
    }

    private static Writer writer(Path dir, String name) throws IOException {
        return new BufferedWriter(Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8), 1 << 16);
    }
}
