package com.adaudit.replay;

import com.adaudit.admission.StreamFigures;
import com.adaudit.contracts.Contract;
import com.adaudit.contracts.ContractBook;
import com.adaudit.contracts.Rule;
import com.adaudit.events.StreamKind;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code summary.json} of docs/reference.md: per-stream figures (every stream, zeros included), flags per
 * rule, and per contract and currency the claims counted once each at their latest revision.
 */
final class Summary {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] FIGURES = {
        StreamFigures.READ, StreamFigures.ACCEPTED, StreamFigures.REJECTED, StreamFigures.DUPLICATE, StreamFigures.LATE
    };

    private Summary() {}

    static Map<String, Object> of(
            Map<String, Object> accumulators, List<String> flagLines, List<String> claimLines, ContractBook contracts)
            throws JsonProcessingException {
        Map<String, Object> streams = new LinkedHashMap<>();
        for (StreamKind stream : StreamKind.values()) {
            Map<String, Long> figures = new LinkedHashMap<>();
            for (String figure : FIGURES) {
                Object value = accumulators.get(StreamFigures.accumulatorName(stream.wireName(), figure));
                figures.put(figure, value == null ? 0L : ((Number) value).longValue());
            }
            streams.put(stream.wireName(), figures);
        }

        Map<String, Long> flags = new LinkedHashMap<>();
        for (Rule rule : Rule.values()) {
            flags.put(rule.name(), 0L);
        }
        for (String line : flagLines) {
            flags.merge(JSON.readTree(line).get("rule").asText(), 1L, Long::sum);
        }

        // claims.jsonl is sorted by claim_id then revision: the last line of an id is its latest revision
        Map<String, JsonNode> latest = new TreeMap<>();
        for (String line : claimLines) {
            JsonNode claim = JSON.readTree(line);
            latest.put(claim.get("claim_id").asText(), claim);
        }
        Map<String, long[]> perContract = new TreeMap<>();
        for (Contract c : contracts.all()) {
            perContract.put(c.contractId() + '\u0000' + c.currency(), new long[2]);
        }
        for (JsonNode claim : latest.values()) {
            long[] totals = perContract.computeIfAbsent(
                    claim.get("contract_id").asText()
                            + '\u0000'
                            + claim.get("currency").asText(),
                    k -> new long[2]);
            totals[0]++;
            totals[1] += claim.get("amount_micros").asLong();
        }
        List<Map<String, Object>> claims = new ArrayList<>();
        perContract.forEach((key, totals) -> {
            String[] parts = key.split("\u0000");
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("contract_id", parts[0]);
            entry.put("currency", parts[1]);
            entry.put("count", totals[0]);
            entry.put("amount_micros", totals[1]);
            claims.add(entry);
        });

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("streams", streams);
        summary.put("flags", flags);
        summary.put("claims", claims);
        return summary;
    }

    static String toJson(Map<String, Object> summary) throws JsonProcessingException {
        return JSON.writeValueAsString(summary) + "\n";
    }
}
