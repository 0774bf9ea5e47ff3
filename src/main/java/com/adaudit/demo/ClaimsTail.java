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
 * Prints claims as an auditor reads them: read_committed, one line per claim revision, with the
 * time since it started.
 *
 * <pre>ClaimsTail --bootstrap-servers HOST:PORT [--topic compensation-claims]</pre>
 */
public final class ClaimsTail {

    private ClaimsTail() {}

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        Properties props = new Properties();
        props.put("bootstrap.servers", p.getRequired("bootstrap-servers"));
        props.put("group.id", "adaudit-claims-tail-" + ProcessHandle.current().pid());
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", "read_committed");
        ObjectMapper json = new ObjectMapper();
        long start = System.nanoTime();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(p.get("topic", "compensation-claims")));
            System.out.println("claims: reading " + p.get("topic", "compensation-claims") + " (read_committed)");
            while (true) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode c = json.readTree(r.value());
                    System.out.printf("%6.1fs  %s rev %d  %s %s/%s  %s..%s  %-11s %-40s %s %s%n",
                            (System.nanoTime() - start) / 1e9, c.get("claim_id").asText(), c.get("revision").asInt(),
                            c.get("contract_id").asText(), c.get("campaign_id").asText(), c.get("source_id").asText(),
                            c.get("window_start").asText().substring(11, 16), c.get("window_end").asText().substring(11, 16),
                            c.get("kind").asText(), c.get("reasons").toString(),
                            BigDecimal.valueOf(c.get("amount_micros").asLong(), 6).toPlainString(),
                            c.get("currency").asText());
                }
            }
        }
    }
}
