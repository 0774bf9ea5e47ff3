package com.adaudit.testing;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniCluster that integration tests run the pipeline on: one TaskManager, two slots. */
public final class FlinkCluster {

    private FlinkCluster() {}

    public static MiniClusterExtension create() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(2)
                .build());
    }
}
