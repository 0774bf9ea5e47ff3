package com.adaudit.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Streams replay files (e.g. from {@link TrafficGenerator}) into the input topics in event-time
 * order on an accelerated clock: {@code --speedup 720} plays one hour of event time in five
 * seconds. At the end it sends a far-future record of an uncontracted campaign to every
 * partition, so that every window closes.
 *
 * <pre>TrafficStreamer --input DIR --bootstrap-servers HOST:PORT [--speedup 720]</pre>
 */
public final class TrafficStreamer {

    /** The input streams, by their file and default topic name. */
    public static final List<String> STREAMS = List.of("impressions", "clicks", "pageviews", "vendor-reports");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line of a replay file with its event time and stream. */
    public record Timed(long ts, String stream, String line) {}

    private TrafficStreamer() {}

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        Path input = Path.of(p.getRequired("input"));
        double speedup = p.getDouble("speedup", 720);
        List<Timed> events = readInEventTimeOrder(input);
        Properties props = new Properties();
        props.put("bootstrap.servers", p.getRequired("bootstrap-servers"));
        props.put("linger.ms", "20");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            long firstTs = events.get(0).ts();
            long startNanos = System.nanoTime();
            long sent = 0;
            for (Timed e : events) {
                long dueNanos = startNanos + (long) ((e.ts() - firstTs) * 1_000_000 / speedup);
                long wait = dueNanos - System.nanoTime();
                if (wait > 1_000_000) {
                    producer.flush();
                    Thread.sleep(wait / 1_000_000);
                }
                producer.send(new ProducerRecord<>(e.stream(), Integer.toString(e.line().hashCode() & 7), e.line()));
                sent++;
            }
            long clock = events.get(events.size() - 1).ts() + 7 * 24 * 3_600_000L;
            for (String topic : STREAMS) {
                for (PartitionInfo partition : producer.partitionsFor(topic)) {
                    producer.send(new ProducerRecord<>(topic, partition.partition(), null, clockRecord(topic, clock)));
                }
            }
            producer.flush();
            System.out.println("stream: " + sent + " events sent, then a clock record closing every window");
        }
    }

    /** Every line of the stream files in DIR, ordered by event time. */
    public static List<Timed> readInEventTimeOrder(Path input) throws IOException {
        List<Timed> events = new ArrayList<>();
        for (String stream : STREAMS) {
            Path file = input.resolve(stream + ".jsonl");
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    events.add(new Timed(JSON.readTree(line).path("ts").asLong(), stream, line));
                }
            }
        }
        events.sort((a, b) -> Long.compare(a.ts(), b.ts()));
        return events;
    }

    /**
     * A record of stream {@code stream} at {@code ts} for the uncontracted campaign "clock": sent to
     * every partition, it moves every partition's watermark to {@code ts} and changes no claim.
     */
    public static String clockRecord(String stream, long ts) {
        String ids = "\"ts\":" + ts + ",\"campaign_id\":\"clock\",\"source_id\":\"clock\"";
        return switch (stream) {
            case "impressions" -> "{\"event_id\":\"clock\"," + ids + "}";
            case "clicks" -> "{\"event_id\":\"clock\"," + ids + ",\"cost_micros\":0,\"currency\":\"CNY\"}";
            case "pageviews" -> "{\"event_id\":\"clock\"," + ids + ",\"click_id\":\"clock\"}";
            default -> "{\"report_id\":\"clock\"," + ids + ",\"period_start\":" + ts + ",\"period_end\":"
                    + (ts + 3_600_000L) + ",\"impressions\":0,\"cost_micros\":0,\"currency\":\"CNY\"}";
        };
    }
}
