package com.adaudit.differential;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A generated replay input: the contract file and the raw lines of each input stream (bytes, so
 * that a scenario can hold lines that are not valid UTF-8).
 */
record Scenario(long seed, String contractsJson, String datacenterRanges, Map<String, List<byte[]>> lines) {

    static final List<String> STREAMS = List.of("impressions", "clicks", "pageviews", "vendor-reports");

    /** The same lines, each stream's in another order. */
    Scenario shuffled(long shuffleSeed) {
        Random random = new Random(shuffleSeed);
        Map<String, List<byte[]>> mixed = new LinkedHashMap<>();
        for (Map.Entry<String, List<byte[]>> e : lines.entrySet()) {
            List<byte[]> copy = new ArrayList<>(e.getValue());
            Collections.shuffle(copy, random);
            mixed.put(e.getKey(), copy);
        }
        return new Scenario(seed, contractsJson, datacenterRanges, mixed);
    }

    /** Writes the streams into {@code input} (gzipped where {@code gzip} says) and the contracts beside it. */
    Path write(Path dir, boolean gzip) throws IOException {
        Path input = Files.createDirectories(dir.resolve("in"));
        for (Map.Entry<String, List<byte[]>> e : lines.entrySet()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (byte[] line : e.getValue()) {
                bytes.write(line);
                bytes.write('\n');
            }
            Path file = input.resolve(e.getKey() + (gzip ? ".jsonl.gz" : ".jsonl"));
            try (OutputStream out =
                    gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
                bytes.writeTo(out);
            }
        }
        Files.writeString(dir.resolve("contracts.json"), contractsJson);
        Files.writeString(dir.resolve("datacenter-ranges.txt"), datacenterRanges);
        return input;
    }
}
