package com.adaudit.admission;

import com.adaudit.contracts.Contract;
import com.adaudit.contracts.ContractBook;
import com.adaudit.contracts.ContractParser;
import com.adaudit.contracts.InvalidContractException;
import com.adaudit.events.DeadLetter;
import com.adaudit.events.RawRecord;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Validates contract updates of the {@code contracts} topic once, before they are broadcast: an
 * invalid contract, an older or equal version, or a campaign another contract governs goes to
 * the dead letters and the version in force stays. Keyed by a constant, so one instance sees
 * every update in topic order.
 */
public class ContractUpdateValidator extends KeyedProcessFunction<Integer, RawRecord, Contract> {

    public static final String STREAM = "contracts";

    private final ContractBook initial;
    private final OutputTag<DeadLetter> deadLetters;

    private transient MapState<String, Contract> applied;
    private transient StreamFigures.Figure read;
    private transient StreamFigures.Figure accepted;
    private transient StreamFigures.Figure rejected;

    public ContractUpdateValidator(ContractBook initial, OutputTag<DeadLetter> deadLetters) {
        this.initial = initial;
        this.deadLetters = deadLetters;
    }

    @Override
    public void open(OpenContext openContext) {
        applied = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "applied-contracts", BasicTypeInfo.STRING_TYPE_INFO, TypeInformation.of(Contract.class)));
        read = StreamFigures.register(getRuntimeContext(), STREAM, StreamFigures.READ);
        accepted = StreamFigures.register(getRuntimeContext(), STREAM, StreamFigures.ACCEPTED);
        rejected = StreamFigures.register(getRuntimeContext(), STREAM, StreamFigures.REJECTED);
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<Contract> out) throws Exception {
        read.inc();
        try {
            Contract update = ContractParser.parse(raw.value());
            ContractBook book = initial;
            for (Map.Entry<String, Contract> e : applied.entries()) {
                book = book.with(e.getValue());
            }
            Contract inForce = book.byId(update.contractId());
            if (inForce != null && update.version() <= inForce.version()) {
                throw new InvalidContractException(
                        update.contractId(),
                        "version",
                        "stale: " + update.version() + " is not newer than " + inForce.version() + " in force");
            }
            book.with(update); // checks that no other contract governs its campaigns
            applied.put(update.contractId(), update);
            accepted.inc();
            out.collect(update);
        } catch (InvalidContractException e) {
            rejected.inc();
            ctx.output(
                    deadLetters,
                    DeadLetter.of(
                            STREAM,
                            "invalid_contract: " + e.getMessage(),
                            raw.value(),
                            0,
                            raw.value().length,
                            raw.origin()));
        }
    }
}
