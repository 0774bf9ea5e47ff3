package com.adaudit.differential;

import com.adaudit.testing.BlankLines;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The project's rules computed the plain way, straight from the wire format and rule semantics
 * in docs/: decode, de-duplicate, group, count and sort in one thread, with no Flink and none of
 * the pipeline's classes. What the replay writes must equal what this computes.
 *
 * <p>Flags and claims come out as canonical rows (see {@link #flagRow} and {@link #claimRow}) so
 * that they compare with the replay's JSON without depending on how ids are hashed.
 */
final class ReferenceModel {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final long HORIZON = Duration.ofHours(24).toMillis();
    private static final long MIN_TIME = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    private static final long MAX_TIME = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
    private static final long MAX_REPORT_PERIOD = Duration.ofDays(7).toMillis();
    private static final String[] RULES = {"UNDERPRICED_SOURCE", "HIGH_BOUNCE_RATE", "IMPRESSION_GAP", "INVALID_TRAFFIC"
    };

    /** What the replay should write: flag and claim rows, late ids, and summary.json. */
    record Expected(
            List<String> flags,
            List<String> claims,
            List<String> late,
            List<String> quality,
            Map<String, Object> summary) {}

    // ---- contracts

    record Underpriced(BigDecimal maxDiscount, Long market, long minClicks, long k, BigDecimal multiplier) {}

    record Bounce(BigDecimal maxRate, long minSessions, long timeout, long k, BigDecimal multiplier) {}

    record Gap(BigDecimal minRatio, long minReported, long grace, long k, BigDecimal multiplier) {}

    record Ivt(BigDecimal maxRate, long minClicks, long duplicateWindow, long k, BigDecimal multiplier) {}

    record Terms(
            String id,
            String vendor,
            long version,
            String currency,
            long window,
            Underpriced underpriced,
            Bounce bounce,
            Gap gap,
            Ivt ivt) {}

    // ---- events as accepted

    record Event(String stream, String id, long ts, String campaign, String source, JsonNode fields) {
        long number(String field) {
            return fields.get(field).asLong();
        }

        String text(String field) {
            return fields.get(field).asText();
        }
    }

    private final List<Terms> contracts = new ArrayList<>();
    private final Map<String, Terms> byCampaign = new HashMap<>();
    private final Map<String, Map<String, Long>> figures = new LinkedHashMap<>();
    private final Map<String, List<Event>> accepted = new LinkedHashMap<>();
    private final List<String> late = new ArrayList<>();
    private final List<String> flags = new ArrayList<>();
    private final List<String> claims = new ArrayList<>();
    /** Latest revision's amount per claim key, and the claim's contract. */
    private final Map<String, long[]> latestAmount = new TreeMap<>();

    static Expected compute(Scenario scenario) throws Exception {
        ReferenceModel model = new ReferenceModel();
        model.readContracts(scenario.contractsJson());
        for (String stream : Scenario.STREAMS) {
            model.admit(stream, scenario.lines().getOrDefault(stream, List.of()));
        }
        model.underpriced();
        model.bounce();
        model.invalidTraffic(scenario.datacenterRanges());
        model.gap();
        return new Expected(
                sorted(model.flags), sorted(model.claims), sorted(model.late), sorted(model.quality), model.summary());
    }

    private static List<String> sorted(List<String> rows) {
        List<String> copy = new ArrayList<>(rows);
        copy.sort(Comparator.naturalOrder());
        return copy;
    }

    private void readContracts(String json) throws Exception {
        for (JsonNode c : JSON.readTree(json)) {
            JsonNode rules = c.get("rules");
            long window = duration(c, "window", "PT1H");
            JsonNode u = rules.get("underpriced_source");
            JsonNode b = rules.get("high_bounce_rate");
            JsonNode g = rules.get("impression_gap");
            JsonNode v = rules.get("invalid_traffic");
            Terms terms = new Terms(
                    c.get("contract_id").asText(),
                    c.get("vendor").asText(),
                    c.get("version").asLong(),
                    c.get("currency").asText(),
                    window,
                    u == null
                            ? null
                            : new Underpriced(
                                    decimal(u, "max_discount", "0.30"),
                                    u.has("market_cpc_micros")
                                            ? u.get("market_cpc_micros").asLong()
                                            : null,
                                    count(u, "min_clicks", 30),
                                    count(u, "consecutive_windows", 1),
                                    decimal(u, "multiplier", "1.0")),
                    b == null
                            ? null
                            : new Bounce(
                                    decimal(b, "max_bounce_rate", "0.70"),
                                    count(b, "min_sessions", 30),
                                    duration(b, "session_timeout", "PT30M"),
                                    count(b, "consecutive_windows", 1),
                                    decimal(b, "multiplier", "1.0")),
                    g == null
                            ? null
                            : new Gap(
                                    decimal(g, "min_delivery_ratio", "0.90"),
                                    count(g, "min_reported_impressions", 1000),
                                    duration(g, "report_grace", "P2D"),
                                    count(g, "consecutive_windows", 1),
                                    decimal(g, "multiplier", "1.0")),
                    v == null
                            ? null
                            : new Ivt(
                                    decimal(v, "max_ivt_rate", "0.10"),
                                    count(v, "min_clicks", 30),
                                    duration(v, "duplicate_window", "PT30S"),
                                    count(v, "consecutive_windows", 1),
                                    decimal(v, "multiplier", "1.0")));
            contracts.add(terms);
            for (JsonNode campaign : c.get("campaign_ids")) {
                byCampaign.put(campaign.asText(), terms);
            }
        }
    }

    private static BigDecimal decimal(JsonNode rule, String key, String fallback) {
        return new BigDecimal(rule.has(key) ? rule.get(key).asText() : fallback);
    }

    private static long count(JsonNode rule, String key, long fallback) {
        return rule.has(key) ? rule.get(key).asLong() : fallback;
    }

    private static long duration(JsonNode node, String key, String fallback) {
        return Duration.parse(node.has(key) ? node.get(key).asText() : fallback).toMillis();
    }

    // ---- admission: rejected, then duplicate, then late; the rest accepted

    private void admit(String stream, List<byte[]> lines) {
        Map<String, Long> f = new LinkedHashMap<>();
        for (String name : List.of("read", "accepted", "rejected", "duplicate", "late")) {
            f.put(name, 0L);
        }
        figures.put(stream, f);
        List<Event> valid = new ArrayList<>();
        for (byte[] line : lines) {
            if (BlankLines.isBlank(line)) {
                continue;
            }
            f.merge("read", 1L, Long::sum);
            Event e = decode(stream, line);
            if (e == null) {
                f.merge("rejected", 1L, Long::sum);
            } else {
                valid.add(e);
            }
        }
        // per id in event-time order: within the horizon of the id's first record, a duplicate
        Map<String, List<Event>> byId = new TreeMap<>();
        for (Event e : valid) {
            byId.computeIfAbsent(e.id(), id -> new ArrayList<>()).add(e);
        }
        List<Event> kept = new ArrayList<>();
        for (List<Event> same : byId.values()) {
            same.sort(Comparator.comparingLong(Event::ts));
            Long first = null;
            for (Event e : same) {
                if (first != null && Math.abs(e.ts() - first) <= HORIZON) {
                    f.merge("duplicate", 1L, Long::sum);
                    continue;
                }
                first = e.ts();
                if (stream.equals("vendor-reports") && e.ts() > e.number("period_end") + grace(e.campaign())) {
                    f.merge("late", 1L, Long::sum);
                    late.add(stream + "|" + e.id());
                    continue;
                }
                f.merge("accepted", 1L, Long::sum);
                kept.add(e);
            }
        }
        accepted.put(stream, kept);
    }

    private long grace(String campaign) {
        Terms t = byCampaign.get(campaign);
        return t == null || t.gap() == null
                ? Duration.ofDays(2).toMillis()
                : t.gap().grace();
    }

    private static final Map<String, String[]> REQUIRED = Map.of(
            "impressions", new String[] {"event_id:id", "ts:time", "campaign_id:id", "source_id:id"},
            "clicks",
                    new String[] {
                        "event_id:id",
                        "ts:time",
                        "campaign_id:id",
                        "source_id:id",
                        "cost_micros:money",
                        "currency:currency"
                    },
            "pageviews", new String[] {"event_id:id", "ts:time", "click_id:id", "campaign_id:id", "source_id:id"},
            "vendor-reports",
                    new String[] {
                        "report_id:id",
                        "ts:time",
                        "campaign_id:id",
                        "source_id:id",
                        "period_start:time",
                        "period_end:time",
                        "impressions:count",
                        "cost_micros:money",
                        "currency:currency"
                    });
    private static final Map<String, String[]> OPTIONAL = Map.of(
            "impressions", new String[] {"placement_id:text", "device_id:text", "ip:text", "user_agent:text"},
            "clicks", new String[] {"impression_id:text", "device_id:text", "ip:text", "user_agent:text"},
            "pageviews", new String[] {"page:text"},
            "vendor-reports", new String[] {"clicks:count"});

    /** The event, or {@code null} when the record is rejected. */
    private Event decode(String stream, byte[] line) {
        if (line.length > 64 * 1024) {
            return null;
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line));
        } catch (CharacterCodingException e) {
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (Exception e) {
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        for (String spec : REQUIRED.get(stream)) {
            String[] nameKind = spec.split(":");
            JsonNode v = node.get(nameKind[0]);
            if (v == null || v.isNull() || !valid(v, nameKind[1])) {
                return null;
            }
        }
        for (String spec : OPTIONAL.get(stream)) {
            String[] nameKind = spec.split(":");
            JsonNode v = node.get(nameKind[0]);
            if (v != null && !v.isNull() && !valid(v, nameKind[1])) {
                return null;
            }
        }
        boolean report = stream.equals("vendor-reports");
        if (report
                && node.get("period_end").asLong() <= node.get("period_start").asLong()) {
            return null;
        }
        Event e = new Event(
                stream,
                node.get(report ? "report_id" : "event_id").asText(),
                node.get("ts").asLong(),
                node.get("campaign_id").asText(),
                node.get("source_id").asText(),
                node);
        Terms t = byCampaign.get(e.campaign());
        if (report) {
            long start = e.number("period_start");
            long end = e.number("period_end");
            if (end - start > MAX_REPORT_PERIOD) {
                return null;
            }
            if (t != null
                    && (!t.currency().equals(e.text("currency"))
                            || Math.floorMod(start, t.window()) != 0
                            || Math.floorMod(end, t.window()) != 0)) {
                return null;
            }
        }
        if (stream.equals("clicks") && t != null && !t.currency().equals(e.text("currency"))) {
            return null;
        }
        return e;
    }

    private static boolean valid(JsonNode v, String kind) {
        switch (kind) {
            case "id", "text", "currency" -> {
                if (!v.isTextual()) {
                    return false;
                }
                String s = v.asText();
                if (hasLoneSurrogate(s)) {
                    return false;
                }
                return switch (kind) {
                    case "id" -> !s.isEmpty() && s.length() <= 256;
                    case "currency" -> s.matches("[A-Z]{3}");
                    default -> true;
                };
            }
            default -> {
                if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                    return false;
                }
                long n = v.asLong();
                return switch (kind) {
                    case "time" -> n >= MIN_TIME && n < MAX_TIME;
                    case "money" -> n >= 0 && n <= 1_000_000_000_000_000L;
                    default -> n >= 0 && n <= 1_000_000_000_000L;
                };
            }
        }
    }

    /** Code points of a Java string include its unpaired surrogates as themselves. */
    private static boolean hasLoneSurrogate(String s) {
        return s.codePoints().anyMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
    }

    // ---- rules

    /** A source window of one rule, with what its flag and claim show. */
    record Verdict(
            String rule,
            String status,
            Terms terms,
            String campaign,
            String source,
            long start,
            long end,
            Q observed,
            Q threshold,
            long sample,
            Map<String, Object> evidence) {
        boolean breach() {
            return status.equals("BREACH");
        }
    }

    private static long windowOf(long ts, long window) {
        return Math.floorDiv(ts, window) * window;
    }

    /** Accepted clicks of campaigns whose contract has the rule, per (campaign, source, window start). */
    private Map<String, List<Event>> clicksBySourceWindow(boolean bounce) {
        Map<String, List<Event>> groups = new TreeMap<>();
        for (Event c : accepted.get("clicks")) {
            Terms t = byCampaign.get(c.campaign());
            if (t == null || (bounce ? t.bounce() == null : t.underpriced() == null)) {
                continue;
            }
            groups.computeIfAbsent(
                            c.campaign() + "|" + c.source() + "|" + windowOf(c.ts(), t.window()),
                            k -> new ArrayList<>())
                    .add(c);
        }
        return groups;
    }

    private void underpriced() {
        // campaign window -> source -> clicks
        Map<String, Map<String, List<Event>>> campaignWindows = new TreeMap<>();
        for (Map.Entry<String, List<Event>> e : clicksBySourceWindow(false).entrySet()) {
            String[] k = e.getKey().split("\\|");
            campaignWindows
                    .computeIfAbsent(k[0] + "|" + k[2], x -> new TreeMap<>())
                    .put(k[1], e.getValue());
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<Event>>> cw : campaignWindows.entrySet()) {
            String campaign = cw.getKey().split("\\|")[0];
            long start = Long.parseLong(cw.getKey().split("\\|")[1]);
            Terms t = byCampaign.get(campaign);
            Underpriced u = t.underpriced();
            Q market;
            if (u.market() != null) {
                market = Q.of(u.market());
            } else {
                List<Q> eligible = new ArrayList<>();
                for (List<Event> clicks : cw.getValue().values()) {
                    if (clicks.size() >= u.minClicks()) {
                        eligible.add(Q.of(spend(clicks), clicks.size()));
                    }
                }
                eligible.sort(Comparator.naturalOrder());
                int n = eligible.size();
                market = n < 3
                        ? null
                        : n % 2 == 1
                                ? eligible.get(n / 2)
                                : eligible.get(n / 2 - 1)
                                        .plus(eligible.get(n / 2))
                                        .half();
            }
            Q threshold = market == null ? null : market.times(Q.of(BigDecimal.ONE.subtract(u.maxDiscount())));
            for (Map.Entry<String, List<Event>> s : cw.getValue().entrySet()) {
                long clicks = s.getValue().size();
                long spend = spend(s.getValue());
                Q avg = Q.of(spend, clicks);
                String status = threshold == null || clicks < u.minClicks()
                        ? "NOT_EVALUABLE"
                        : avg.compareTo(threshold) < 0 ? "BREACH" : "PASS";
                Map<String, Object> evidence = new TreeMap<>();
                evidence.put("clicks", clicks);
                evidence.put("spend_micros", spend);
                evidence.put("avg_cpc_micros", avg.display());
                if (market != null) {
                    evidence.put("market_cpc_micros", market.display());
                }
                verdicts.add(new Verdict(
                        "UNDERPRICED_SOURCE",
                        status,
                        t,
                        campaign,
                        s.getKey(),
                        start,
                        start + t.window(),
                        avg,
                        threshold,
                        clicks,
                        evidence));
            }
        }
        spendRuns(verdicts, u -> u.terms().underpriced().k());
    }

    private void bounce() {
        Map<String, List<Event>> pageviewsByClick = new HashMap<>();
        for (Event p : accepted.get("pageviews")) {
            pageviewsByClick
                    .computeIfAbsent(p.text("click_id"), k -> new ArrayList<>())
                    .add(p);
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (Map.Entry<String, List<Event>> e : clicksBySourceWindow(true).entrySet()) {
            List<Event> clicks = e.getValue();
            Event any = clicks.get(0);
            Terms t = byCampaign.get(any.campaign());
            long landed = 0;
            long bounced = 0;
            for (Event c : clicks) {
                long views = 0;
                for (Event p : pageviewsByClick.getOrDefault(c.id(), List.of())) {
                    Terms pt = byCampaign.get(p.campaign());
                    if (pt != null
                            && pt.bounce() != null
                            && p.ts() >= c.ts()
                            && p.ts() <= c.ts() + t.bounce().timeout()) {
                        views++;
                    }
                }
                landed += views >= 1 ? 1 : 0;
                bounced += views == 1 ? 1 : 0;
            }
            Q rate = landed == 0 ? null : Q.of(bounced, landed);
            String status = landed < t.bounce().minSessions()
                    ? "NOT_EVALUABLE"
                    : rate.compareTo(Q.of(t.bounce().maxRate())) > 0 ? "BREACH" : "PASS";
            long start = windowOf(any.ts(), t.window());
            Map<String, Object> evidence = new TreeMap<>();
            evidence.put("clicks", (long) clicks.size());
            evidence.put("spend_micros", spend(clicks));
            evidence.put("landed", landed);
            evidence.put("bounced", bounced);
            evidence.put("unlanded", clicks.size() - landed);
            if (rate != null) {
                evidence.put("bounce_rate", rate.display());
            }
            verdicts.add(new Verdict(
                    "HIGH_BOUNCE_RATE",
                    status,
                    t,
                    any.campaign(),
                    any.source(),
                    start,
                    start + t.window(),
                    rate,
                    Q.of(t.bounce().maxRate()),
                    landed,
                    evidence));
        }
        spendRuns(verdicts, v -> v.terms().bounce().k());
    }

    private static long spend(List<Event> clicks) {
        return clicks.stream().mapToLong(c -> c.number("cost_micros")).sum();
    }

    /** Spend flags per run of at least K breaching windows, then one claim per flagged window. */
    private final Map<String, List<Verdict>> spendFlagged = new TreeMap<>();

    private void spendRuns(List<Verdict> verdicts, java.util.function.ToLongFunction<Verdict> k) {
        Map<String, TreeMap<Long, Verdict>> byRun = new TreeMap<>();
        for (Verdict v : verdicts) {
            byRun.computeIfAbsent(v.terms().id() + "|" + v.campaign() + "|" + v.source(), x -> new TreeMap<>())
                    .put(v.start(), v);
        }
        for (TreeMap<Long, Verdict> windows : byRun.values()) {
            List<Verdict> run = new ArrayList<>();
            for (Verdict v : windows.values()) {
                if (!run.isEmpty() && (!v.breach() || run.get(run.size() - 1).end() != v.start())) {
                    flagIfLongEnough(run, k);
                    run.clear();
                }
                if (v.breach()) {
                    run.add(v);
                }
            }
            flagIfLongEnough(run, k);
        }
    }

    private void flagIfLongEnough(List<Verdict> run, java.util.function.ToLongFunction<Verdict> k) {
        for (Verdict v : run) {
            if (run.size() >= k.applyAsLong(v)) {
                flags.add(flagRow(v));
                spendFlagged
                        .computeIfAbsent(windowKey(v), x -> new ArrayList<>())
                        .add(v);
            }
        }
    }

    private static String windowKey(Verdict v) {
        return String.join(
                "|", v.terms().id(), v.campaign(), v.source(), Long.toString(v.start()), Long.toString(v.end()));
    }

    private void gap() {
        Map<String, Long> measured = new HashMap<>();
        for (Event i : accepted.get("impressions")) {
            Terms t = byCampaign.get(i.campaign());
            if (t != null && t.gap() != null) {
                measured.merge(i.campaign() + "|" + i.source() + "|" + windowOf(i.ts(), t.window()), 1L, Long::sum);
            }
        }
        // per (contract, campaign, source): reports in the order they are decided
        Map<String, List<Event>> byRun = new TreeMap<>();
        for (Event r : accepted.get("vendor-reports")) {
            Terms t = byCampaign.get(r.campaign());
            if (t != null && t.gap() != null) {
                byRun.computeIfAbsent(r.campaign() + "|" + r.source(), x -> new ArrayList<>())
                        .add(r);
            }
        }
        for (List<Event> reports : byRun.values()) {
            reports.sort(Comparator.<Event>comparingLong(r -> Math.max(r.number("period_end") - 1, r.ts()))
                    .thenComparingLong(r -> r.number("period_start"))
                    .thenComparingLong(Event::ts)
                    .thenComparing(Event::id));
            Map<Long, PeriodState> periods = new TreeMap<>();
            for (Event r : reports) {
                Terms t = byCampaign.get(r.campaign());
                long start = r.number("period_start");
                long end = r.number("period_end");
                long m = 0;
                for (long w = start; w < end; w += t.window()) {
                    m += measured.getOrDefault(r.campaign() + "|" + r.source() + "|" + w, 0L);
                }
                Verdict v = gapVerdict(t, r, m);
                PeriodState known = periods.get(start);
                if (known != null && known.flagged) {
                    known.verdict = v;
                    if (v.breach()) {
                        known.flagRows.add(flagRow(v));
                        flags.add(flagRow(v));
                    }
                    known.revisions++;
                    impressionClaim(v, known);
                    continue;
                }
                PeriodState state = known == null ? new PeriodState() : known;
                state.verdict = v;
                periods.put(start, state);
                if (!v.breach()) {
                    continue;
                }
                List<PeriodState> run = new ArrayList<>();
                run.add(state);
                for (PeriodState p = before(periods, state); p != null && p.verdict.breach(); p = before(periods, p)) {
                    run.add(0, p);
                }
                for (PeriodState p = periods.get(state.verdict.end());
                        p != null && p.verdict.breach();
                        p = periods.get(p.verdict.end())) {
                    run.add(p);
                }
                for (PeriodState p : run) {
                    if (!p.flagged && run.size() >= t.gap().k()) {
                        p.flagged = true;
                        p.revisions = 1;
                        p.flagRows.add(flagRow(p.verdict));
                        flags.add(flagRow(p.verdict));
                        impressionClaim(p.verdict, p);
                    }
                }
            }
        }
        spendClaims();
    }

    private static final class PeriodState {
        Verdict verdict;
        boolean flagged;
        int revisions;
        final List<String> flagRows = new ArrayList<>();
    }

    private static PeriodState before(Map<Long, PeriodState> periods, PeriodState p) {
        for (PeriodState candidate : periods.values()) {
            if (candidate.verdict.end() == p.verdict.start()) {
                return candidate;
            }
        }
        return null;
    }

    private static Verdict gapVerdict(Terms t, Event r, long measured) {
        long reported = r.number("impressions");
        Q ratio = reported == 0 ? null : Q.of(measured, reported);
        String status = reported < t.gap().minReported()
                ? "NOT_EVALUABLE"
                : ratio.compareTo(Q.of(t.gap().minRatio())) < 0 ? "BREACH" : "PASS";
        Map<String, Object> evidence = new TreeMap<>();
        evidence.put("report_id", r.id());
        evidence.put("reported_impressions", reported);
        evidence.put("measured_impressions", measured);
        if (ratio != null) {
            evidence.put("delivery_ratio", ratio.display());
        }
        evidence.put("cost_micros", r.number("cost_micros"));
        return new Verdict(
                "IMPRESSION_GAP",
                status,
                t,
                r.campaign(),
                r.source(),
                r.number("period_start"),
                r.number("period_end"),
                ratio,
                Q.of(t.gap().minRatio()),
                reported,
                evidence);
    }

    // ---- claims

    private void impressionClaim(Verdict v, PeriodState period) {
        Gap g = v.terms().gap();
        long cost = (Long) v.evidence().get("cost_micros");
        long reported = (Long) v.evidence().get("reported_impressions");
        long measured = (Long) v.evidence().get("measured_impressions");
        long amount = v.breach()
                ? Q.of(cost)
                        .times(Q.of(reported - measured, reported))
                        .times(Q.of(g.multiplier()))
                        .roundHalfUp()
                : 0;
        Map<String, Object> evidence = new TreeMap<>(v.evidence());
        evidence.put("flags", sorted(period.flagRows).toString());
        claims.add(claimRow(
                v.terms(),
                "IMPRESSIONS",
                v,
                period.revisions,
                List.of("IMPRESSION_GAP"),
                cost,
                g.multiplier(),
                amount,
                evidence));
        latestAmount.put(claimKey(v.terms(), "IMPRESSIONS", v), new long[] {amount});
    }

    private void spendClaims() {
        for (List<Verdict> reasons : spendFlagged.values()) {
            reasons.sort(Comparator.comparing(Verdict::rule));
            Verdict first = reasons.get(0);
            long spend = (Long) first.evidence().get("spend_micros");
            // the largest exact basis x multiplier, the larger multiplier on a tie
            Verdict largest = null;
            for (Verdict v : reasons) {
                if (largest == null) {
                    largest = v;
                    continue;
                }
                int c = Q.of(basis(v))
                        .times(Q.of(multiplier(v)))
                        .compareTo(Q.of(basis(largest)).times(Q.of(multiplier(largest))));
                if (c > 0 || c == 0 && multiplier(v).compareTo(multiplier(largest)) > 0) {
                    largest = v;
                }
            }
            long amount = Q.of(basis(largest)).times(Q.of(multiplier(largest))).roundHalfUp();
            Map<String, Object> evidence = new TreeMap<>();
            List<String> rules = new ArrayList<>();
            List<String> flagRows = new ArrayList<>();
            for (Verdict v : reasons) {
                evidence.putAll(v.evidence());
                rules.add(v.rule());
                flagRows.add(flagRow(v));
            }
            evidence.put("flags", sorted(flagRows).toString());
            claims.add(claimRow(
                    first.terms(), "SPEND", first, 1, rules, basis(largest), multiplier(largest), amount, evidence));
            latestAmount.put(claimKey(first.terms(), "SPEND", first), new long[] {amount});
        }
    }

    private static long basis(Verdict v) {
        return (Long) v.evidence().get(v.rule().equals("INVALID_TRAFFIC") ? "invalid_spend_micros" : "spend_micros");
    }

    private static BigDecimal multiplier(Verdict v) {
        return switch (v.rule()) {
            case "UNDERPRICED_SOURCE" -> v.terms().underpriced().multiplier();
            case "HIGH_BOUNCE_RATE" -> v.terms().bounce().multiplier();
            default -> v.terms().ivt().multiplier();
        };
    }

    // ---- INVALID_TRAFFIC

    private final List<String> quality = new ArrayList<>();
    private static final java.util.Set<String> BOT_DEVICE_CLASSES =
            java.util.Set.of("Robot", "Robot Mobile", "Robot Imitator");
    private static final java.util.Set<String> BOT_AGENT_CLASSES =
            java.util.Set.of("Robot", "Robot Mobile", "Cloud Application", "Special");
    private static nl.basjes.parse.useragent.UserAgentAnalyzer analyzer;

    private static synchronized boolean isBot(String ua) {
        if (ua.isBlank()) {
            return true;
        }
        if (analyzer == null) {
            analyzer = nl.basjes.parse.useragent.UserAgentAnalyzer.newBuilder()
                    .hideMatcherLoadStats()
                    .withFields("DeviceClass", "AgentClass")
                    .build();
        }
        nl.basjes.parse.useragent.UserAgent parsed = analyzer.parse(ua);
        return BOT_DEVICE_CLASSES.contains(parsed.getValue("DeviceClass"))
                || BOT_AGENT_CLASSES.contains(parsed.getValue("AgentClass"));
    }

    /** Whether the address, as written, lies in one of the blocks (a plain scan; IPv4 with IPv4 only). */
    private static boolean inRanges(String ip, List<inet.ipaddr.IPAddress> blocks) {
        inet.ipaddr.IPAddress address = new inet.ipaddr.IPAddressString(ip).getAddress();
        if (address == null || address.isPrefixed() || address.isMultiple()) {
            return false;
        }
        for (inet.ipaddr.IPAddress block : blocks) {
            if (block.getIPVersion() == address.getIPVersion() && block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private void invalidTraffic(String rangesText) {
        List<inet.ipaddr.IPAddress> blocks = new ArrayList<>();
        for (String line : rangesText.split("\n")) {
            String block = line.replaceAll("#.*", "").trim();
            if (!block.isEmpty()) {
                blocks.add(new inet.ipaddr.IPAddressString(block).getAddress());
            }
        }
        // clicks of contracts with the rule, per (campaign, source, ip, user agent) in (ts, event_id) order
        List<Event> clicks = new ArrayList<>();
        for (Event c : accepted.get("clicks")) {
            Terms t = byCampaign.get(c.campaign());
            if (t != null && t.ivt() != null) {
                clicks.add(c);
            }
        }
        clicks.sort(Comparator.comparingLong(Event::ts).thenComparing(Event::id));
        Map<String, Long> lastOfClient = new HashMap<>();
        Map<String, long[]> tallies = new TreeMap<>(); // clicks, spend, bot, dc, dup, invalid spend
        Map<String, Event> any = new HashMap<>();
        for (Event c : clicks) {
            Terms t = byCampaign.get(c.campaign());
            String ip = text(c, "ip");
            String ua = text(c, "user_agent");
            int category;
            if (ua != null && isBot(ua)) {
                category = 2;
            } else if (ip != null && inRanges(ip, blocks)) {
                category = 3;
            } else if (ip != null
                    && lastOfClient.containsKey(client(c, ip, ua))
                    && c.ts() - lastOfClient.get(client(c, ip, ua)) <= t.ivt().duplicateWindow()) {
                category = 4;
            } else {
                category = 0;
            }
            if (ip != null) {
                lastOfClient.put(client(c, ip, ua), c.ts());
            }
            long start = windowOf(c.ts(), t.window());
            String key = c.campaign() + "|" + c.source() + "|" + start;
            any.putIfAbsent(key, c);
            long[] tally = tallies.computeIfAbsent(key, k -> new long[6]);
            tally[0]++;
            tally[1] += c.number("cost_micros");
            if (category > 0) {
                tally[category]++;
                tally[5] += c.number("cost_micros");
            }
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (Map.Entry<String, long[]> e : tallies.entrySet()) {
            Event c = any.get(e.getKey());
            Terms t = byCampaign.get(c.campaign());
            long[] n = e.getValue();
            long invalid = n[2] + n[3] + n[4];
            long start = windowOf(c.ts(), t.window());
            Q rate = Q.of(invalid, n[0]);
            String status = n[0] < t.ivt().minClicks()
                    ? "NOT_EVALUABLE"
                    : rate.compareTo(Q.of(t.ivt().maxRate())) > 0 ? "BREACH" : "PASS";
            Map<String, Long> byCategory = new TreeMap<>();
            for (int k = 2; k <= 4; k++) {
                if (n[k] > 0) {
                    byCategory.put(new String[] {"bot_user_agent", "datacenter_ip", "duplicate_click"}[k - 2], n[k]);
                }
            }
            Map<String, Object> evidence = new TreeMap<>();
            evidence.put("clicks", n[0]);
            evidence.put("spend_micros", n[1]);
            evidence.put("invalid_clicks", invalid);
            evidence.put("invalid_spend_micros", n[5]);
            evidence.put("ivt_rate", rate.display());
            evidence.put("ivt_by_category", byCategory.toString());
            verdicts.add(new Verdict(
                    "INVALID_TRAFFIC",
                    status,
                    t,
                    c.campaign(),
                    c.source(),
                    start,
                    start + t.window(),
                    rate,
                    Q.of(t.ivt().maxRate()),
                    n[0],
                    evidence));
            quality.add(String.join(
                    "|",
                    t.id(),
                    c.campaign(),
                    c.source(),
                    time(start),
                    time(start + t.window()),
                    "gross " + n[0],
                    "givt " + invalid,
                    "net " + (n[0] - invalid),
                    byCategory.toString(),
                    "spend " + n[1],
                    "givt spend " + n[5],
                    "net spend " + (n[1] - n[5]),
                    show(rate.display()),
                    t.currency()));
        }
        spendRuns(verdicts, v -> v.terms().ivt().k());
    }

    private static String text(Event e, String field) {
        JsonNode v = e.fields().get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String client(Event c, String ip, String ua) {
        return String.join("\u0000", c.campaign(), c.source(), ip, ua == null ? "\u0001absent" : "=" + ua);
    }

    private static String claimKey(Terms t, String kind, Verdict v) {
        return String.join(
                "|", t.id(), kind, v.campaign(), v.source(), Long.toString(v.start()), Long.toString(v.end()));
    }

    /** A flag as the replay writes it, without its id. */
    static String flagRow(Verdict v) {
        return String.join(
                "|",
                v.rule(),
                v.terms().id(),
                Long.toString(v.terms().version()),
                v.campaign(),
                v.source(),
                time(v.start()),
                time(v.end()),
                show(v.observed() == null ? null : v.observed().display()),
                show(v.threshold() == null ? null : v.threshold().display()),
                Long.toString(v.sample()));
    }

    /** A claim revision as the replay writes it, its evidence's flag ids replaced by their flags. */
    static String claimRow(
            Terms t,
            String kind,
            Verdict v,
            int revision,
            List<String> reasons,
            long basis,
            BigDecimal multiplier,
            long amount,
            Map<String, Object> evidence) {
        return String.join(
                "|",
                kind,
                t.id(),
                v.campaign(),
                v.source(),
                time(v.start()),
                time(v.end()),
                "rev " + revision,
                revision == 1 ? "OPEN" : amount == 0 ? "WITHDRAWN" : "REVISED",
                "v" + t.version(),
                t.vendor(),
                String.join(",", reasons),
                Long.toString(basis),
                show(multiplier),
                Long.toString(amount),
                t.currency(),
                evidence(evidence));
    }

    static String evidence(Map<String, Object> evidence) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, Object> e : new TreeMap<>(evidence).entrySet()) {
            Object value = e.getValue() instanceof BigDecimal d ? show(d) : e.getValue();
            out.append(e.getKey()).append('=').append(value).append(';');
        }
        return out.append('}').toString();
    }

    static String show(BigDecimal d) {
        if (d == null) {
            return "-";
        }
        BigDecimal stripped = d.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    // ---- summary.json

    private Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("streams", figures);
        Map<String, Long> perRule = new LinkedHashMap<>();
        for (String rule : RULES) {
            perRule.put(rule, 0L);
        }
        for (String flag : flags) {
            perRule.merge(flag.substring(0, flag.indexOf('|')), 1L, Long::sum);
        }
        summary.put("flags", perRule);
        List<Map<String, Object>> perContract = new ArrayList<>();
        List<Terms> byId = new ArrayList<>(contracts);
        byId.sort(Comparator.comparing(Terms::id));
        for (Terms t : byId) {
            long count = 0;
            long amount = 0;
            for (Map.Entry<String, long[]> e : latestAmount.entrySet()) {
                if (e.getKey().startsWith(t.id() + "|")) {
                    count++;
                    amount += e.getValue()[0];
                }
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("contract_id", t.id());
            c.put("currency", t.currency());
            c.put("count", count);
            c.put("amount_micros", amount);
            perContract.add(c);
        }
        summary.put("claims", perContract);
        return summary;
    }

    /** An exact non-negative rational. */
    record Q(BigInteger num, BigInteger den) implements Comparable<Q> {
        static Q of(long n) {
            return new Q(BigInteger.valueOf(n), BigInteger.ONE);
        }

        static Q of(long n, long d) {
            return new Q(BigInteger.valueOf(n), BigInteger.valueOf(d));
        }

        static Q of(BigDecimal d) {
            return d.scale() >= 0
                    ? new Q(d.unscaledValue(), BigInteger.TEN.pow(d.scale()))
                    : new Q(d.toBigIntegerExact(), BigInteger.ONE);
        }

        Q times(Q o) {
            return new Q(num.multiply(o.num), den.multiply(o.den));
        }

        Q plus(Q o) {
            return new Q(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
        }

        Q half() {
            return new Q(num, den.shiftLeft(1));
        }

        @Override
        public int compareTo(Q o) {
            return num.multiply(o.den).compareTo(o.num.multiply(den));
        }

        BigDecimal display() {
            return new BigDecimal(num).divide(new BigDecimal(den), 6, RoundingMode.HALF_UP);
        }

        long roundHalfUp() {
            return num.shiftLeft(1).add(den).divide(den.shiftLeft(1)).longValueExact();
        }
    }
}
