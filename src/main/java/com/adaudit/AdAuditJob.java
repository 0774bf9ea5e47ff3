package com.adaudit;

import com.adaudit.config.AuditConfig;
import com.adaudit.config.ConfigException;
import com.adaudit.contracts.ContractBook;
import com.adaudit.contracts.ContractParser;
import com.adaudit.contracts.InvalidContractException;
import com.adaudit.io.kafka.KafkaPreflight;
import com.adaudit.io.kafka.KafkaSinks;
import com.adaudit.io.kafka.KafkaSources;
import com.adaudit.pipeline.AuditPipeline;
import com.adaudit.rules.ivt.DatacenterRanges;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The streaming job: Kafka in, the AdAudit pipeline, Kafka out with exactly-once transactions.
 *
 * <pre>flink run target/adaudit-*-job.jar [--config conf/adaudit.properties] [--key value ...]</pre>
 *
 * A bad setting, an invalid contract, or brokers that do not answer or refuse the credentials
 * stop it before it is submitted, with a message that names the key or the contract and field.
 */
public final class AdAuditJob {

    private AdAuditJob() {}

    public static void main(String[] args) throws Exception {
        AuditConfig config;
        ContractBook contracts;
        DatacenterRanges datacenters;
        Configuration flink;
        try {
            config = AuditConfig.load(args);
            contracts = ContractParser.readFile(config.contractsFile());
            datacenters = datacenterRanges(config);
            KafkaPreflight.check(config);
            flink = flinkConfiguration(config);
        } catch (ConfigException | InvalidContractException e) {
            System.err.println("adaudit: " + e.getMessage());
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        define(env, config, contracts, datacenters);
        env.execute("adaudit");
    }

    /** The data-centre ranges of {@code ivt.datacenter-ranges}, read by the client at submission. */
    public static DatacenterRanges datacenterRanges(AuditConfig config) {
        try {
            return DatacenterRanges.read(config.datacenterRangesFile());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("ivt.datacenter-ranges", e.getMessage());
        }
    }

    /** The job graph on {@code env}: the pipeline between Kafka sources and sinks. */
    public static void define(StreamExecutionEnvironment env, AuditConfig config, ContractBook contracts) {
        define(env, config, contracts, datacenterRanges(config));
    }

    public static void define(
            StreamExecutionEnvironment env, AuditConfig config, ContractBook contracts, DatacenterRanges datacenters) {
        env.setParallelism(config.parallelism());
        AuditPipeline.define(
                env,
                new KafkaSources(config),
                new KafkaSinks(config),
                contracts,
                config.pipeline().withDatacenterRanges(datacenters));
    }

    /**
     * Streaming, exactly-once checkpoints, the chosen state backend, the latency knobs, and how
     * records travel; then the {@code flink.*} settings, which may not override any of those: each
     * has a setting of its own, and two places for one value would leave the reader guessing.
     */
    public static Configuration flinkConfiguration(AuditConfig config) {
        Configuration conf = auditedFlinkConfiguration(config);
        config.flink().forEach((key, value) -> {
            if (conf.containsKey(key)) {
                throw new ConfigException(
                        "flink." + key, "is set by AdAudit's own settings (see conf/adaudit.properties)");
            }
            conf.setString(key, value);
        });
        return conf;
    }

    private static Configuration auditedFlinkConfiguration(AuditConfig config) {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        AuditPipeline.recordHandling(conf);
        conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, config.watermarkInterval());
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, config.bufferTimeout());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(StateBackendOptions.STATE_BACKEND, config.stateBackend().name().toLowerCase());
        // RocksDB uploads only the files new since the last checkpoint: a full snapshot of a day of
        // de-duplication ids took longer than the checkpoint interval (docs/benchmarks.md)
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        if (!config.checkpointDirectory().isEmpty()) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDirectory());
        }
        return conf;
    }
}
