package com.adaudit.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who used the machine's CPU over an interval: the job, this benchmark process (the producer and
 * the output watchers), and the rest (the broker, the OS), in percent of one core. It shows
 * whether the job had CPU left to take when it fell behind.
 */
final class CpuShares {

    private final JobProcess job;
    private final long startNanos;
    private final long startMachineBusyTicks;
    private final double startJobSeconds;
    private final long startBenchNanos;

    private CpuShares(JobProcess job) throws IOException {
        this.job = job;
        this.startNanos = System.nanoTime();
        this.startMachineBusyTicks = machineBusyTicks();
        this.startJobSeconds = job.cpuSeconds();
        this.startBenchNanos = benchCpuNanos();
    }

    static CpuShares start(JobProcess job) throws IOException {
        return new CpuShares(job);
    }

    /** The shares since {@link #start}, in percent of one core. */
    Map<String, Object> sinceStart() throws IOException {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        double machine = (machineBusyTicks() - startMachineBusyTicks) / (double) JobProcess.CLOCK_TICKS_PER_SECOND;
        double jobCpu = job.cpuSeconds() - startJobSeconds;
        double bench = (benchCpuNanos() - startBenchNanos) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("cores", Runtime.getRuntime().availableProcessors());
        r.put("machine_busy_percent", Math.round(100 * machine / wall));
        r.put("job_percent", Math.round(100 * jobCpu / wall));
        r.put("producer_and_watchers_percent", Math.round(100 * bench / wall));
        r.put("broker_and_rest_percent", Math.round(100 * (machine - jobCpu - bench) / wall));
        return r;
    }

    /** All CPUs' busy time from the first line of /proc/stat: user, nice, system, irq, softirq. */
    private static long machineBusyTicks() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        return Long.parseLong(f[1])
                + Long.parseLong(f[2])
                + Long.parseLong(f[3])
                + Long.parseLong(f[6])
                + Long.parseLong(f[7]);
    }

    private static long benchCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
