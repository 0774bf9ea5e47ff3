package com.adaudit.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.testing.BlankLines;
import com.adaudit.testing.FlinkCluster;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission under fuzzed input: random bytes, broken UTF-8, lone surrogates, deep nesting, huge
 * numbers, duplicate keys and mutated valid records. The replay exits 0, and every line read is
 * accepted, rejected (with a dead letter), a duplicate or late.
 */
class FuzzAdmissionIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] VALID = {
        "{\"event_id\":\"i%d\",\"ts\":1795341600000,\"campaign_id\":\"c-42\",\"source_id\":\"s1\"}",
        "{\"event_id\":\"c%d\",\"ts\":1795341600000,\"campaign_id\":\"c-42\",\"source_id\":\"s1\",\"cost_micros\":650000,"
                + "\"currency\":\"CNY\"}",
        "{\"event_id\":\"p%d\",\"ts\":1795341600000,\"click_id\":\"c1\",\"campaign_id\":\"c-42\",\"source_id\":\"s1\"}",
        "{\"report_id\":\"r%d\",\"ts\":1795345200000,\"campaign_id\":\"c-42\",\"source_id\":\"s3\","
                + "\"period_start\":1795341600000,\"period_end\":1795345200000,\"impressions\":20000,"
                + "\"cost_micros\":40000000,\"currency\":\"CNY\"}",
    };
    private static final List<String> STREAMS = List.of("impressions", "clicks", "pageviews", "vendor-reports");

    @Test
    void everyFuzzedLineIsAccountedForAndTheReplayExitsZero(@TempDir Path dir) throws Exception {
        Random random = new Random(20261201);
        Path input = Files.createDirectories(dir.resolve("in"));
        long[] counted = new long[STREAMS.size()];
        for (int s = 0; s < STREAMS.size(); s++) {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            for (int i = 0; i < 400; i++) {
                byte[] line = fuzzed(random, String.format(VALID[s], i % 350));
                file.write(line);
                file.write('\n');
                if (!BlankLines.isBlank(line)) {
                    counted[s]++;
                }
            }
            Files.write(input.resolve(STREAMS.get(s) + ".jsonl"), file.toByteArray());
        }
        Path out = dir.resolve("out");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ReplayHarness.run(
                new String[] {
                    "--input",
                    input.toString(),
                    "--output",
                    out.toString(),
                    "--contracts",
                    "src/test/resources/sample/contracts.json"
                },
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));

        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        long rejected = 0;
        for (int s = 0; s < STREAMS.size(); s++) {
            JsonNode f = summary.get("streams").get(STREAMS.get(s));
            long read = f.get("read").asLong();
            assertEquals(counted[s], read, STREAMS.get(s) + ": every non-blank line is read");
            assertEquals(
                    read,
                    f.get("accepted").asLong()
                            + f.get("rejected").asLong()
                            + f.get("duplicate").asLong()
                            + f.get("late").asLong(),
                    STREAMS.get(s) + ": read = accepted + rejected + duplicate + late");
            assertTrue(f.get("rejected").asLong() > 100, STREAMS.get(s) + ": the fuzz rejects most lines");
            assertTrue(f.get("accepted").asLong() > 0, STREAMS.get(s) + ": and leaves some intact");
            rejected += f.get("rejected").asLong();
        }
        List<String> deadLetters = Files.readAllLines(out.resolve("dead-letters.jsonl"), StandardCharsets.UTF_8);
        assertEquals(rejected, deadLetters.size(), "a dead letter for every rejected line");
        for (String d : deadLetters) {
            assertTrue(JSON.readTree(d).get("reason").asText().matches("[a-z_0-9]+: .*"), d);
        }
    }

    private static byte[] fuzzed(Random random, String valid) {
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        return switch (random.nextInt(12)) {
            case 0 -> valid.getBytes(StandardCharsets.UTF_8); // intact
            case 1 -> randomBytes(random, 1 + random.nextInt(200));
            case 2 -> flipBytes(random, bytes);
            case 3 -> java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length)); // cut short
            case 4 -> ("[".repeat(2000 + random.nextInt(5000)) + "]".repeat(100)).getBytes(StandardCharsets.UTF_8);
            case 5 -> valid.replace("\"s1\"", "\"\\ud800\"")
                    .replace("\"s3\"", "\"x\\udfffy\"")
                    .getBytes(StandardCharsets.UTF_8);
            case 6 -> valid.replaceFirst("\"ts\":\\d+", "\"ts\":1" + "0".repeat(30 + random.nextInt(400)))
                    .getBytes(StandardCharsets.UTF_8);
            case 7 -> valid.replaceFirst("\"ts\":\\d+", "\"ts\":1e400").getBytes(StandardCharsets.UTF_8);
            case 8 -> valid.replace("{", "{\"campaign_id\":7,").getBytes(StandardCharsets.UTF_8); // duplicate key
            case 9 -> valid.replace("}", ",\"deep\":" + "{\"a\":".repeat(300) + "1" + "}".repeat(300) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            case 10 -> new byte[] {' ', '\t', '\r'}; // blank: skipped, not counted
            default -> withInvalidUtf8(random, bytes);
        };
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return noNewlines(b);
    }

    private static byte[] flipBytes(Random random, byte[] valid) {
        byte[] b = valid.clone();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
        return noNewlines(b);
    }

    private static byte[] withInvalidUtf8(Random random, byte[] valid) {
        byte[][] bad = {
            {(byte) 0xC3},
            {(byte) 0xFF},
            {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}
        };
        byte[] insert = bad[random.nextInt(bad.length)];
        int at = valid.length / 2;
        List<Byte> out = new ArrayList<>();
        for (int i = 0; i < valid.length; i++) {
            if (i == at) {
                for (byte x : insert) {
                    out.add(x);
                }
            }
            out.add(valid[i]);
        }
        byte[] b = new byte[out.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = out.get(i);
        }
        return b;
    }

    private static byte[] noNewlines(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                b[i] = 'x';
            }
        }
        return b;
    }
}
