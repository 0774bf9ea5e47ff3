package com.adaudit.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/replay.sh} as analysts run it, over the bundled sample: the first replay of a
 * build writes the class archive, the next one starts from it, and both write the sample's
 * expected files; bad input exits 2 and writes no archive.
 */
class ReplayScriptIT {

    private static final Path SAMPLE = Path.of("src/test/resources/sample");
    private static final Path ARCHIVE = Path.of("target/replay-classes.jsa");
    private static final List<String> OUTPUTS =
            List.of("flags.jsonl", "claims.jsonl", "quality.jsonl", "dead-letters.jsonl", "late.jsonl", "summary.json");

    private record Run(int exit, String output) {}

    @Test
    void theFirstReplayOfABuildWritesTheArchiveAndTheNextStartsFromIt(@TempDir Path dir) throws Exception {
        Files.deleteIfExists(ARCHIVE);
        Run first = replay(SAMPLE, dir.resolve("first"), "");
        assertEquals(0, first.exit(), first.output());
        assertTrue(Files.isRegularFile(ARCHIVE), "no archive after the first replay:\n" + first.output());
        FileTime written = Files.getLastModifiedTime(ARCHIVE);

        // -Xshare:on stops the JVM at start unless it maps the archive
        Run second = replay(SAMPLE, dir.resolve("second"), "-Xshare:on");
        assertEquals(0, second.exit(), second.output());
        assertEquals(written, Files.getLastModifiedTime(ARCHIVE), "the second replay wrote the archive again");
        for (String file : OUTPUTS) {
            String expected = Files.readString(SAMPLE.resolve("expected").resolve(file));
            assertEquals(expected, Files.readString(dir.resolve("first").resolve(file)), file);
            assertEquals(expected, Files.readString(dir.resolve("second").resolve(file)), file);
        }
        assertEquals(List.of(), temporaryArchives());
    }

    @Test
    void aMissingInputDirectoryExitsTwoAndWritesNoArchive(@TempDir Path dir) throws Exception {
        Files.deleteIfExists(ARCHIVE);
        Run run = replay(dir.resolve("missing"), dir.resolve("out"), "");
        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("does not exist"), run.output());
        assertFalse(Files.exists(ARCHIVE), "a failed replay wrote an archive");
        assertEquals(List.of(), temporaryArchives());
    }

    private static Run replay(Path input, Path output, String javaOptions) throws Exception {
        Path log = Files.createTempFile("replay-script", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(
                            "bash",
                            "scripts/replay.sh",
                            "--input",
                            input.toString(),
                            "--output",
                            output.toString(),
                            "--contracts",
                            SAMPLE.resolve("contracts.json").toString(),
                            "--parallelism",
                            "2")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("ADAUDIT_JAVA_OPTS", javaOptions);
            Process p = builder.start();
            assertTrue(p.waitFor(3, TimeUnit.MINUTES), "replay.sh did not finish");
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** What a replay that writes the archive leaves beside it until it has succeeded. */
    private static List<Path> temporaryArchives() throws IOException {
        try (Stream<Path> files = Files.list(ARCHIVE.getParent())) {
            return new ArrayList<>(files.filter(f -> f.getFileName().toString().startsWith("replay-classes.jsa."))
                    .toList());
        }
    }
}
