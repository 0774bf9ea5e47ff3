package com.adaudit.testing;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
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

    /** Keyed state entries of the harness's operator, for harnesses that do not count them (two inputs). */
    public static int keyedStateEntries(AbstractStreamOperatorTestHarness<?> harness) {
        return ((HeapKeyedStateBackend<?>) ((AbstractStreamOperator<?>) harness.getOperator()).getKeyedStateBackend())
                .numKeyValueStateEntries();
    }
}
