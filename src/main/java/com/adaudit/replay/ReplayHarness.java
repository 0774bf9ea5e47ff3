package com.adaudit.replay;

import com.adaudit.contracts.ContractBook;
import com.adaudit.contracts.ContractParser;
import com.adaudit.contracts.InvalidContractException;
import com.adaudit.events.EventStream;
import com.adaudit.pipeline.AuditPipeline;
import com.adaudit.pipeline.AuditSources;
import com.adaudit.pipeline.PipelineSettings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ParameterTool;

/**
 * {@code scripts/replay.sh --input DIR --output DIR [--contracts FILE] [--parallelism N]}: runs the
 * AdAudit pipeline in batch mode over replay files and writes sorted {@code flags.jsonl},
 * {@code claims.jsonl}, {@code dead-letters.jsonl}, {@code late.jsonl} and {@code summary.json}.
 * Batch mode sorts each keyed stage's input by key and event time, so the output does not depend
 * on the order of the input lines.
 */
public final class ReplayHarness {

    static final String USAGE =
            "usage: replay.sh --input DIR --output DIR [--contracts FILE] [--parallelism N]";

    private ReplayHarness() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            ParameterTool params = ParameterTool.fromArgs(args);
            Path input = Path.of(required(params, "input"));
            Path output = Path.of(required(params, "output"));
            Path contracts = Path.of(params.get("contracts", "conf/contracts.json"));
            int parallelism = params.getInt("parallelism", Math.min(4, Runtime.getRuntime().availableProcessors()));
            Map<String, Object> summary = replay(input, output, contracts, parallelism);
            out.println(oneLine(summary, output));
            return 0;
        } catch (ReplayException | IllegalArgumentException e) {
            err.println("replay: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (Exception e) {
            err.println("replay: failed: " + e);
            return 1;
        }
    }

    /** Replays the input directory into the output directory; returns the summary written. */
    public static Map<String, Object> replay(Path input, Path output, Path contractsFile, int parallelism)
            throws Exception {
        Map<EventStream<?>, List<Path>> files = inputFiles(input);
        ContractBook contracts = readContracts(contractsFile);
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new ReplayException("cannot create output directory " + output + ": " + e.getMessage());
        }

        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        AuditPipeline.recordHandling(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return run(env, new FileSources(files), contracts, output);
    }

    /**
     * Runs the pipeline on {@code env} from {@code sources} to the end of their data and writes the
     * sorted outputs and the summary into {@code output}; returns the summary.
     */
    static Map<String, Object> run(StreamExecutionEnvironment env, AuditSources sources, ContractBook contracts,
            Path output) throws Exception {
        CollectedSinks sinks = new CollectedSinks();
        AuditPipeline.define(env, sources, sinks, contracts, PipelineSettings.DEFAULTS);

        Map<String, List<ReplayOutput>> byFile = new TreeMap<>();
        for (String file : List.of(ReplayOutput.FLAGS, ReplayOutput.CLAIMS, ReplayOutput.DEAD_LETTERS, ReplayOutput.LATE)) {
            byFile.put(file, new ArrayList<>());
        }
        JobExecutionResult result;
        try (CloseableIterator<ReplayOutput> outputs = sinks.all().collectAsync()) {
            JobClient job = env.executeAsync("adaudit-replay");
            outputs.forEachRemaining(o -> byFile.get(o.file()).add(o));
            result = job.getJobExecutionResult().get();
        }

        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (Map.Entry<String, List<ReplayOutput>> e : byFile.entrySet()) {
            List<ReplayOutput> sorted = e.getValue();
            sorted.sort(Comparator.comparing(ReplayOutput::sortKey).thenComparing(ReplayOutput::json));
            List<String> json = sorted.stream().map(ReplayOutput::json).toList();
            lines.put(e.getKey(), json);
            write(output.resolve(e.getKey()), json);
        }
        Map<String, Object> summary = Summary.of(result.getAllAccumulatorResults(),
                lines.get(ReplayOutput.FLAGS), lines.get(ReplayOutput.CLAIMS), contracts);
        Files.writeString(output.resolve("summary.json"), Summary.toJson(summary), StandardCharsets.UTF_8);
        return summary;
    }

    /** Each stream's {@code .jsonl} and {@code .jsonl.gz} files in DIR, checked readable. */
    static Map<EventStream<?>, List<Path>> inputFiles(Path input) throws ReplayException {
        if (!Files.isDirectory(input)) {
            throw new ReplayException("input directory " + input + " does not exist or is not a directory");
        }
        Map<EventStream<?>, List<Path>> files = new LinkedHashMap<>();
        for (EventStream<?> stream : EventStream.ALL) {
            List<Path> found = new ArrayList<>();
            for (String suffix : List.of(".jsonl", ".jsonl.gz")) {
                Path file = input.resolve(stream.kind().wireName() + suffix);
                if (Files.exists(file)) {
                    checkReadable(file);
                    found.add(file);
                }
            }
            files.put(stream, found);
        }
        return files;
    }

    private static void checkReadable(Path file) throws ReplayException {
        try (InputStream in = Files.newInputStream(file)) {
            if (file.toString().endsWith(".gz")) {
                new GZIPInputStream(in).close();
            }
        } catch (IOException e) {
            throw new ReplayException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static ContractBook readContracts(Path file) throws ReplayException {
        if (!Files.isRegularFile(file)) {
            throw new ReplayException("contracts file " + file + " does not exist");
        }
        try {
            return ContractParser.readFile(file);
        } catch (InvalidContractException e) {
            throw new ReplayException("invalid contract: " + e.getMessage());
        }
    }

    private static String required(ParameterTool params, String name) {
        String value = params.get(name);
        // ParameterTool gives a flag written without a value the value "__NO_VALUE_KEY"
        if (value == null || value.isBlank() || value.equals("__NO_VALUE_KEY")) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    /**
     * Admission rejects strings that UTF-8 cannot carry, so every accepted string encodes; should
     * one slip through (a contract's text), it is written replaced rather than failing the replay.
     */
    private static void write(Path file, List<String> lines) throws IOException {
        CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), utf8))) {
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static String oneLine(Map<String, Object> summary, Path output) {
        long read = 0;
        for (Object figures : ((Map<String, Object>) summary.get("streams")).values()) {
            read += (Long) ((Map<String, Object>) figures).get("read");
        }
        long flags = ((Map<String, Long>) summary.get("flags")).values().stream().mapToLong(Long::longValue).sum();
        StringBuilder claims = new StringBuilder();
        for (Map<String, Object> c : (List<Map<String, Object>>) summary.get("claims")) {
            claims.append(String.format(" %s: %d claims, %s %s;", c.get("contract_id"), c.get("count"),
                    java.math.BigDecimal.valueOf((Long) c.get("amount_micros"), 6).toPlainString(), c.get("currency")));
        }
        return "replay: " + read + " records read, " + flags + " flags," + claims + " results in " + output;
    }

}
