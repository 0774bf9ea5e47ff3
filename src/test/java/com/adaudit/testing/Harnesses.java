package com.adaudit.testing;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/** Operator test harnesses, opened fresh or restored from a snapshot. */
public final class Harnesses {

    private Harnesses() {}

    /** Sets the harness up, restores {@code snapshot} unless it is {@code null}, and opens it. */
    public static <H extends AbstractStreamOperatorTestHarness<?>> H open(H harness, OperatorSubtaskState snapshot)
            throws Exception {
        harness.setup();
        if (snapshot != null) {
            harness.initializeState(snapshot);
        }
        harness.open();
        return harness;
    }

    /**
     * The harness's keyed state on the heap ({@code onHeap}, the harness's default) or in RocksDB.
     * In RocksDB with the timers on the heap: RocksDB's timer queue deletes fired timers in a write
     * batch, flushed later, so its entries would be counted as state; the harness counts timers.
     */
    public static <H extends AbstractStreamOperatorTestHarness<?>> H backend(H harness, boolean onHeap) {
        if (!onHeap) {
            EmbeddedRocksDBStateBackend rocksDb = new EmbeddedRocksDBStateBackend();
            rocksDb.setPriorityQueueStateType(EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP);
            harness.setStateBackend(rocksDb);
        }
        return harness;
    }

    /** Keyed state entries of the harness's operator, on either backend (the harnesses count the heap's only). */
    public static int keyedStateEntries(AbstractStreamOperatorTestHarness<?> harness) {
        KeyedStateBackend<?> backend = ((AbstractStreamOperator<?>) harness.getOperator()).getKeyedStateBackend();
        return backend instanceof RocksDBKeyedStateBackend<?> rocksDb
                ? rocksDb.numKeyValueStateEntries()
                : ((HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
    }
}
