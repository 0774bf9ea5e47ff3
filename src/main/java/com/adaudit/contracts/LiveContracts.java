package com.adaudit.contracts;

import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The contracts in force on one operator instance: the initial book from {@code conf/} with the
 * validated updates of the {@code contracts} topic (broadcast state) on top. Lookups go to a
 * merged {@link ContractBook} that is rebuilt only when an update arrives or after a restore.
 */
public final class LiveContracts implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** Broadcast state: contract id to its newest validated version. */
    public static final MapStateDescriptor<String, Contract> UPDATES = new MapStateDescriptor<>(
            "contract-updates", BasicTypeInfo.STRING_TYPE_INFO, TypeInformation.of(Contract.class));

    private final ContractBook initial;
    private transient ContractBook current;

    public LiveContracts(ContractBook initial) {
        this.initial = initial;
    }

    /** The contracts in force, merging the broadcast updates on first use after (re)start. */
    public ContractBook current(ReadOnlyBroadcastState<String, Contract> updates) throws Exception {
        if (current == null) {
            ContractBook merged = initial;
            for (Map.Entry<String, Contract> e : updates.immutableEntries()) {
                merged = merged.with(e.getValue());
            }
            current = merged;
        }
        return current;
    }

    /** Puts a validated update into this operator's broadcast state and the merged book. */
    public void apply(BroadcastState<String, Contract> updates, Contract update) throws Exception {
        updates.put(update.contractId(), update);
        if (current != null) {
            current = current.with(update);
        }
    }
}
