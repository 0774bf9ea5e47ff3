package com.adaudit.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.testing.FlinkCluster;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay harness as analysts use it: the bundled sample gives its expected files, in any
 * line order and from gzip, and bad invocations fail with a clear message.
 */
class ReplayHarnessIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    static final Path SAMPLE = Path.of("src/test/resources/sample");
    static final Path CONTRACTS = SAMPLE.resolve("contracts.json");
    static final List<String> STREAMS = List.of("impressions", "clicks", "pageviews", "vendor-reports");
    static final List<String> OUTPUTS =
            List.of("flags.jsonl", "claims.jsonl", "quality.jsonl", "dead-letters.jsonl", "late.jsonl", "summary.json");

    @Test
    void theBundledSampleGivesItsExpectedFiles(@TempDir Path out) throws Exception {
        ReplayHarness.replay(SAMPLE, out, CONTRACTS, 2);
        // docs/reference.md's worked examples, by hand: s1 spend 26000000 * max(1.0, 2.0); s3 40000000 * 5000 / 20000,
        // then revision 2 at 0 after the corrected report; pub-9's invalid traffic: 4 bots, 3 data-centre ips and 2
        // duplicates of 42 clicks at 500000, 9 / 42 > 0.10, refunded 4500000 * 2.0
        List<String> claims = Files.readAllLines(out.resolve("claims.jsonl"));
        assertEquals(4, claims.size());
        assertTrue(claims.get(0).contains("\"reasons\":[\"HIGH_BOUNCE_RATE\",\"UNDERPRICED_SOURCE\"]"));
        assertTrue(claims.get(0).contains("\"amount_micros\":52000000"));
        assertTrue(
                claims.get(1).contains("\"reasons\":[\"INVALID_TRAFFIC\"]")
                        && claims.get(1).contains("\"basis_micros\":4500000")
                        && claims.get(1).contains("\"amount_micros\":9000000")
                        && claims.get(1)
                                .contains(
                                        "\"ivt_by_category\":{\"bot_user_agent\":4,\"datacenter_ip\":3,\"duplicate_click\":2}"));
        assertTrue(claims.get(2).contains("\"revision\":1") && claims.get(2).contains("\"amount_micros\":1000000"));
        assertTrue(claims.get(3).contains("\"revision\":2") && claims.get(3).contains("\"amount_micros\":0,"));
        for (String file : OUTPUTS) {
            assertEquals(
                    Files.readString(SAMPLE.resolve("expected").resolve(file)),
                    Files.readString(out.resolve(file)),
                    file);
        }
    }

    @Test
    void theOrderOfInputLinesDoesNotChangeAByte(@TempDir Path dir) throws Exception {
        Path shuffled = Files.createDirectories(dir.resolve("shuffled"));
        Random random = new Random(42);
        for (String stream : STREAMS) {
            List<String> lines = new ArrayList<>(Files.readAllLines(SAMPLE.resolve(stream + ".jsonl")));
            Collections.shuffle(lines, random);
            Files.write(shuffled.resolve(stream + ".jsonl"), lines);
        }
        ReplayHarness.replay(SAMPLE, dir.resolve("a"), CONTRACTS, 2);
        ReplayHarness.replay(shuffled, dir.resolve("b"), CONTRACTS, 1);
        for (String file : List.of("flags.jsonl", "claims.jsonl", "quality.jsonl", "late.jsonl", "summary.json")) {
            assertArrayEquals(
                    Files.readAllBytes(dir.resolve("a").resolve(file)),
                    Files.readAllBytes(dir.resolve("b").resolve(file)),
                    file);
        }
    }

    @Test
    void readsGzippedInput(@TempDir Path dir) throws Exception {
        Path gz = Files.createDirectories(dir.resolve("gz"));
        for (String stream : STREAMS) {
            try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz.resolve(stream + ".jsonl.gz")))) {
                o.write(Files.readAllBytes(SAMPLE.resolve(stream + ".jsonl")));
            }
        }
        ReplayHarness.replay(gz, dir.resolve("out"), CONTRACTS, 2);
        for (String file : List.of("flags.jsonl", "claims.jsonl", "quality.jsonl", "late.jsonl", "summary.json")) {
            assertEquals(
                    Files.readString(SAMPLE.resolve("expected").resolve(file)),
                    Files.readString(dir.resolve("out").resolve(file)),
                    file);
        }
    }

    @Test
    void aMissingInputDirectoryExitsNonZeroWithAClearMessage(@TempDir Path dir) {
        Invocation run = Invocation.of(
                "--input",
                dir.resolve("nope").toString(),
                "--output",
                dir.toString(),
                "--contracts",
                CONTRACTS.toString());
        assertEquals(2, run.exit);
        assertTrue(run.err.contains("input directory " + dir.resolve("nope") + " does not exist"), run.err);
        assertFalse(run.err.contains("usage:"), "not an argument error: no usage line");
    }

    @Test
    void helpExitsZeroAndNamesEveryOptionWithItsDefault() {
        Invocation run = Invocation.of("--help");
        assertEquals(0, run.exit);
        for (String option : List.of("--input DIR", "--output DIR", "--contracts FILE", "--parallelism N")) {
            assertTrue(run.out.contains(option), option + " in " + run.out);
        }
        assertTrue(run.out.contains("default: conf/contracts.json") && run.out.contains("at most 4"), run.out);
    }

    @Test
    void theSummaryLineCountsEveryFigureAndWarnsWhenNoContractFits(@TempDir Path dir) throws Exception {
        Invocation run = Invocation.of(
                "--input",
                SAMPLE.toString(),
                "--output",
                dir.resolve("a").toString(),
                "--contracts",
                CONTRACTS.toString());
        assertEquals(0, run.exit);
        assertTrue(
                run.out.matches(
                        "(?s)replay: 1767 records read \\(\\d+ accepted, \\d+ rejected, \\d+ duplicate, 1 late\\), "
                                + "4 flags, .*"),
                run.out);
        assertFalse(run.err.contains("warning"), run.err);

        Path otherContracts = dir.resolve("other.json");
        Files.writeString(
                otherContracts,
                "[" + com.adaudit.testing.ContractJson.contract("X", 1, "[\"c-999\"]", "PT1H", "") + "]");
        Invocation unmatched = Invocation.of(
                "--input",
                SAMPLE.toString(),
                "--output",
                dir.resolve("b").toString(),
                "--contracts",
                otherContracts.toString());
        assertEquals(0, unmatched.exit);
        assertTrue(
                unmatched.err.contains(
                        "warning: no record belongs to a campaign of the contracts in " + otherContracts),
                unmatched.err);
    }

    @Test
    void anInvalidContractExitsNonZeroNamingTheContractAndField(@TempDir Path dir) throws Exception {
        Path contracts = dir.resolve("contracts.json");
        Files.writeString(
                contracts, Files.readString(CONTRACTS).replace("\"max_bounce_rate\": 0.70", "\"max_bounce_rate\": 7"));
        Invocation run = Invocation.of(
                "--input",
                SAMPLE.toString(),
                "--output",
                dir.resolve("out").toString(),
                "--contracts",
                contracts.toString());
        assertEquals(2, run.exit);
        assertTrue(run.err.contains("contract K-2026-001: field rules.high_bounce_rate.max_bounce_rate"), run.err);
        assertFalse(run.err.contains("usage:"), "a contract error is not an argument error");
    }

    @Test
    void anUnreadableFileExitsNonZero(@TempDir Path dir) throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));
        Files.writeString(input.resolve("clicks.jsonl.gz"), "this is not gzip");
        Invocation run = Invocation.of(
                "--input",
                input.toString(),
                "--output",
                dir.resolve("out").toString(),
                "--contracts",
                CONTRACTS.toString());
        assertEquals(2, run.exit);
        assertTrue(run.err.contains("cannot read " + input.resolve("clicks.jsonl.gz")), run.err);
    }

    @Test
    void aMissingArgumentExitsNonZeroWithUsage() {
        Invocation run = Invocation.of("--output", "x");
        assertEquals(2, run.exit);
        assertTrue(run.err.contains("--input is required") && run.err.contains("usage:"), run.err);
    }

    private record Invocation(int exit, String out, String err) {
        static Invocation of(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = ReplayHarness.run(
                    args,
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Invocation(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
