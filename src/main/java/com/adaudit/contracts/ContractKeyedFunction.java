package com.adaudit.contracts;

import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A keyed function that judges its input under the contracts in force: the broadcast contract
 * updates are applied here, once for every rule stage, and {@link #contracts} gives the merged
 * book to look terms up in.
 */
public abstract class ContractKeyedFunction<K, IN, OUT> extends KeyedBroadcastProcessFunction<K, IN, Contract, OUT> {

    private final LiveContracts contracts;

    protected ContractKeyedFunction(LiveContracts contracts) {
        this.contracts = contracts;
    }

    @Override
    public final void processBroadcastElement(Contract update, Context ctx, Collector<OUT> out) throws Exception {
        contracts.apply(ctx.getBroadcastState(LiveContracts.UPDATES), update);
    }

    /** The contracts in force (also from a timer: its context is a read-only one). */
    protected ContractBook contracts(ReadOnlyContext ctx) throws Exception {
        return contracts.current(ctx.getBroadcastState(LiveContracts.UPDATES));
    }
}
