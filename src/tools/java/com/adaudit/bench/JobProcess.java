package com.adaudit.bench;

import com.adaudit.AdAuditJob;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The streaming job in a JVM of its own (a local Flink environment, as {@code AdAuditJob} runs
 * without a cluster), so that its memory and CPU are measured apart from the load generator.
 * It inherits this JVM's class path and {@code --add-opens} options.
 */
final class JobProcess implements AutoCloseable {

    static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final Process process;

    private JobProcess(Process process) {
        this.process = process;
    }

    /**
     * Starts the job with {@code heap} as its maximum heap (e.g. "1g"), JVM options {@code jvmOptions}
     * besides this JVM's, and AdAudit settings {@code settings}; with {@code profile}, a JFR
     * recording goes to {@code job.jfr} beside the log.
     */
    static JobProcess start(String heap, List<String> jvmOptions, List<String> settings, Path log, boolean profile)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-Xmx") && !option.startsWith("-Xms")) {
                command.add(option);
            }
        }
        command.add("-Xmx" + heap);
        command.addAll(jvmOptions);
        if (profile) {
            command.add("-XX:StartFlightRecording=settings=profile,filename=" + log.resolveSibling("job.jfr"));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(AdAuditJob.class.getName());
        command.addAll(settings);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // RocksDB allocates through malloc; glibc's default of 8 arenas per core lets fragmentation
        // grow the RSS; README "Streaming job" asks the same of TaskManagers.
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        Process process = builder.start();
        // a SIGTERM or Ctrl-C to the benchmark must not leave the job running
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-benchmarked-job"));
        return new JobProcess(process);
    }

    /** Fails with the job's log when the job has ended, which a streaming job never does on its own. */
    void checkAlive(Path log) throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("the job exited with " + process.exitValue() + "; its log, " + log + ":\n"
                    + Files.readString(log)
                            .lines()
                            .filter(l -> l.contains("Exception") || l.contains("adaudit:"))
                            .limit(20)
                            .reduce("", (a, b) -> a + b + "\n"));
        }
    }

    /** The peak resident set size so far (VmHWM), in KiB. */
    long peakRssKib() throws IOException {
        return statusField("VmHWM:");
    }

    /** User plus system CPU time consumed so far, in seconds. */
    double cpuSeconds() throws IOException {
        return cpuTicks(Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat")))
                / (double) CLOCK_TICKS_PER_SECOND;
    }

    /**
     * User plus system CPU time of the JIT compiler's threads so far, in seconds: the part of
     * {@link #cpuSeconds} that compiles the job's code rather than running it. A compiler thread
     * that ends takes its time with it; on two cores the JVM has one C1 and one C2 thread, which
     * stay.
     */
    double compilerCpuSeconds() throws IOException {
        long ticks = 0;
        try (DirectoryStream<Path> threads =
                Files.newDirectoryStream(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path thread : threads) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (NoSuchFileException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    ticks += cpuTicks(stat);
                }
            }
        }
        return ticks / (double) CLOCK_TICKS_PER_SECOND;
    }

    /** User plus system clock ticks of a process's or thread's {@code stat} line. */
    private static long cpuTicks(String stat) {
        // the fields after the command name, which is in parentheses and may contain spaces
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private long statusField(String name) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException(name + " missing from /proc status");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
