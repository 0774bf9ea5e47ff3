package com.adaudit.replay;

import com.adaudit.contracts.ContractParser;
import com.adaudit.events.Decoded;
import com.adaudit.events.EventCodec;
import com.adaudit.events.EventStream;
import com.adaudit.events.InputEvent;
import com.adaudit.events.Origin;
import com.adaudit.events.RawRecord;
import com.adaudit.pipeline.AuditPipeline;
import com.adaudit.pipeline.AuditSources;
import com.adaudit.pipeline.PipelineSettings;
import com.adaudit.rules.ivt.DatacenterRanges;
import com.adaudit.testing.BlankLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The pipeline in STREAMING mode, as the live job runs it, fed each stream's lines in the order
 * given (one reader per stream, like a partition) with a watermark after every event: the largest
 * {@code ts} so far minus the out-of-orderness. Writes the replay's output files, so that the two
 * compare byte for byte.
 */
public final class StreamingReplay {

    private StreamingReplay() {}

    public static void run(
            Map<String, List<byte[]>> linesInDeliveryOrder,
            Path contractsFile,
            Path datacenterRanges,
            Path output,
            long outOfOrdernessMillis)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        AuditPipeline.recordHandling(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        Files.createDirectories(output);
        ReplayHarness.run(
                env,
                new DeliveredSources(linesInDeliveryOrder, outOfOrdernessMillis),
                ContractParser.readFile(contractsFile),
                PipelineSettings.DEFAULTS.withDatacenterRanges(DatacenterRanges.read(datacenterRanges)),
                output);
    }

    /** A line of a stream with its number in the delivery order. */
    public record Line(long number, byte[] bytes) {}

    private static final class DeliveredSources implements AuditSources {

        private final Map<String, List<byte[]>> lines;
        private final long outOfOrderness;

        DeliveredSources(Map<String, List<byte[]>> lines, long outOfOrderness) {
            this.lines = lines;
            this.outOfOrderness = outOfOrderness;
        }

        @Override
        public <E extends InputEvent> DataStream<Decoded<E>> events(
                StreamExecutionEnvironment env, EventStream<E> stream) {
            String name = stream.kind().wireName();
            List<Line> numbered = new ArrayList<>();
            for (byte[] bytes : lines.getOrDefault(name, List.of())) {
                if (!BlankLines.isBlank(bytes)) {
                    numbered.add(new Line(numbered.size() + 1, bytes));
                }
            }
            if (numbered.isEmpty()) {
                return empty(env, stream.decodedType(), "deliver-" + name);
            }
            long lag = outOfOrderness;
            return env.fromData(numbered, TypeInformation.of(Line.class))
                    .name("deliver-" + name)
                    .map(new Decode<>(stream), stream.decodedType())
                    .setParallelism(1)
                    .name("decode-" + name)
                    .assignTimestampsAndWatermarks(
                            WatermarkStrategy.<Decoded<E>>forGenerator(ctx -> new EveryEvent<>(lag))
                                    .withTimestampAssigner((decoded, previous) -> decoded.eventTimeOrMin()))
                    .setParallelism(1)
                    .name("event-time-" + name);
        }

        @Override
        public DataStream<RawRecord> contractUpdates(StreamExecutionEnvironment env) {
            return empty(env, TypeInformation.of(RawRecord.class), "no-contract-updates");
        }

        private static <T> DataStream<T> empty(StreamExecutionEnvironment env, TypeInformation<T> type, String name) {
            FlatMapFunction<Long, T> nothing = (n, out) -> {};
            return env.fromSequence(0, 0).name(name).flatMap(nothing, type).name(name);
        }
    }

    private static final class Decode<E extends InputEvent> extends RichMapFunction<Line, Decoded<E>> {
        private final EventStream<E> stream;
        private transient EventCodec<E> codec;

        Decode(EventStream<E> stream) {
            this.stream = stream;
        }

        @Override
        public void open(OpenContext openContext) {
            codec = stream.newCodec();
        }

        @Override
        public Decoded<E> map(Line line) {
            return codec.decode(line.bytes(), Origin.ofFile(stream.kind().wireName() + ".jsonl", line.number()));
        }
    }

    /** A watermark after every event: the live job's bounded out-of-orderness, without waiting for a period. */
    private static final class EveryEvent<T> implements WatermarkGenerator<T> {
        private final long lag;
        private long maxTs = Long.MIN_VALUE;

        EveryEvent(long lag) {
            this.lag = lag;
        }

        @Override
        public void onEvent(T event, long timestamp, WatermarkOutput output) {
            if (timestamp > maxTs) {
                maxTs = timestamp;
                output.emitWatermark(new Watermark(maxTs - lag - 1));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }
}
