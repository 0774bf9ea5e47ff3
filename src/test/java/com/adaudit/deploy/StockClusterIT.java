package com.adaudit.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.config.AuditConfig;
import com.adaudit.testing.KafkaBroker;
import com.adaudit.testing.LiveTraffic;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The deployment story: the job jar carries no tools and nothing a Flink distribution's lib/
 * provides, and it runs on a session cluster whose classpath is a stock Flink lib/ (no Kafka
 * classes) with the default child-first class loading, submitted with the Flink CLI.
 */
class StockClusterIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final Path TARGET = Path.of("target");

    @Test
    void theJobJarHoldsTheJobAndTheKafkaClientsOnly() throws IOException {
        try (ZipFile jar = new ZipFile(jobJar().toFile())) {
            List<String> classes = jar.stream()
                    .map(e -> e.getName())
                    .filter(n -> n.endsWith(".class"))
                    .toList();
            assertTrue(classes.contains("com/adaudit/AdAuditJob.class"));
            assertTrue(classes.stream().anyMatch(n -> n.startsWith("org/apache/kafka/clients/")), "the Kafka client");
            assertTrue(
                    classes.stream().anyMatch(n -> n.startsWith("org/apache/flink/connector/kafka/")), "the connector");
            for (String forbidden : List.of(
                    "com/adaudit/bench/",
                    "com/adaudit/demo/",
                    "com/adaudit/generate/",
                    "org/apache/flink/shaded/",
                    "org/apache/flink/api/",
                    "org/apache/flink/streaming/api/",
                    "org/apache/flink/runtime/",
                    "org/apache/commons/lang3/",
                    "org/apache/logging/",
                    "org/slf4j/")) {
                assertFalse(classes.stream().anyMatch(n -> n.startsWith(forbidden)), "the job jar holds " + forbidden);
            }
            // nothing the cluster's lib/ provides: no class of the job jar is also on the cluster classpath
            Set<String> provided = new HashSet<>();
            for (String path : Files.readString(TARGET.resolve("flink-lib-classpath.txt"))
                    .trim()
                    .split(":")) {
                try (ZipFile lib = new ZipFile(path)) {
                    lib.stream()
                            .map(e -> e.getName())
                            .filter(n -> n.endsWith(".class"))
                            .forEach(provided::add);
                }
            }
            // (multi-release leftovers under META-INF of flink-shaded-jackson are not loaded as such)
            List<String> twice = classes.stream()
                    .filter(n -> !n.startsWith("META-INF/") && provided.contains(n))
                    .limit(5)
                    .toList();
            assertEquals(List.of(), twice, "classes the job jar shares with the cluster's lib/");
        }
        String clusterClasspath = Files.readString(TARGET.resolve("flink-lib-classpath.txt"));
        assertFalse(clusterClasspath.contains("kafka"), "the cluster classpath holds Kafka classes");
        assertTrue(clusterClasspath.contains("flink-runtime-"));
    }

    @Test
    void theJobJarRunsOnAStockClusterWithChildFirstLoading() throws Exception {
        AuditConfig config = AuditConfig.of(java.util.Map.of("kafka.bootstrap-servers", KAFKA.bootstrapServers()));
        LiveTraffic.createTopics(KAFKA, config);
        assertEquals(0, script("start"), "local-cluster.sh start");
        try {
            Run unreachable = run(
                    "submit",
                    "--kafka.bootstrap-servers",
                    "localhost:1",
                    "--kafka.preflight-timeout",
                    "PT3S",
                    "--contracts.file",
                    "src/test/resources/sample/contracts.json");
            assertNotEquals(0, unreachable.exit(), "no broker at the address: the submission fails");
            assertTrue(
                    unreachable.output().contains("setting kafka.bootstrap-servers: no Kafka broker at localhost:1"),
                    unreachable.output());
            assertTrue(get("/jobs/overview").contains("\"jobs\":[]"), "nothing was submitted");
            assertEquals(
                    0,
                    script(
                            "submit",
                            "--kafka.bootstrap-servers",
                            KAFKA.bootstrapServers(),
                            "--contracts.file",
                            "src/test/resources/sample/contracts.json",
                            "--checkpoint.interval",
                            "PT2S"));
            assertEquals(0, script("wait-running", "120"), "the job runs with all its tasks");
            Thread.sleep(10_000); // two checkpoints: sources, operators and transactional sinks all at work
            String jobs = get("/jobs/overview");
            assertTrue(jobs.contains("\"state\":\"RUNNING\""), jobs);
            assertTrue(jobs.contains("\"failed\":0"), jobs);
            String id = jobs.replaceFirst("(?s).*\"jid\":\"([0-9a-f]+)\".*", "$1");
            String exceptions = get("/jobs/" + id + "/exceptions");
            assertTrue(exceptions.contains("\"entries\":[]"), "no failure since the job started: " + exceptions);
            assertTrue(
                    get("/jobs/" + id + "/checkpoints").matches("(?s).*\"completed\":[1-9].*"),
                    "a checkpoint completed");
        } finally {
            script("stop");
        }
    }

    private static Path jobJar() throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            return files.filter(p -> p.getFileName().toString().matches("adaudit-.*-job\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no job jar in target/: failsafe runs after package"));
        }
    }

    private static int script(String... args) throws Exception {
        Run run = run(args);
        if (run.exit() != 0) {
            System.err.println(run.output());
        }
        return run.exit();
    }

    /** How a call of {@code scripts/local-cluster.sh} ended, and what it printed. */
    private record Run(int exit, String output) {}

    private static Run run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "scripts/local-cluster.sh"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("local-cluster", ".log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("local-cluster.sh " + String.join(" ", args) + " did not end");
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static String get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:8081" + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
