package com.adaudit.contracts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads contracts (docs/reference.md "Contracts") and validates every field; an invalid one fails with an
 * {@link InvalidContractException} naming the contract and the field. Decimals are read as
 * {@link BigDecimal}, never as binary floating point.
 */
public final class ContractParser {

    /** Decimals exactly as written: 2.0 stays 2.0 and 0.70 stays 0.70 in flags and claims. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private static final List<String> RULES =
            List.of("underpriced_source", "high_bounce_rate", "impression_gap", "invalid_traffic");
    private static final List<String> UNDERPRICED_KEYS =
            List.of("max_discount", "market_cpc_micros", "min_clicks", "consecutive_windows", "multiplier");
    private static final List<String> BOUNCE_KEYS =
            List.of("max_bounce_rate", "min_sessions", "session_timeout", "consecutive_windows", "multiplier");
    private static final List<String> GAP_KEYS = List.of(
            "min_delivery_ratio", "min_reported_impressions", "report_grace", "consecutive_windows", "multiplier");

    private static final List<String> IVT_KEYS =
            List.of("max_ivt_rate", "min_clicks", "duplicate_window", "consecutive_windows", "multiplier");

    private ContractParser() {}

    /** The contracts file: a JSON array of contracts, checked one by one and against each other. */
    public static ContractBook readFile(Path file) {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new InvalidContractException("contracts file " + file + ": cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            throw new InvalidContractException("contracts file " + file + ": must be a JSON array of contracts");
        }
        List<Contract> contracts = new ArrayList<>();
        for (JsonNode node : root) {
            contracts.add(parse(node));
        }
        return ContractBook.of(contracts);
    }

    /** One contract, e.g. a record of the {@code contracts} topic. */
    public static Contract parse(byte[] json) {
        try {
            return parse(JSON.readTree(json));
        } catch (IOException e) {
            throw new InvalidContractException("contract record: not valid JSON: " + e.getMessage());
        }
    }

    public static Contract parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidContractException("contract record: must be a JSON object");
        }
        String id =
                node.path("contract_id").isTextual() ? node.get("contract_id").asText() : null;
        if (id == null || id.isEmpty()) {
            throw new InvalidContractException(null, "contract_id", "must be a non-empty string");
        }
        Reader r = new Reader(id);
        String vendor = r.requiredText(node, "vendor");
        long version = r.integer(node, "", "version", null, 1);
        String currency = r.requiredText(node, "currency");
        if (!currency.matches("[A-Z]{3}")) {
            throw r.invalid("currency", "must be an ISO 4217 code such as CNY");
        }
        String[] campaigns = r.campaigns(node);
        long window = r.duration(node, "", "window", Contract.DEFAULT_WINDOW_MILLIS, false);

        JsonNode rules = node.get("rules");
        UnderpricedTerms underpriced = null;
        BounceTerms bounce = null;
        GapTerms gap = null;
        InvalidTrafficTerms invalidTraffic = null;
        if (rules != null && !rules.isNull()) {
            if (!rules.isObject()) {
                throw r.invalid("rules", "must be an object");
            }
            for (Iterator<String> names = rules.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!RULES.contains(name)) {
                    throw r.invalid("rules." + name, "unknown rule; known rules are " + RULES);
                }
            }
            underpriced = r.underpriced(rules, window);
            bounce = r.bounce(rules, window);
            gap = r.gap(rules);
            invalidTraffic = r.invalidTraffic(rules, window);
        }
        return new Contract(id, vendor, version, currency, campaigns, window, underpriced, bounce, gap, invalidTraffic);
    }

    /**
     * Field readers that know which contract they read, for the error messages. {@code prefix}
     * is the path of the object read ("" or "rules.impression_gap.").
     */
    private record Reader(String contractId) {

        InvalidContractException invalid(String field, String problem) {
            return new InvalidContractException(contractId, field, problem);
        }

        String requiredText(JsonNode node, String field) {
            JsonNode v = node.get(field);
            if (v == null || !v.isTextual() || v.asText().isEmpty()) {
                throw invalid(field, "must be a non-empty string");
            }
            return v.asText();
        }

        String[] campaigns(JsonNode node) {
            JsonNode v = node.get("campaign_ids");
            if (v == null || !v.isArray() || v.isEmpty()) {
                throw invalid("campaign_ids", "must be a non-empty array of campaign ids");
            }
            Set<String> ids = new LinkedHashSet<>();
            for (JsonNode c : v) {
                if (!c.isTextual() || c.asText().isEmpty()) {
                    throw invalid("campaign_ids", "every campaign id must be a non-empty string");
                }
                if (!ids.add(c.asText())) {
                    throw invalid("campaign_ids", "campaign " + c.asText() + " is listed twice");
                }
            }
            return ids.toArray(String[]::new);
        }

        /** An integer of at least {@code min}; {@code fallback} when absent ({@code null}: required). */
        long integer(JsonNode node, String prefix, String key, Long fallback, long min) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                if (fallback == null) {
                    throw invalid(prefix + key, "is required");
                }
                return fallback;
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw invalid(prefix + key, "must be an integer");
            }
            if (v.asLong() < min) {
                throw invalid(prefix + key, "must be at least " + min);
            }
            return v.asLong();
        }

        BigDecimal decimal(JsonNode node, String prefix, String key, String fallback) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return new BigDecimal(fallback);
            }
            if (!v.isNumber()) {
                throw invalid(prefix + key, "must be a number");
            }
            return v.decimalValue();
        }

        BigDecimal ratio(JsonNode node, String prefix, String key, String fallback) {
            BigDecimal value = decimal(node, prefix, key, fallback);
            if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
                throw invalid(prefix + key, "must be a ratio between 0 and 1");
            }
            return value;
        }

        BigDecimal multiplier(JsonNode node, String prefix) {
            BigDecimal value = decimal(node, prefix, "multiplier", "1.0");
            if (value.signum() <= 0) {
                throw invalid(prefix + "multiplier", "must be positive");
            }
            return value;
        }

        long duration(JsonNode node, String prefix, String key, long fallback, boolean zeroAllowed) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isTextual()) {
                throw invalid(prefix + key, "must be an ISO-8601 duration such as PT1H");
            }
            Duration d;
            try {
                d = Duration.parse(v.asText());
            } catch (DateTimeParseException e) {
                throw invalid(prefix + key, "must be an ISO-8601 duration such as PT1H, not " + v.asText());
            }
            if (d.isNegative() || (!zeroAllowed && d.isZero())) {
                throw invalid(prefix + key, zeroAllowed ? "must not be negative" : "must be positive");
            }
            if (d.getNano() % 1_000_000 != 0) {
                throw invalid(prefix + key, "must be a whole number of milliseconds");
            }
            return d.toMillis();
        }

        /** {@code consecutive_windows}; with a known window, the run must fit in the run span. */
        int consecutiveWindows(JsonNode rule, String prefix, long windowMillis) {
            long k = integer(rule, prefix, "consecutive_windows", 1L, 1);
            if ((k - 1) * windowMillis > Contract.MAX_RUN_SPAN.toMillis()) {
                throw invalid(
                        prefix + "consecutive_windows",
                        "a run of " + k + " windows spans more than " + Contract.MAX_RUN_SPAN.toDays() + " days");
            }
            return (int) k;
        }

        /** The rule's object, or {@code null} when the contract does not enforce it. */
        JsonNode rule(JsonNode rules, String name, List<String> keys) {
            JsonNode rule = rules.get(name);
            if (rule == null || rule.isNull()) {
                return null;
            }
            if (!rule.isObject()) {
                throw invalid("rules." + name, "must be an object");
            }
            for (Iterator<String> it = rule.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!keys.contains(key)) {
                    throw invalid("rules." + name + "." + key, "unknown key; known keys are " + keys);
                }
            }
            return rule;
        }

        UnderpricedTerms underpriced(JsonNode rules, long window) {
            JsonNode rule = rule(rules, "underpriced_source", UNDERPRICED_KEYS);
            if (rule == null) {
                return null;
            }
            String p = "rules.underpriced_source.";
            Long market = rule.hasNonNull("market_cpc_micros") ? integer(rule, p, "market_cpc_micros", null, 1) : null;
            return new UnderpricedTerms(
                    ratio(rule, p, "max_discount", "0.30"),
                    market,
                    integer(rule, p, "min_clicks", 30L, 1),
                    consecutiveWindows(rule, p, window),
                    multiplier(rule, p));
        }

        BounceTerms bounce(JsonNode rules, long window) {
            JsonNode rule = rule(rules, "high_bounce_rate", BOUNCE_KEYS);
            if (rule == null) {
                return null;
            }
            String p = "rules.high_bounce_rate.";
            return new BounceTerms(
                    ratio(rule, p, "max_bounce_rate", "0.70"),
                    integer(rule, p, "min_sessions", 30L, 1),
                    duration(rule, p, "session_timeout", Contract.DEFAULT_SESSION_TIMEOUT_MILLIS, false),
                    consecutiveWindows(rule, p, window),
                    multiplier(rule, p));
        }

        /** Gap runs are over report periods, whose length the contract does not fix. */
        GapTerms gap(JsonNode rules) {
            JsonNode rule = rule(rules, "impression_gap", GAP_KEYS);
            if (rule == null) {
                return null;
            }
            String p = "rules.impression_gap.";
            return new GapTerms(
                    ratio(rule, p, "min_delivery_ratio", "0.90"),
                    integer(rule, p, "min_reported_impressions", 1000L, 1),
                    duration(rule, p, "report_grace", Contract.DEFAULT_REPORT_GRACE_MILLIS, true),
                    consecutiveWindows(rule, p, 0),
                    multiplier(rule, p));
        }

        InvalidTrafficTerms invalidTraffic(JsonNode rules, long window) {
            JsonNode rule = rule(rules, "invalid_traffic", IVT_KEYS);
            if (rule == null) {
                return null;
            }
            String p = "rules.invalid_traffic.";
            long duplicateWindow =
                    duration(rule, p, "duplicate_window", Contract.DEFAULT_DUPLICATE_WINDOW_MILLIS, true);
            if (duplicateWindow > Contract.MAX_DUPLICATE_WINDOW_MILLIS) {
                throw invalid(p + "duplicate_window", "must be at most PT1H");
            }
            return new InvalidTrafficTerms(
                    ratio(rule, p, "max_ivt_rate", "0.10"),
                    integer(rule, p, "min_clicks", 30L, 1),
                    duplicateWindow,
                    consecutiveWindows(rule, p, window),
                    multiplier(rule, p));
        }
    }
}
