package com.adaudit.generate;

import com.adaudit.demo.ToolClients;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Streams replay files (e.g. from {@link TrafficGenerator}) into the input topics in event-time
 * order on an accelerated clock: {@code --speedup 720} plays one hour of event time in five
 * seconds. With {@code --inject-bad N} it then sends N records that are rejected (not JSON, a
 * missing field) and N late copies of the first click (new ids, the first hour's time), so that
 * the dead letters and late events have something to show. At the end it sends a far-future
 * record of an uncontracted campaign to every partition, so that every window closes.
 *
 * <p>Every record is sent until the broker acknowledges it (idempotent, no delivery timeout): a
 * broker outage pauses the stream, and a send that fails for good stops it with an error, so no
 * generated event is lost without a word.
 *
 * <pre>TrafficStreamer --input DIR --bootstrap-servers HOST:PORT [--speedup 720] [--inject-bad 0]
 *     [--config FILE] [--kafka.client.KEY VALUE ...]</pre>
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
        int injectBad = p.getInt("inject-bad", 0);
        Properties props = ToolClients.properties(args);
        props.put("linger.ms", "20");
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("delivery.timeout.ms", Integer.toString(Integer.MAX_VALUE)); // retry until acknowledged
        AtomicReference<Exception> failed = new AtomicReference<>();
        Callback check = (metadata, e) -> {
            if (e != null) {
                failed.compareAndSet(null, e);
            }
        };
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
                producer.send(
                        new ProducerRecord<>(
                                e.stream(), Integer.toString(e.line().hashCode() & 7), e.line()),
                        check);
                sent++;
                stopOnFailure(failed);
            }
            if (injectBad > 0) {
                injectBad(producer, events, injectBad, check);
            }
            long clock = events.get(events.size() - 1).ts() + 7 * 24 * 3_600_000L;
            for (String topic : STREAMS) {
                for (PartitionInfo partition : producer.partitionsFor(topic)) {
                    producer.send(
                            new ProducerRecord<>(topic, partition.partition(), null, clockRecord(topic, clock)), check);
                }
            }
            producer.flush();
            stopOnFailure(failed);
            System.out.println("stream: " + sent + " events sent"
                    + (injectBad > 0 ? ", " + injectBad + " bad and " + injectBad + " late records injected" : "")
                    + ", then a clock record closing every window");
        }
    }

    private static void stopOnFailure(AtomicReference<Exception> failed) {
        if (failed.get() != null) {
            throw new IllegalStateException(
                    "stream: a record could not be delivered, stopping: " + failed.get(), failed.get());
        }
    }

    /** Rejected records, and late copies of the first click: they show on the dead letters and late events. */
    private static void injectBad(KafkaProducer<String, String> producer, List<Timed> events, int n, Callback check)
            throws IOException {
        Timed firstClick = events.stream()
                .filter(e -> e.stream().equals("clicks"))
                .findFirst()
                .orElseThrow();
        for (int i = 0; i < n; i++) {
            producer.send(
                    new ProducerRecord<>(
                            "clicks",
                            i % 2 == 0
                                    ? "{\"event_id\": broken"
                                    : "{\"event_id\":\"no-ts-" + i
                                            + "\",\"campaign_id\":\"c\",\"source_id\":\"s\",\"cost_micros\":1,\"currency\":\"CNY\"}"),
                    check);
            ObjectNode late = (ObjectNode) JSON.readTree(firstClick.line());
            late.put("event_id", "late-" + i);
            producer.send(new ProducerRecord<>("clicks", JSON.writeValueAsString(late)), check);
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
