package com.adaudit.differential;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random scenarios for the differential test: several contracts (K from 1 to 4, windows PT30M and
 * PT1H, each rule present or not, keys left to their defaults), sources near and far from every
 * threshold (exact edges included), holes and low samples, vendor reports out of period order,
 * early, replaced and late, duplicates, bad records of every kind and blank lines. The same seed
 * gives the same scenario.
 */
final class ScenarioGenerator {

    static final long BASE = Instant.parse("2026-11-22T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;

    private final Random random;
    private final Map<String, List<byte[]>> lines = new LinkedHashMap<>();
    private int nextId;

    private ScenarioGenerator(long seed) {
        this.random = new Random(seed);
        for (String stream : Scenario.STREAMS) {
            lines.put(stream, new ArrayList<>());
        }
    }

    static Scenario generate(long seed) {
        return new ScenarioGenerator(seed).scenario(seed);
    }

    /** One contract as generated, with the figures the traffic is shaped by. */
    private record Terms(
            String id,
            String currency,
            long window,
            String[] campaigns,
            BigDecimal maxDiscount,
            Long market,
            int minClicks,
            boolean underpriced,
            BigDecimal maxBounceRate,
            int minSessions,
            long timeout,
            boolean bounce,
            BigDecimal minRatio,
            int minReported,
            long grace,
            boolean gap,
            boolean ivt) {}

    private Scenario scenario(long seed) {
        int contracts = 2 + random.nextInt(2);
        List<String> json = new ArrayList<>();
        List<Terms> terms = new ArrayList<>();
        for (int i = 0; i < contracts; i++) {
            terms.add(contract(i, json));
        }
        for (Terms t : terms) {
            for (String campaign : t.campaigns) {
                traffic(t, campaign);
            }
        }
        ungoverned();
        badRecords(terms);
        duplicates();
        for (List<byte[]> stream : lines.values()) {
            for (int i = random.nextInt(3); i > 0; i--) {
                stream.add(random.nextInt(stream.size() + 1), new byte[0]); // blank: skipped, not counted
            }
        }
        return new Scenario(seed, "[\n" + String.join(",\n", json) + "\n]\n", DATACENTER_RANGES, lines);
    }

    private Terms contract(int index, List<String> json) {
        String id = "K-" + index;
        String currency = random.nextBoolean() ? "CNY" : "USD";
        long window = random.nextBoolean() ? HOUR : 30 * MINUTE;
        String[] campaigns = random.nextInt(3) == 0
                ? new String[] {"c" + index + "a", "c" + index + "b"}
                : new String[] {"c" + index + "a"};
        boolean underpriced = random.nextInt(4) != 0;
        boolean bounce = random.nextInt(4) != 0;
        boolean gap = random.nextInt(4) != 0 || !(underpriced || bounce);

        List<String> rules = new ArrayList<>();
        BigDecimal maxDiscount = pick("0.30", "0.25", "0.5");
        Long market = random.nextBoolean() ? (random.nextBoolean() ? 1_000_000L : 1_500_000L) : null;
        int minClicks = 5 + random.nextInt(6);
        if (underpriced) {
            rules.add("\"underpriced_source\":{"
                    + keys(
                            maxDiscount.compareTo(new BigDecimal("0.30")) == 0 && random.nextBoolean()
                                    ? null
                                    : "\"max_discount\":" + maxDiscount,
                            market == null ? null : "\"market_cpc_micros\":" + market,
                            "\"min_clicks\":" + minClicks,
                            runAndMultiplier())
                    + "}");
        }
        BigDecimal maxBounceRate = pick("0.70", "0.60", "0.5");
        int minSessions = 4 + random.nextInt(5);
        long timeout = random.nextBoolean() ? 30 * MINUTE : 10 * MINUTE;
        if (bounce) {
            rules.add("\"high_bounce_rate\":{"
                    + keys(
                            maxBounceRate.compareTo(new BigDecimal("0.70")) == 0 && random.nextBoolean()
                                    ? null
                                    : "\"max_bounce_rate\":" + maxBounceRate,
                            "\"min_sessions\":" + minSessions,
                            timeout == 30 * MINUTE && random.nextBoolean()
                                    ? null
                                    : "\"session_timeout\":\"" + Duration.ofMillis(timeout) + "\"",
                            runAndMultiplier())
                    + "}");
        }
        BigDecimal minRatio = pick("0.90", "0.8", "0.75");
        int minReported = 30 + random.nextInt(40);
        long grace = random.nextBoolean() ? Duration.ofDays(2).toMillis() : (6 + random.nextInt(19)) * HOUR;
        if (gap) {
            rules.add("\"impression_gap\":{"
                    + keys(
                            minRatio.compareTo(new BigDecimal("0.90")) == 0 && random.nextBoolean()
                                    ? null
                                    : "\"min_delivery_ratio\":" + minRatio,
                            "\"min_reported_impressions\":" + minReported,
                            grace == Duration.ofDays(2).toMillis() && random.nextBoolean()
                                    ? null
                                    : "\"report_grace\":\"" + Duration.ofMillis(grace) + "\"",
                            runAndMultiplier())
                    + "}");
        }
        boolean ivt = random.nextInt(5) < 3;
        if (ivt) {
            rules.add("\"invalid_traffic\":{"
                    + keys(
                            "\"max_ivt_rate\":" + pick("0.10", "0.2", "0.25"),
                            "\"min_clicks\":" + minClicks,
                            random.nextBoolean() ? null : "\"duplicate_window\":\"" + pickDuplicateWindow() + "\"",
                            runAndMultiplier())
                    + "}");
        }
        StringBuilder ids = new StringBuilder();
        for (String c : campaigns) {
            ids.append(ids.length() == 0 ? "" : ",").append('"').append(c).append('"');
        }
        json.add("{\"contract_id\":\"" + id + "\",\"vendor\":\"Vendor " + index + "\",\"version\":"
                + (1 + random.nextInt(5)) + ",\"currency\":\"" + currency + "\",\"campaign_ids\":[" + ids + "],"
                + (window == HOUR && random.nextBoolean() ? "" : "\"window\":\"" + Duration.ofMillis(window) + "\",")
                + "\"rules\":{" + String.join(",", rules) + "}}");
        return new Terms(
                id,
                currency,
                window,
                campaigns,
                maxDiscount,
                market,
                minClicks,
                underpriced,
                maxBounceRate,
                minSessions,
                timeout,
                bounce,
                minRatio,
                minReported,
                grace,
                gap,
                ivt);
    }

    private String pickDuplicateWindow() {
        return new String[] {"PT0S", "PT10S", "PT1M", "PT1H"}[random.nextInt(4)];
    }

    /** The scenario's own data-centre ranges: IPv4 and IPv6 blocks, comments and blank lines. */
    static final String DATACENTER_RANGES =
            """
            # test ranges (documentation and benchmarking networks)
            192.0.2.0/24   # TEST-NET-1
            198.18.0.0/15

            2001:db8:1::/48 # documentation
            """;

    /** Addresses in, out of and at the edge of those ranges; ::ffff:192.0.2.5 is IPv6, in none. */
    private static final String[] DATACENTER_IPS = {"192.0.2.0", "192.0.2.255", "198.19.255.255", "2001:db8:1::7"};

    private static final String[] OTHER_IPS = {
        "198.51.100.%d", "203.0.113.%d", "192.0.3.0", "::ffff:192.0.2.5", "2001:db8:2::%d", "not-an-ip"
    };
    private static final String[] BOTS = {
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "curl/8.4.0",
        "python-requests/2.31.0",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36",
        " "
    };
    private static final String[] BROWSERS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.43 Mobile Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0"
    };

    /** The ip and user agent of a click: absent, ordinary, or invalid traffic (more of it for fraud). */
    private String clientOf(boolean fraud, String burstClient) {
        if (burstClient != null) {
            return burstClient;
        }
        StringBuilder json = new StringBuilder();
        int roll = random.nextInt(10);
        if (roll >= 3) {
            String ip = fraud && random.nextInt(3) == 0
                    ? DATACENTER_IPS[random.nextInt(DATACENTER_IPS.length)]
                    : String.format(OTHER_IPS[random.nextInt(OTHER_IPS.length)], 1 + random.nextInt(6));
            json.append(",\"ip\":\"").append(ip).append('"');
        }
        if (random.nextInt(10) >= 3) {
            String ua = fraud && random.nextInt(3) == 0
                    ? BOTS[random.nextInt(BOTS.length)]
                    : BROWSERS[random.nextInt(BROWSERS.length)];
            json.append(",\"user_agent\":\"").append(ua).append('"');
        }
        return json.toString();
    }

    private String runAndMultiplier() {
        int k = 1 + random.nextInt(4);
        String multiplier = new String[] {"1.0", "1.5", "2.0", "2.5", "1"}[random.nextInt(5)];
        return keys(
                k == 1 && random.nextBoolean() ? null : "\"consecutive_windows\":" + k,
                multiplier.equals("1.0") && random.nextBoolean() ? null : "\"multiplier\":" + multiplier);
    }

    private static String keys(String... keys) {
        List<String> present = new ArrayList<>();
        for (String k : keys) {
            if (k != null && !k.isEmpty()) {
                present.add(k);
            }
        }
        return String.join(",", present);
    }

    private BigDecimal pick(String... values) {
        return new BigDecimal(values[random.nextInt(values.length)]);
    }

    /** A campaign's sources over 8 to 12 windows: each source breaches each window with its own odds. */
    private void traffic(Terms t, String campaign) {
        int windows = 8 + random.nextInt(5);
        int sources = 3 + random.nextInt(3);
        List<Map.Entry<Long, byte[]>> reports = new ArrayList<>();
        for (int s = 1; s <= sources; s++) {
            String source = "s" + s;
            double odds = new double[] {0.0, 0.3, 0.8, 1.0}[random.nextInt(4)];
            for (int w = 0; w < windows; w++) {
                long start = BASE + w * t.window;
                if (random.nextInt(10) == 0) {
                    continue; // a hole: no data at all
                }
                boolean fraud = random.nextDouble() < odds;
                clicksAndPageviews(t, campaign, source, start, fraud);
                if (t.gap || random.nextInt(4) == 0) {
                    int measured = impressions(t, campaign, source, start);
                    if (t.gap && random.nextInt(8) != 0) {
                        reports(t, campaign, source, start, measured, fraud, reports);
                    }
                }
            }
        }
        reports.sort(Map.Entry.comparingByKey()); // written in ts order: the shuffle checks take it from there
        reports.forEach(r -> lines.get("vendor-reports").add(r.getValue()));
    }

    private void clicksAndPageviews(Terms t, String campaign, String source, long start, boolean fraud) {
        int minimum = Math.max(t.minClicks, t.minSessions);
        int clicks = random.nextInt(10) == 0 ? random.nextInt(minimum) + 1 : minimum + random.nextInt(minimum + 4);
        long[] costs = costs(t, clicks, fraud);
        // sessions: unlanded, bounced (one pageview), the rest two or three pageviews
        int unlanded = random.nextInt(10) == 0 ? clicks : random.nextInt(Math.max(1, clicks / 5));
        int landed = clicks - unlanded;
        int bounced = bounced(t, landed, fraud);
        // a fraudulent source may send a burst: clicks of one ip and user agent seconds apart
        String burstClient = fraud && random.nextInt(3) == 0
                ? ",\"ip\":\"198.51.100." + (100 + random.nextInt(50)) + "\",\"user_agent\":\"" + BROWSERS[0] + "\""
                : null;
        long burstAt = start + random.nextInt((int) t.window);
        for (int i = 0; i < clicks; i++) {
            boolean inBurst = burstClient != null && i % 2 == 0;
            long ts =
                    inBurst ? burstAt + i * (1_000L + random.nextInt(20_000)) : start + random.nextInt((int) t.window);
            String id = "clk-" + nextId++;
            add(
                    "clicks",
                    String.format(
                            "{\"event_id\":\"%s\",\"ts\":%d,\"campaign_id\":\"%s\",\"source_id\":\"%s\","
                                    + "\"cost_micros\":%d,\"currency\":\"%s\"%s}",
                            id,
                            ts,
                            campaign,
                            source,
                            costs[i],
                            t.currency,
                            clientOf(fraud, inBurst ? burstClient : null)));
            int pageviews = i < unlanded ? 0 : i < unlanded + bounced ? 1 : 2 + random.nextInt(2);
            for (int p = 0; p < pageviews; p++) {
                long offset = p == 0 && random.nextInt(15) == 0 ? t.timeout : random.nextInt((int) t.timeout);
                pageview(id, ts + offset, campaign, source);
            }
            if (i < unlanded && random.nextInt(6) == 0) {
                pageview(id, ts + t.timeout + 1, campaign, source); // one millisecond too late to land
            }
        }
    }

    private void pageview(String clickId, long ts, String campaign, String source) {
        add(
                "pageviews",
                String.format(
                        "{\"event_id\":\"pv-%d\",\"ts\":%d,\"click_id\":\"%s\",\"campaign_id\":\"%s\","
                                + "\"source_id\":\"%s\",\"page\":\"/landing\"}",
                        nextId++, ts, clickId, campaign, source));
    }

    /** Click costs: fraud well under the market, clean around it, or exactly on the threshold's edge. */
    private long[] costs(Terms t, int clicks, boolean fraud) {
        long market = t.market == null ? 1_000_000L : t.market;
        BigDecimal threshold = new BigDecimal(market).multiply(BigDecimal.ONE.subtract(t.maxDiscount));
        long[] costs = new long[clicks];
        int edge = random.nextInt(8);
        for (int i = 0; i < clicks; i++) {
            if (edge == 0 && t.market != null) {
                costs[i] = threshold.longValueExact(); // average exactly the threshold: not below it
            } else if (edge == 1 && t.market != null) {
                costs[i] = threshold.longValueExact() - (i == 0 ? 1 : 0); // one micro below
            } else {
                long base = fraud ? market * 2 / 5 : market;
                costs[i] = base - 20_000 + random.nextInt(40_001);
            }
        }
        return costs;
    }

    /** Bounced sessions of {@code landed}: over the contract's rate for fraud, at or under it otherwise. */
    private int bounced(Terms t, int landed, boolean fraud) {
        BigInteger[] ratio = reduced(t.maxBounceRate);
        int allowed = (int) (landed * ratio[0].longValue() / ratio[1].longValue()); // floor(landed * rate)
        if (fraud) {
            return Math.min(landed, allowed + 1 + random.nextInt(Math.max(1, landed - allowed)));
        }
        return random.nextInt(3) == 0 ? allowed : random.nextInt(allowed + 1);
    }

    private int impressions(Terms t, String campaign, String source, long start) {
        BigInteger[] ratio = reduced(t.minRatio);
        // a multiple of the ratio's numerator, so that a report can sit exactly on the threshold
        int count = (int) (ratio[0].longValue() * (1 + random.nextInt(Math.max(1, 120 / ratio[0].intValue()))));
        for (int i = 0; i < count; i++) {
            add(
                    "impressions",
                    String.format(
                            "{\"event_id\":\"imp-%d\",\"ts\":%d,\"campaign_id\":\"%s\"," + "\"source_id\":\"%s\"}",
                            nextId++, start + random.nextInt((int) t.window), campaign, source));
        }
        return count;
    }

    /** The vendor's report of a window: on time, early, out of period order or late, sometimes replaced. */
    private void reports(
            Terms t,
            String campaign,
            String source,
            long start,
            int measured,
            boolean fraud,
            List<Map.Entry<Long, byte[]>> out) {
        long end = start + t.window;
        long ts =
                switch (random.nextInt(10)) {
                    case 0 -> end - 1 - random.nextInt(20) * MINUTE; // before the period ends
                    case 1, 2 -> end
                            + (1 + random.nextInt(4)) * t.window
                            + random.nextInt(30) * MINUTE; // after later periods'
                    case 3 -> end + t.grace + 1 + random.nextInt(60) * MINUTE; // beyond the grace: late
                    default -> end + random.nextInt(30) * MINUTE;
                };
        report(t, campaign, source, start, end, ts, reported(t, measured, fraud), out);
        if (random.nextInt(6) == 0) {
            long later = random.nextInt(4) == 0 ? ts : ts + 1 + random.nextInt(180) * MINUTE;
            report(t, campaign, source, start, end, later, reported(t, measured, random.nextBoolean()), out);
        }
    }

    private long reported(Terms t, int measured, boolean fraud) {
        BigInteger[] ratio = reduced(t.minRatio);
        if (fraud) {
            return measured * 5L / 3 + random.nextInt(20);
        }
        return switch (random.nextInt(4)) {
            case 0 -> measured / ratio[0].longValue() * ratio[1].longValue(); // delivery exactly at the minimum
            case 1 -> Math.max(1, t.minReported - 1 - random.nextInt(5)); // below the minimum sample
            default -> measured - random.nextInt(3);
        };
    }

    private void report(
            Terms t,
            String campaign,
            String source,
            long start,
            long end,
            long ts,
            long reported,
            List<Map.Entry<Long, byte[]>> out) {
        String json = String.format(
                "{\"report_id\":\"rep-%d\",\"ts\":%d,\"campaign_id\":\"%s\",\"source_id\":\"%s\","
                        + "\"period_start\":%d,\"period_end\":%d,\"impressions\":%d,\"cost_micros\":%d,\"currency\":\"%s\"}",
                nextId++,
                ts,
                campaign,
                source,
                start,
                end,
                reported,
                reported * 2_000 + random.nextInt(999),
                t.currency);
        out.add(Map.entry(ts, json.getBytes(StandardCharsets.UTF_8)));
    }

    /** A campaign no contract governs: counted, never evaluated. */
    private void ungoverned() {
        for (int i = 0; i < 20; i++) {
            long ts = BASE + random.nextInt((int) (8 * HOUR));
            add(
                    "clicks",
                    String.format(
                            "{\"event_id\":\"clk-%d\",\"ts\":%d,\"campaign_id\":\"c-free\","
                                    + "\"source_id\":\"s1\",\"cost_micros\":10,\"currency\":\"EUR\"}",
                            nextId++, ts));
            add(
                    "impressions",
                    String.format(
                            "{\"event_id\":\"imp-%d\",\"ts\":%d,\"campaign_id\":\"c-free\"," + "\"source_id\":\"s1\"}",
                            nextId++, ts));
            pageview("clk-unknown-" + i, ts, "c-free", "s1");
        }
        long start = BASE + 15 * MINUTE; // no contract, so no window to align to
        add(
                "vendor-reports",
                String.format(
                        "{\"report_id\":\"rep-%d\",\"ts\":%d,\"campaign_id\":\"c-free\","
                                + "\"source_id\":\"s1\",\"period_start\":%d,\"period_end\":%d,\"impressions\":5000,"
                                + "\"cost_micros\":1,\"currency\":\"EUR\"}",
                        nextId++, start + HOUR, start, start + HOUR));
    }

    private void badRecords(List<Terms> terms) {
        Terms t = terms.get(0);
        String campaign = t.campaigns[0];
        long ts = BASE + HOUR;
        String click = "{\"event_id\":\"%s\",\"ts\":%s,\"campaign_id\":\"" + campaign + "\",\"source_id\":%s,"
                + "\"cost_micros\":%s,\"currency\":\"%s\"}";
        List<String> bad = List.of(
                "{\"event_id\":",
                "[1,2,3]",
                "\"just a string\"",
                String.format(click, "b1", "\"" + ts + "\"", "\"s1\"", "100", t.currency),
                String.format(click, "b2", ts, "\"s1\"", "-5", t.currency),
                String.format(click, "b3", ts, "\"s1\"", "1.5", t.currency),
                String.format(click, "b4", 915148800000L, "\"s1\"", "100", t.currency),
                String.format(click, "", ts, "\"s1\"", "100", t.currency),
                String.format(click, "x".repeat(257), ts, "\"s1\"", "100", t.currency),
                String.format(click, "b5", ts, "\"\\ud800\"", "100", t.currency),
                String.format(click, "b6", ts, "null", "100", t.currency),
                String.format(click, "b7", ts, "\"s1\"", "100", t.currency.equals("CNY") ? "USD" : "CNY"),
                String.format(click, "b8", ts, "\"s1\"", "100", "cny"),
                "{\"event_id\":\"b9\",\"ts\":" + ts + ",\"source_id\":\"s1\",\"cost_micros\":1,\"currency\":\"CNY\"}");
        for (int i = random.nextInt(4); i < bad.size(); i += 1 + random.nextInt(2)) {
            add("clicks", bad.get(i));
        }
        byte[] notUtf8 =
                String.format(click, "b10", ts, "\"s?\"", "100", t.currency).getBytes(StandardCharsets.UTF_8);
        notUtf8[new String(notUtf8, StandardCharsets.ISO_8859_1).indexOf('?')] = (byte) 0xC3;
        lines.get("clicks").add(notUtf8);
        add("impressions", "{\"event_id\":\"bi\",\"ts\":" + ts + ",\"campaign_id\":\"" + campaign + "\"}");
        add(
                "pageviews",
                "{\"event_id\":\"bp\",\"ts\":" + ts + ",\"click_id\":\"\",\"campaign_id\":\"" + campaign
                        + "\",\"source_id\":\"s1\"}");
        String report = "{\"report_id\":\"%s\",\"ts\":%d,\"campaign_id\":\"" + campaign + "\",\"source_id\":%s,"
                + "\"period_start\":%d,\"period_end\":%d,\"impressions\":%d,\"cost_micros\":100,\"currency\":\"%s\"}";
        add("vendor-reports", String.format(report, "br1", ts, "\"\\ud800\"", BASE, BASE + t.window, 5000, t.currency));
        add(
                "vendor-reports",
                String.format(
                        report,
                        "br2",
                        ts,
                        "\"s1\"",
                        BASE + MINUTE,
                        BASE + t.window + MINUTE,
                        5000,
                        t.currency)); // not aligned to the contract's window
        add("vendor-reports", String.format(report, "br3", ts, "\"s1\"", BASE + t.window, BASE, 5000, t.currency));
        add("vendor-reports", String.format(report, "br4", ts, "\"s1\"", BASE, BASE + t.window, -1, t.currency));
        add(
                "vendor-reports",
                String.format(
                        report,
                        "br5",
                        ts,
                        "\"s1\"",
                        BASE,
                        BASE + t.window,
                        5000,
                        t.currency.equals("CNY") ? "USD" : "CNY"));
    }

    /** Exact copies of some lines: duplicates of valid records, and of rejected ones (rejected again). */
    private void duplicates() {
        for (List<byte[]> stream : lines.values()) {
            int copies = stream.size() / 40 + random.nextInt(3);
            for (int i = 0; i < copies && !stream.isEmpty(); i++) {
                stream.add(stream.get(random.nextInt(stream.size())));
            }
        }
    }

    private void add(String stream, String json) {
        lines.get(stream).add(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A decimal ratio as numerator and denominator in lowest terms. */
    static BigInteger[] reduced(BigDecimal ratio) {
        BigInteger num = ratio.unscaledValue();
        BigInteger den = BigInteger.TEN.pow(Math.max(0, ratio.scale()));
        BigInteger gcd = num.gcd(den);
        return new BigInteger[] {num.divide(gcd), den.divide(gcd)};
    }
}
