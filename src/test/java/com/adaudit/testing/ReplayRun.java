package com.adaudit.testing;

import com.adaudit.replay.ReplayHarness;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the replay harness in this JVM (on the test's MiniCluster) and reads what it wrote. */
public final class ReplayRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final Path output;

    private ReplayRun(Path output) {
        this.output = output;
    }

    public static ReplayRun of(Path dir, Traffic traffic, String... contracts) throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));
        for (Map.Entry<String, List<String>> e : traffic.lines().entrySet()) {
            Files.write(input.resolve(e.getKey() + ".jsonl"), e.getValue(), StandardCharsets.UTF_8);
        }
        Path contractFile = dir.resolve("contracts.json");
        Files.writeString(contractFile, "[" + String.join(",", contracts) + "]");
        Path output = dir.resolve("out");
        ReplayHarness.replay(input, output, contractFile, 2);
        return new ReplayRun(output);
    }

    public List<JsonNode> claims() {
        return read("claims.jsonl");
    }

    public List<JsonNode> flags() {
        return read("flags.jsonl");
    }

    public List<JsonNode> deadLetters() {
        return read("dead-letters.jsonl");
    }

    public List<JsonNode> late() {
        return read("late.jsonl");
    }

    public JsonNode summary() {
        try {
            return JSON.readTree(output.resolve("summary.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The summary figure of a stream, e.g. {@code figure("clicks", "duplicate")}. */
    public long figure(String stream, String figure) {
        return summary().get("streams").get(stream).get(figure).asLong();
    }

    private List<JsonNode> read(String file) {
        try {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : Files.readAllLines(output.resolve(file))) {
                nodes.add(JSON.readTree(line));
            }
            return nodes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
