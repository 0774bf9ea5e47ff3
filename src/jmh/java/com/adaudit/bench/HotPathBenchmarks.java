package com.adaudit.bench;

import com.adaudit.admission.Governor;
import com.adaudit.claims.ClaimIds;
import com.adaudit.claims.Money;
import com.adaudit.contracts.Contract;
import com.adaudit.contracts.ContractParser;
import com.adaudit.events.Click;
import com.adaudit.events.Decoded;
import com.adaudit.events.EventCodec;
import com.adaudit.events.Origin;
import com.adaudit.rules.ivt.DatacenterRanges;
import com.adaudit.rules.ivt.UserAgents;
import com.adaudit.rules.underpriced.ClickTallyAggregate;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The per-event and per-claim hot paths, without Flink around them. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathBenchmarks {

    private static final byte[] CLICK = ("{\"event_id\":\"k-c-0-src-0-3-1795341600000-17\",\"ts\":1795342043117,"
                    + "\"campaign_id\":\"c-42\",\"source_id\":\"src-0-3\",\"cost_micros\":987654,\"currency\":\"CNY\","
                    + "\"ip\":\"10.1.2.3\",\"user_agent\":\"Mozilla/5.0\"}")
            .getBytes(StandardCharsets.UTF_8);
    private static final Origin ORIGIN = Origin.ofFile("clicks.jsonl", 1);

    private EventCodec<Click> codec;
    private Contract contract;
    private Click click;
    private ClickTallyAggregate aggregate;
    private ClickTallyAggregate.Sums sums;
    private BigDecimal multiplier;
    private DatacenterRanges datacenters;
    private long coldUserAgents;

    @Setup
    public void setUp() {
        codec = EventCodec.clicks();
        contract = ContractParser.parse(("{\"contract_id\":\"K\",\"vendor\":\"V\",\"version\":1,\"currency\":\"CNY\","
                        + "\"campaign_ids\":[\"c-42\"],\"rules\":{\"underpriced_source\":{},\"high_bounce_rate\":{}}}")
                .getBytes(StandardCharsets.UTF_8));
        click = codec.decode(CLICK, ORIGIN).event();
        aggregate = new ClickTallyAggregate();
        sums = aggregate.createAccumulator();
        multiplier = new BigDecimal("2.0");
        datacenters = DatacenterRanges.read(Path.of("conf/datacenter-ranges.txt"));
        UserAgents.warmUp();
    }

    /** A user agent seen before: the analyzer's cache answers. */
    @Benchmark
    public boolean userAgentWarmCache() {
        return UserAgents.isBot("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/120.0.0.0 Safari/537.36");
    }

    /** A user agent never seen before (a new build number each call): a full YAUAA analysis. */
    @Benchmark
    public boolean userAgentColdCache() {
        return UserAgents.isBot("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/120.0." + (coldUserAgents++) + ".0 Safari/537.36");
    }

    /** An IPv4 lookup in the shipped list's tries (about 42k IPv4 and 9k IPv6 ranges). */
    @Benchmark
    public boolean datacenterIpv4Lookup() {
        return datacenters.contains("198.51.100.23");
    }

    @Benchmark
    public boolean datacenterIpv6Lookup() {
        return datacenters.contains("2001:310::9");
    }

    /** Parse and validate one click record. */
    @Benchmark
    public Decoded<Click> decodeClick() {
        return codec.decode(CLICK, ORIGIN);
    }

    /** Stamp a click with its contract's window, deadlines and rules. */
    @Benchmark
    public Click governClick() {
        return Governor.CLICKS.govern(click, contract);
    }

    /** Add a click to its window's sums. */
    @Benchmark
    public ClickTallyAggregate.Sums aggregateClick() {
        return aggregate.add(click, sums);
    }

    /** The exact amounts and the id of a claim. */
    @Benchmark
    public long claimAmountAndId() {
        long spend = Money.spendAmount(26_000_123, multiplier);
        long impressions = Money.impressionAmount(40_000_000, 20_000, 15_000, multiplier);
        return spend
                + impressions
                + ClaimIds.claimId(
                                "K",
                                com.adaudit.claims.ClaimKind.SPEND,
                                "c-42",
                                "src-0-3",
                                1795341600000L,
                                1795345200000L)
                        .length();
    }
}
