package com.adaudit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints what an auditor reads, read_committed, as it arrives: claim revisions, dead letters and
 * late events, each kind in labelled columns, with the seconds since the tail started.
 *
 * <pre>ClaimsTail --bootstrap-servers HOST:PORT [--claims compensation-claims] [--dead-letters dead-letters]
 *     [--late-events late-events] [--config FILE] [--kafka.client.KEY VALUE ...]</pre>
 */
public final class ClaimsTail {

    private static final String CLAIM_ROW = "%7s  %-5s  %-36s %3s %-9s  %-10s %-14s %-11s %-11s %-38s %16s %s%n";
    private static final String DEAD_ROW = "%7s  %-5s  %-14s %-60s %s%n";
    private static final String LATE_ROW = "%7s  %-5s  %-14s %-28s %-17s %s%n";

    private ClaimsTail() {}

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        String claims = p.get("claims", "compensation-claims");
        String deadLetters = p.get("dead-letters", "dead-letters");
        String lateEvents = p.get("late-events", "late-events");
        Properties props = ToolClients.properties(args);
        props.put("group.id", "adaudit-claims-tail-" + ProcessHandle.current().pid());
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", "read_committed");
        ObjectMapper json = new ObjectMapper();
        long start = System.nanoTime();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(claims, deadLetters, lateEvents));
            System.out.println(
                    "tail: reading " + claims + ", " + deadLetters + " and " + lateEvents + " (read_committed)");
            System.out.printf(
                    CLAIM_ROW,
                    "seconds",
                    "what",
                    "claim_id",
                    "rev",
                    "status",
                    "contract",
                    "campaign/source",
                    "window",
                    "kind",
                    "reasons",
                    "amount",
                    "currency");
            System.out.printf(DEAD_ROW, "seconds", "what", "stream", "reason", "from");
            System.out.printf(LATE_ROW, "seconds", "what", "stream", "id", "missed", "deadline");
            while (true) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    String seconds = String.format("%.1f", (System.nanoTime() - start) / 1e9);
                    JsonNode v = json.readTree(r.value());
                    if (r.topic().equals(claims)) {
                        System.out.printf(
                                CLAIM_ROW,
                                seconds,
                                "CLAIM",
                                v.get("claim_id").asText(),
                                v.get("revision").asText(),
                                v.path("status").asText(),
                                v.get("contract_id").asText(),
                                v.get("campaign_id").asText() + "/"
                                        + v.get("source_id").asText(),
                                v.get("window_start").asText().substring(11, 16) + "-"
                                        + v.get("window_end").asText().substring(11, 16),
                                v.get("kind").asText(),
                                v.get("reasons").toString(),
                                BigDecimal.valueOf(v.get("amount_micros").asLong(), 6)
                                        .toPlainString(),
                                v.get("currency").asText());
                    } else if (r.topic().equals(deadLetters)) {
                        System.out.printf(
                                DEAD_ROW,
                                seconds,
                                "DEAD",
                                v.path("stream").asText(),
                                cut(v.path("reason").asText(), 60),
                                v.path("topic").asText() + "/"
                                        + v.path("partition").asText() + "@"
                                        + v.path("offset").asText());
                    } else {
                        JsonNode event = v.path("event");
                        String id = event.has("report_id")
                                ? event.get("report_id").asText()
                                : event.path("event_id").asText();
                        System.out.printf(
                                LATE_ROW,
                                seconds,
                                "LATE",
                                v.path("stream").asText(),
                                cut(id, 28),
                                v.path("missed").asText(),
                                v.path("deadline").asText());
                    }
                }
            }
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
