package com.adaudit.admission;

import com.adaudit.admission.StreamFigures.Figure;
import com.adaudit.contracts.Contract;
import com.adaudit.contracts.LiveContracts;
import com.adaudit.events.DeadLetter;
import com.adaudit.events.Decoded;
import com.adaudit.events.EventJson;
import com.adaudit.events.InputEvent;
import com.adaudit.events.StreamKind;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * First stage of every input stream: counts each record read, sends decoding rejections and
 * contract rejections (currency, period alignment) to the dead letters, and stamps the rest with
 * the {@link com.adaudit.events.Governance} of the contract in force for its campaign.
 */
public class ContractAdmission<E extends InputEvent> extends BroadcastProcessFunction<Decoded<E>, Contract, E> {

    private final StreamKind stream;
    private final Governor<E> governor;
    private final LiveContracts contracts;
    private final OutputTag<DeadLetter> deadLetters;

    private transient Figure read;
    private transient Figure rejected;
    private transient Figure ungoverned;

    public ContractAdmission(
            StreamKind stream, Governor<E> governor, LiveContracts contracts, OutputTag<DeadLetter> deadLetters) {
        this.stream = stream;
        this.governor = governor;
        this.contracts = contracts;
        this.deadLetters = deadLetters;
    }

    @Override
    public void open(OpenContext openContext) {
        read = StreamFigures.register(getRuntimeContext(), stream, StreamFigures.READ);
        rejected = StreamFigures.register(getRuntimeContext(), stream, StreamFigures.REJECTED);
        ungoverned = StreamFigures.register(getRuntimeContext(), stream, StreamFigures.UNGOVERNED);
    }

    @Override
    public void processElement(Decoded<E> decoded, ReadOnlyContext ctx, Collector<E> out) throws Exception {
        read.inc();
        if (decoded.rejection() != null) {
            reject(ctx, decoded.rejection());
            return;
        }
        E event = decoded.event();
        Contract contract =
                contracts.current(ctx.getBroadcastState(LiveContracts.UPDATES)).forCampaign(event.campaignId());
        String problem = governor.rejection(event, contract);
        if (problem != null) {
            // the raw bytes are gone after decoding: the dead letter carries the event as read
            reject(ctx, new DeadLetter(stream.wireName(), problem, EventJson.encode(event), decoded.origin()));
            return;
        }
        if (contract == null) {
            ungoverned.inc();
        }
        out.collect(governor.govern(event, contract));
    }

    private void reject(ReadOnlyContext ctx, DeadLetter deadLetter) {
        rejected.inc();
        ctx.output(deadLetters, deadLetter);
    }

    @Override
    public void processBroadcastElement(Contract update, Context ctx, Collector<E> out) throws Exception {
        contracts.apply(ctx.getBroadcastState(LiveContracts.UPDATES), update);
    }
}
