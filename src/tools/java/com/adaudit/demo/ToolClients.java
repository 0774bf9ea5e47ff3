package com.adaudit.demo;

import com.adaudit.config.AuditConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The Kafka client settings of every tool, read the job's way ({@link AuditConfig}): the broker
 * from {@code --bootstrap-servers} (or {@code --kafka.bootstrap-servers}), and every
 * {@code kafka.client.*} key (SASL, TLS, ...) from {@code --config FILE} or the command line. A
 * config file keeps secrets such as {@code kafka.client.sasl.jaas.config} out of {@code ps}.
 */
public final class ToolClients {

    private ToolClients() {}

    /** The Kafka arguments among {@code args}, as job settings; the tool's own options are left out. */
    public static AuditConfig config(String[] args) {
        List<String> kafka = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String key = args[i].replaceFirst("^--", "");
            if (key.equals("bootstrap-servers")) {
                key = "kafka.bootstrap-servers";
            }
            if (key.equals("config") || key.startsWith("kafka.")) {
                kafka.add("--" + key);
                kafka.add(args[i + 1]);
            }
        }
        return AuditConfig.load(kafka.toArray(String[]::new));
    }

    /** Client properties: the broker and every {@code kafka.client.*} setting. */
    public static Properties properties(String[] args) {
        Properties props = new Properties();
        props.putAll(map(config(args)));
        return props;
    }

    public static Map<String, Object> map(AuditConfig config) {
        Map<String, Object> props = new LinkedHashMap<>(config.kafkaClient());
        props.put("bootstrap.servers", config.bootstrapServers());
        return props;
    }
}
