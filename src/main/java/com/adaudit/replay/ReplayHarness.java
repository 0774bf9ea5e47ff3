package com.adaudit.replay;

import com.adaudit.admission.StreamFigures;
import com.adaudit.contracts.ContractBook;
import com.adaudit.contracts.ContractParser;
import com.adaudit.contracts.InvalidContractException;
import com.adaudit.events.EventStream;
import com.adaudit.events.StreamKind;
import com.adaudit.pipeline.AuditPipeline;
import com.adaudit.pipeline.AuditSources;
import com.adaudit.pipeline.PipelineSettings;
import com.adaudit.rules.ivt.DatacenterRanges;
import com.adaudit.rules.ivt.UserAgents;
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
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
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
            "usage: replay.sh --input DIR --output DIR [--contracts FILE] [--datacenter-ranges FILE] [--parallelism N]";
    static final Path DEFAULT_DATACENTER_RANGES = Path.of("conf/datacenter-ranges.txt");
    static final String HELP = USAGE
            + """

            Replays historical input files through the AdAudit pipeline and writes its outputs.

              --input DIR        directory with impressions, clicks, pageviews and vendor-reports
                                 (.jsonl or .jsonl.gz; whichever are present); required
              --output DIR       where flags.jsonl, claims.jsonl, dead-letters.jsonl, late.jsonl and
                                 summary.json are written (created if missing); required
              --contracts FILE   the contracts, a JSON array (default: conf/contracts.json)
              --datacenter-ranges FILE
                                 data-centre CIDR blocks, one a line, # comments (default:
                                 conf/datacenter-ranges.txt, from X4BNet lists_vpn)
              --parallelism N    Flink parallelism (default: the number of cores, at most 4); the
                                 output does not depend on it
              --help             this text

            Exit status: 0 done, 2 bad arguments or input (missing directory, unreadable file,
            invalid contract), 1 the job failed. docs/reference.md describes every output.""";

    private ReplayHarness() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println(HELP);
            return 0;
        }
        Path contracts;
        try {
            ParameterTool params = ParameterTool.fromArgs(args);
            Path input = Path.of(required(params, "input"));
            Path output = Path.of(required(params, "output"));
            contracts = Path.of(params.get("contracts", "conf/contracts.json"));
            Path ranges = Path.of(params.get("datacenter-ranges", DEFAULT_DATACENTER_RANGES.toString()));
            int parallelism = params.getInt(
                    "parallelism", Math.min(4, Runtime.getRuntime().availableProcessors()));
            Replayed replayed = replay(input, output, contracts, ranges, parallelism);
            out.println(oneLine(replayed.summary(), output));
            String warning = warning(replayed, contracts);
            if (warning != null) {
                err.println("replay: warning: " + warning);
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("replay: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (ReplayException e) {
            err.println("replay: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("replay: failed: " + e);
            return 1;
        }
    }

    /**
     * What a replay wrote to {@code summary.json}, and how many admitted records no contract
     * governs (not a figure of the summary: they are among the accepted, duplicate and late).
     */
    public record Replayed(Map<String, Object> summary, long ungoverned) {}

    /** Replays the input directory into the output directory. */
    public static Replayed replay(Path input, Path output, Path contractsFile, int parallelism) throws Exception {
        return replay(input, output, contractsFile, DEFAULT_DATACENTER_RANGES, parallelism);
    }

    /** Replays the input directory with the data-centre ranges of {@code rangesFile}. */
    public static Replayed replay(Path input, Path output, Path contractsFile, Path rangesFile, int parallelism)
            throws Exception {
        Map<EventStream<?>, List<Path>> files = inputFiles(input);
        ContractBook contracts = readContracts(contractsFile);
        PipelineSettings settings = PipelineSettings.DEFAULTS.withDatacenterRanges(readRanges(rangesFile));
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new ReplayException("cannot create output directory " + output + ": " + e.getMessage());
        }

        if (contracts.all().stream().anyMatch(c -> c.invalidTraffic() != null)) {
            // the user-agent analyzer and the range tries take seconds to build: build them while the first
            // stages read and sort
            Thread warmUp = new Thread(
                    () -> {
                        UserAgents.warmUp();
                        settings.datacenterRanges().warmUp();
                    },
                    "classification-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
        }
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        // The batch shuffle's files stay on this machine, mostly in its page cache: compressing them
        // cost a twentieth of the replay's CPU and saved nothing (docs/benchmarks.md, thirteenth round).
        conf.set(
                NettyShuffleEnvironmentOptions.SHUFFLE_COMPRESSION_CODEC,
                NettyShuffleEnvironmentOptions.CompressionCodec.NONE);
        AuditPipeline.recordHandling(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return run(env, new FileSources(files), contracts, settings, output);
    }

    /**
     * Runs the pipeline on {@code env} from {@code sources} to the end of their data and writes the
     * sorted outputs and the summary into {@code output}.
     */
    static Replayed run(
            StreamExecutionEnvironment env,
            AuditSources sources,
            ContractBook contracts,
            PipelineSettings settings,
            Path output)
            throws Exception {
        CollectedSinks sinks = new CollectedSinks();
        AuditPipeline.define(env, sources, sinks, contracts, settings);

        Map<String, List<ReplayOutput>> byFile = new TreeMap<>();
        for (String file : List.of(
                ReplayOutput.FLAGS,
                ReplayOutput.CLAIMS,
                ReplayOutput.DEAD_LETTERS,
                ReplayOutput.LATE,
                ReplayOutput.QUALITY)) {
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
        Map<String, Object> summary = Summary.of(
                result.getAllAccumulatorResults(),
                lines.get(ReplayOutput.FLAGS),
                lines.get(ReplayOutput.CLAIMS),
                contracts);
        Files.writeString(output.resolve("summary.json"), Summary.toJson(summary), StandardCharsets.UTF_8);
        long ungoverned = 0;
        for (StreamKind stream : StreamKind.values()) {
            Object n = result.getAllAccumulatorResults()
                    .get(StreamFigures.accumulatorName(stream.wireName(), StreamFigures.UNGOVERNED));
            ungoverned += n == null ? 0 : ((Number) n).longValue();
        }
        return new Replayed(summary, ungoverned);
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

    private static DatacenterRanges readRanges(Path file) throws ReplayException {
        try {
            return DatacenterRanges.read(file);
        } catch (IllegalArgumentException e) {
            throw new ReplayException(e.getMessage());
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
        CharsetEncoder utf8 = StandardCharsets.UTF_8
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), utf8))) {
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
        }
    }

    /** The figures an analyst checks first: what was read and where it went, flags, claims per contract. */
    @SuppressWarnings("unchecked")
    static String oneLine(Map<String, Object> summary, Path output) {
        Map<String, Long> totals = totals(summary);
        long flags = ((Map<String, Long>) summary.get("flags"))
                .values().stream().mapToLong(Long::longValue).sum();
        StringBuilder claims = new StringBuilder();
        for (Map<String, Object> c : (List<Map<String, Object>>) summary.get("claims")) {
            claims.append(String.format(
                    " %s: %d claims, %s %s;",
                    c.get("contract_id"),
                    c.get("count"),
                    java.math.BigDecimal.valueOf((Long) c.get("amount_micros"), 6)
                            .toPlainString(),
                    c.get("currency")));
        }
        return "replay: " + totals.get(StreamFigures.READ) + " records read (" + totals.get(StreamFigures.ACCEPTED)
                + " accepted, " + totals.get(StreamFigures.REJECTED) + " rejected, "
                + totals.get(StreamFigures.DUPLICATE) + " duplicate, " + totals.get(StreamFigures.LATE) + " late), "
                + flags + " flags," + claims + " results in " + output;
    }

    /** What deserves a second look although the replay succeeded, or {@code null}. */
    static String warning(Replayed replayed, Path contracts) {
        Map<String, Long> totals = totals(replayed.summary());
        long read = totals.get(StreamFigures.READ);
        if (read > 0 && totals.get(StreamFigures.REJECTED) == read) {
            return "every record was rejected; dead-letters.jsonl says why";
        }
        long governed = read - totals.get(StreamFigures.REJECTED) - replayed.ungoverned();
        if (read > 0 && governed == 0) {
            return "no record belongs to a campaign of the contracts in " + contracts
                    + ", so nothing was judged; pass the contracts the data was made for with --contracts";
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> totals(Map<String, Object> summary) {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (Object figures : ((Map<String, Object>) summary.get("streams")).values()) {
            ((Map<String, Long>) figures).forEach((figure, n) -> totals.merge(figure, n, Long::sum));
        }
        return totals;
    }
}
