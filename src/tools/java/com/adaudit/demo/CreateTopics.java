package com.adaudit.demo;

import com.adaudit.config.AuditConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates AdAudit's topics with the configured names: the inputs and outputs with the given
 * partitions, the contracts topic compacted with one partition (updates keep their order).
 *
 * <pre>CreateTopics [--partitions 2] [any AdAudit setting, e.g. --kafka.bootstrap-servers HOST:PORT,
 *     --config FILE, --kafka.client.KEY VALUE]</pre>
 *
 * <p>Like the job, it takes the {@code kafka.client.*} settings (SASL, TLS) for its admin client.
 */
public final class CreateTopics {

    private CreateTopics() {}

    public static void main(String[] args) throws Exception {
        int partitions = 2;
        List<String> settings = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--partitions")) {
                partitions = Integer.parseInt(args[i + 1]);
            } else {
                settings.add(args[i]);
                settings.add(args[i + 1]);
            }
        }
        AuditConfig config = AuditConfig.load(settings.toArray(String[]::new));
        List<NewTopic> topics = new ArrayList<>();
        for (String role : AuditConfig.TOPIC_ROLES) {
            topics.add(
                    role.equals("contracts")
                            ? new NewTopic(config.topic(role), 1, (short) 1)
                                    .configs(Map.of("cleanup.policy", "compact"))
                            : new NewTopic(config.topic(role), partitions, (short) 1));
        }
        try (Admin admin = Admin.create(ToolClients.map(config))) {
            admin.createTopics(topics).all().get();
        }
        System.out.println("topics: created " + topics.size() + " topics on " + config.bootstrapServers());
    }
}
