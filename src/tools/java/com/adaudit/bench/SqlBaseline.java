package com.adaudit.bench;

import com.adaudit.contracts.Contract;
import com.adaudit.contracts.ContractParser;
import com.adaudit.rules.ivt.DatacenterRanges;
import com.adaudit.rules.ivt.UserAgents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ParameterTool;

/**
 * The benchmark's baseline: AdAudit's four rules written in plain Flink SQL, BATCH mode, over the
 * same replay files, the way an analyst would write them instead of running the replay harness.
 * It reads the jsonl files with the filesystem connector, de-duplicates ids, sums windows, joins
 * sessions and report periods, classifies clicks with the same user-agent and data-centre
 * lookups (as SQL functions), and prints its claims; with {@code --expect claims.jsonl} it checks
 * them against the replay's (latest revision of each claim id, amount and window) and fails on
 * any difference.
 *
 * <p>What it leaves out, because the benchmark's clean generated set does not need it: one
 * contract; a fixed market price ({@code market_cpc_micros}); {@code consecutive_windows} 1; no
 * live contract updates. Money is integer micros, rounded half-up once, as in docs/reference.md.
 *
 * <pre>
 * SqlBaseline --input DIR --contracts FILE --datacenter-ranges FILE [--parallelism 2] [--expect FILE]
 * </pre>
 */
public final class SqlBaseline {

    /** Ratios and multipliers as integers of millionths, so that SQL compares and rounds money exactly. */
    private static final String SCALE = "CAST(1000000 AS BIGINT)";

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        Path input = Path.of(p.getRequired("input"));
        List<Contract> contracts =
                ContractParser.readFile(Path.of(p.getRequired("contracts"))).all();
        if (contracts.size() != 1) {
            throw new IllegalArgumentException("the SQL baseline takes one contract, not " + contracts.size());
        }
        Contract k = contracts.get(0);
        if (k.underpriced() == null
                || k.underpriced().marketCpcMicros() == null
                || k.bounce() == null
                || k.gap() == null
                || k.invalidTraffic() == null) {
            throw new IllegalArgumentException("the SQL baseline needs all four rules and a market_cpc_micros");
        }

        TableEnvironment sql = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        sql.getConfig().set("parallelism.default", p.get("parallelism", "2"));
        sql.createTemporarySystemFunction("IS_BOT", IsBot.class);
        sql.createTemporarySystemFunction("IN_DATACENTER", new InDatacenter(p.getRequired("datacenter-ranges")));
        for (String statement : statements(input, k)) {
            sql.executeSql(statement);
        }
        List<String> claims = new ArrayList<>();
        try (CloseableIterator<Row> rows =
                sql.executeSql("SELECT * FROM claims").collect()) {
            rows.forEachRemaining(r -> claims.add(claim(
                    (String) r.getField(0), (String) r.getField(1), (String) r.getField(2), (Long) r.getField(3), (Long)
                            r.getField(4))));
        }
        claims.sort(null);
        System.out.println("sql-baseline: " + claims.size() + " claims");
        if (p.has("expect")) {
            List<String> expected = replayClaims(Path.of(p.get("expect")));
            if (!expected.equals(claims)) {
                TreeSet<String> onlySql = new TreeSet<>(claims);
                expected.forEach(onlySql::remove);
                TreeSet<String> onlyReplay = new TreeSet<>(expected);
                claims.forEach(onlyReplay::remove);
                System.err.println("sql-baseline: claims differ from the replay's: only in SQL " + onlySql
                        + ", only in the replay " + onlyReplay);
                System.exit(1);
            }
            System.out.println("sql-baseline: the same " + claims.size() + " claims as the replay");
        }
    }

    private static List<String> statements(Path input, Contract k) {
        long w = k.windowMillis();
        String campaigns = java.util.Arrays.stream(k.campaignIds())
                .map(c -> "'" + c.replace("'", "''") + "'")
                .collect(Collectors.joining(","));
        var u = k.underpriced();
        var b = k.bounce();
        var g = k.gap();
        var i = k.invalidTraffic();
        List<String> s = new ArrayList<>();
        s.add(table(
                input,
                "clicks",
                "event_id STRING, ts BIGINT, campaign_id STRING, source_id STRING,"
                        + " cost_micros BIGINT, currency STRING, ip STRING, user_agent STRING"));
        s.add(table(
                input,
                "pageviews",
                "event_id STRING, ts BIGINT, click_id STRING, campaign_id STRING," + " source_id STRING"));
        s.add(table(input, "impressions", "event_id STRING, ts BIGINT, campaign_id STRING, source_id STRING"));
        s.add(table(
                input,
                "vendor-reports",
                "report_id STRING, ts BIGINT, campaign_id STRING, source_id STRING,"
                        + " period_start BIGINT, period_end BIGINT, impressions BIGINT, cost_micros BIGINT,"
                        + " currency STRING"));
        // accepted events: well-formed, of the contract's campaigns, each id once (its earliest ts)
        for (String stream : List.of("clicks", "pageviews", "impressions")) {
            s.add("CREATE TEMPORARY VIEW " + stream + " AS SELECT * FROM (SELECT *, ts - MOD(ts, " + w + ") AS w,"
                    + " ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY ts) AS n FROM `" + stream + "-raw`"
                    + " WHERE event_id IS NOT NULL AND ts IS NOT NULL AND campaign_id IN (" + campaigns + ")"
                    + " AND source_id IS NOT NULL" + (stream.equals("clicks") ? " AND cost_micros >= 0" : "")
                    + ") WHERE n = 1");
        }
        s.add("CREATE TEMPORARY VIEW reports AS SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY report_id"
                + " ORDER BY ts) AS n FROM `vendor-reports-raw` WHERE campaign_id IN (" + campaigns + ")"
                + " AND ts <= period_end + " + g.reportGraceMillis() + ") WHERE n = 1");

        // UNDERPRICED_SOURCE and the spend of every click window
        s.add("CREATE TEMPORARY VIEW click_windows AS SELECT campaign_id, source_id, w, COUNT(*) AS clicks,"
                + " SUM(cost_micros) AS spend FROM clicks GROUP BY campaign_id, source_id, w");
        s.add("CREATE TEMPORARY VIEW underpriced AS SELECT campaign_id, source_id, w, spend AS basis, "
                + scaled(u.multiplier()) + " AS m FROM click_windows WHERE clicks >= " + u.minClicks()
                + " AND spend * " + SCALE + " < " + u.marketCpcMicros() + " * "
                + scaled(BigDecimal.ONE.subtract(u.maxDiscount())) + " * clicks");

        // HIGH_BOUNCE_RATE: each click's pageviews within its session timeout
        s.add(
                "CREATE TEMPORARY VIEW sessions AS SELECT c.campaign_id, c.source_id, c.w, COUNT(v.event_id) AS session_views"
                        + " FROM clicks c LEFT JOIN pageviews v ON v.click_id = c.event_id AND v.ts >= c.ts"
                        + " AND v.ts <= c.ts + " + b.sessionTimeoutMillis()
                        + " GROUP BY c.event_id, c.campaign_id, c.source_id, c.w");
        s.add("CREATE TEMPORARY VIEW bounce AS SELECT s.campaign_id, s.source_id, s.w, cw.spend AS basis, "
                + scaled(b.multiplier()) + " AS m FROM (SELECT campaign_id, source_id, w,"
                + " SUM(CASE WHEN session_views >= 1 THEN 1 ELSE 0 END) AS landed,"
                + " SUM(CASE WHEN session_views = 1 THEN 1 ELSE 0 END) AS bounced FROM sessions"
                + " GROUP BY campaign_id, source_id, w) s JOIN click_windows cw ON cw.campaign_id = s.campaign_id"
                + " AND cw.source_id = s.source_id AND cw.w = s.w WHERE s.landed >= " + b.minSessions()
                + " AND s.bounced * " + SCALE + " > " + scaled(b.maxBounceRate()) + " * s.landed");

        // INVALID_TRAFFIC: bot user agent, data-centre ip, or a repeat of the previous click of the same client
        s.add("CREATE TEMPORARY VIEW classified AS SELECT campaign_id, source_id, w, cost_micros,"
                + " CASE WHEN IS_BOT(user_agent) OR IN_DATACENTER(ip) OR (ip IS NOT NULL AND ts - LAG(ts) OVER"
                + " (PARTITION BY campaign_id, source_id, ip, user_agent ORDER BY ts, event_id) <= "
                + i.duplicateWindowMillis() + ") THEN 1 ELSE 0 END AS invalid FROM clicks");
        s.add("CREATE TEMPORARY VIEW ivt AS SELECT campaign_id, source_id, w, invalid_spend AS basis, "
                + scaled(i.multiplier()) + " AS m FROM (SELECT campaign_id, source_id, w, COUNT(*) AS clicks,"
                + " SUM(invalid) AS invalid, SUM(invalid * cost_micros) AS invalid_spend FROM classified"
                + " GROUP BY campaign_id, source_id, w) WHERE clicks >= " + i.minClicks() + " AND invalid * "
                + SCALE + " > " + scaled(i.maxIvtRate()) + " * clicks");

        // IMPRESSION_GAP: each period's latest report against the impressions measured in it
        s.add("CREATE TEMPORARY VIEW impression_windows AS SELECT campaign_id, source_id, w, COUNT(*) AS measured"
                + " FROM impressions GROUP BY campaign_id, source_id, w");
        s.add("CREATE TEMPORARY VIEW gap AS SELECT r.campaign_id, r.source_id, r.period_start AS w, r.impressions,"
                + " r.cost_micros, COALESCE(SUM(iw.measured), 0) AS measured FROM (SELECT * FROM (SELECT *,"
                + " ROW_NUMBER() OVER (PARTITION BY campaign_id, source_id, period_start, period_end"
                + " ORDER BY ts DESC, report_id DESC) AS latest FROM reports) WHERE latest = 1) r"
                + " LEFT JOIN impression_windows iw ON iw.campaign_id = r.campaign_id AND iw.source_id = r.source_id"
                + " AND iw.w >= r.period_start AND iw.w < r.period_end"
                + " GROUP BY r.campaign_id, r.source_id, r.period_start, r.impressions, r.cost_micros");

        // Claims: one spend claim per window (the largest basis x multiplier, then the larger multiplier)
        String rounded = "CAST((2 * basis * m + " + SCALE + ") / (2 * " + SCALE + ") AS BIGINT)";
        s.add("CREATE TEMPORARY VIEW claims AS SELECT 'SPEND' AS kind, campaign_id, source_id, w, " + rounded
                + " AS amount FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY campaign_id, source_id, w"
                + " ORDER BY basis * m DESC, m DESC) AS pick FROM (SELECT * FROM underpriced UNION ALL"
                + " SELECT * FROM bounce UNION ALL SELECT * FROM ivt)) WHERE pick = 1"
                + " UNION ALL SELECT 'IMPRESSIONS' AS kind, campaign_id, source_id, w,"
                + " CAST((2 * cost_micros * (impressions - measured) * " + scaled(g.multiplier())
                + " + impressions * " + SCALE + ") / (2 * impressions * " + SCALE + ") AS BIGINT) AS amount FROM gap"
                + " WHERE impressions >= " + g.minReportedImpressions() + " AND measured * " + SCALE + " < "
                + scaled(g.minDeliveryRatio()) + " * impressions");
        return s;
    }

    private static String table(Path input, String stream, String columns) {
        return "CREATE TEMPORARY TABLE `" + stream + "-raw` (" + columns + ") WITH ('connector' = 'filesystem',"
                + " 'path' = '" + input.resolve(stream + ".jsonl").toUri() + "', 'format' = 'json',"
                + " 'json.ignore-parse-errors' = 'true')";
    }

    /** An exact decimal times 10^6 as a BIGINT literal (contract ratios have at most 6 decimals). */
    private static String scaled(BigDecimal d) {
        return "CAST(" + d.movePointRight(6).toBigIntegerExact() + " AS BIGINT)";
    }

    private static String claim(String kind, String campaign, String source, long windowStart, long amount) {
        return String.join(
                "|", kind, campaign, source, Instant.ofEpochMilli(windowStart).toString(), amount + "");
    }

    /** The replay's claims, the latest revision of each id, those with an amount. */
    private static List<String> replayClaims(Path file) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> latest = new TreeMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode c = json.readTree(line);
                latest.merge(
                        c.path("claim_id").asText(),
                        c,
                        (a, b) -> a.path("revision").asLong()
                                        >= b.path("revision").asLong()
                                ? a
                                : b);
            }
        }
        List<String> claims = new ArrayList<>();
        for (JsonNode c : latest.values()) {
            if (c.path("amount_micros").asLong() > 0) {
                claims.add(claim(
                        c.path("kind").asText(),
                        c.path("campaign_id").asText(),
                        c.path("source_id").asText(),
                        Instant.parse(c.path("window_start").asText()).toEpochMilli(),
                        c.path("amount_micros").asLong()));
            }
        }
        claims.sort(null);
        return claims;
    }

    /** Declared bots, as the replay's classifier decides them. */
    public static final class IsBot extends ScalarFunction {
        public boolean eval(String userAgent) {
            return UserAgents.isBot(userAgent);
        }
    }

    /** Data-centre addresses of a range file, as the replay's classifier decides them. */
    public static final class InDatacenter extends ScalarFunction {
        private final String file;
        private transient DatacenterRanges ranges;

        public InDatacenter(String file) {
            this.file = file;
        }

        @Override
        public void open(FunctionContext context) {
            ranges = DatacenterRanges.read(Path.of(file));
        }

        public boolean eval(String ip) {
            return ranges.contains(ip);
        }
    }
}
