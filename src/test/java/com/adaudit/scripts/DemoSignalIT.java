package com.adaudit.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo as a supervisor stops it: SIGTERM to the script's own pid (not to its process group)
 * while the broker, the job, the streamer and the tail run. Nothing it started is left running.
 */
class DemoSignalIT {

    @Test
    void sigtermToTheScriptStopsEveryProcessItStarted(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("demo.out");
        Process demo = new ProcessBuilder("bash", "scripts/demo.sh", "--hours", "2", "--speedup", "60")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            while (!read(output).contains("tail: reading") && demo.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertTrue(read(output).contains("tail: reading"), "the demo did not get to its tail:\n" + read(output));
            List<ProcessHandle> started = demo.descendants().toList();
            assertTrue(started.stream().anyMatch(p -> command(p).contains("kafka.Kafka")), "a broker runs");
            assertTrue(started.stream().anyMatch(p -> command(p).contains("com.adaudit.AdAuditJob")), "the job runs");

            demo.destroy(); // SIGTERM to the script alone
            assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "the demo did not stop on SIGTERM");
            assertEquals(130, demo.exitValue(), read(output));
            for (ProcessHandle p : started) {
                p.onExit().get(30, TimeUnit.SECONDS);
                assertFalse(p.isAlive(), "left running: " + command(p));
            }
            assertTrue(read(output).contains("demo: stopping"), read(output));
        } finally {
            // whatever the outcome, a failed run must not leave a broker on the demo's port
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** The full command line (ProcessHandle.Info cuts long ones, and a JVM's classpath is long). */
    private static String command(ProcessHandle p) {
        try {
            return new String(
                            Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
                            StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return p.info().commandLine().orElse("(gone)");
        }
    }
}
