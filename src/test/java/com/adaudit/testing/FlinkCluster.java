package com.adaudit.testing;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniCluster that integration tests run the pipeline on: one TaskManager, two slots. */
public final class FlinkCluster {

    private FlinkCluster() {}

    public static MiniClusterExtension create() {
        return create(new Configuration());
    }

    /** With cluster settings, e.g. a metric reporter. */
    public static MiniClusterExtension create(Configuration configuration) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(2)
                .build());
    }
}
