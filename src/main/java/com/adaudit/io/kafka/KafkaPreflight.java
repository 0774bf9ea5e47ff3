package com.adaudit.io.kafka;

import com.adaudit.config.AuditConfig;
import com.adaudit.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks at submission, with the job's own client settings, that the brokers answer, accept the
 * credentials and let them describe every topic of the job. A job submitted with bad credentials
 * fails over for ever: Flink restarts it, the Kafka clients retry, and the log fills with
 * reconnections while the cause is stated nowhere or once among thousands of lines. Stopping here
 * says it once, names the setting, and submits nothing. Read and write permissions are not
 * checked (Kafka offers no dry run for them); a topic that does not exist yet is not an error.
 */
public final class KafkaPreflight {

    private KafkaPreflight() {}

    /** Stops with a {@link ConfigException} naming the setting at fault; a timeout of zero skips the check. */
    public static void check(AuditConfig config) {
        Duration timeout = config.preflightTimeout();
        if (timeout.isZero()) {
            return;
        }
        Properties props = new Properties();
        props.putAll(config.kafkaClient());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "adaudit-preflight");
        try (Admin admin = Admin.create(props)) {
            await(admin.describeCluster().clusterId(), timeout, config, null);
            List<String> roles = new ArrayList<>(AuditConfig.TOPIC_ROLES);
            Map<String, KafkaFuture<?>> described = new LinkedHashMap<>();
            admin.describeTopics(roles.stream().map(config::topic).distinct().toList())
                    .topicNameValues()
                    .forEach(described::put);
            for (String role : roles) {
                await(described.get(config.topic(role)), timeout, config, role);
            }
        }
    }

    private static void await(KafkaFuture<?> future, Duration timeout, AuditConfig config, String topicRole) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("kafka.preflight-timeout", "interrupted while checking the brokers");
        } catch (TimeoutException e) {
            throw unreachable(config, timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnknownTopicOrPartitionException) {
                return;
            }
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(config, timeout);
            }
            if (cause instanceof AuthenticationException) {
                throw new ConfigException(
                        credentialsKey(cause),
                        "the Kafka brokers at " + config.bootstrapServers() + " rejected the credentials: "
                                + cause.getMessage());
            }
            if (cause instanceof AuthorizationException) {
                String key = topicRole == null ? "kafka.client.sasl.jaas.config" : "kafka.topic." + topicRole;
                String what = topicRole == null ? "the cluster" : "topic " + config.topic(topicRole);
                throw new ConfigException(
                        key,
                        "the credentials may not describe " + what + " (the brokers' ACLs): " + cause.getMessage());
            }
            throw new ConfigException(
                    "kafka.bootstrap-servers",
                    "checking the brokers at " + config.bootstrapServers() + " failed: " + cause);
        }
    }

    private static ConfigException unreachable(AuditConfig config, Duration timeout) {
        return new ConfigException(
                "kafka.bootstrap-servers",
                "no Kafka broker at " + config.bootstrapServers() + " answered within " + timeout
                        + " (kafka.preflight-timeout); check the address, and kafka.client.security.protocol:"
                        + " a broker that requires authentication drops clients that do not offer it");
    }

    private static String credentialsKey(Throwable cause) {
        if (cause instanceof SaslAuthenticationException) {
            return "kafka.client.sasl.jaas.config";
        }
        if (cause instanceof SslAuthenticationException) {
            return "kafka.client.ssl.keystore.location";
        }
        return "kafka.client.security.protocol";
    }
}
