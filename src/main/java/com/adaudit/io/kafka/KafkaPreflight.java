package com.adaudit.io.kafka;

import com.adaudit.config.AuditConfig;
import com.adaudit.config.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTransactionsResult;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks at submission, with the job's own client settings, that the brokers answer, accept the
 * credentials and let them describe every topic of the job, its consumer group and its sinks'
 * transactional ids. A job submitted with bad credentials
 * fails over for ever: Flink restarts it, the Kafka clients retry, and the log fills with
 * reconnections while the cause is stated nowhere or once among thousands of lines. Stopping here
 * says it once, names the setting, and submits nothing. Read and write permissions are not
 * checked (Kafka offers no dry run for them; an ACL that allows them allows describing too); a
 * topic, group or transactional id that does not exist yet is not an error.
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
            await(admin.describeCluster().clusterId(), timeout, config, "kafka.client.sasl.jaas.config", "the cluster");
            Map<String, KafkaFuture<TopicDescription>> topics = admin.describeTopics(AuditConfig.TOPIC_ROLES.stream()
                            .map(config::topic)
                            .distinct()
                            .toList())
                    .topicNameValues();
            for (String role : AuditConfig.TOPIC_ROLES) {
                await(
                        topics.get(config.topic(role)),
                        timeout,
                        config,
                        "kafka.topic." + role,
                        "topic " + config.topic(role));
            }
            await(
                    admin.describeConsumerGroups(List.of(config.groupId()))
                            .describedGroups()
                            .get(config.groupId()),
                    timeout,
                    config,
                    "kafka.group-id",
                    "consumer group " + config.groupId());
            // one id of each sink: a prefixed ACL on the prefix covers every id the sink makes
            List<String> transactionalIds = KafkaSinks.OUTPUT_ROLES.stream()
                    .map(role -> KafkaSinks.transactionalIdPrefix(config, role) + "-0-1")
                    .toList();
            DescribeTransactionsResult transactions = admin.describeTransactions(transactionalIds);
            for (String id : transactionalIds) {
                await(
                        transactions.description(id),
                        timeout,
                        config,
                        "kafka.transactional-id-prefix",
                        "transactional id " + id);
            }
        }
    }

    private static void await(KafkaFuture<?> future, Duration timeout, AuditConfig config, String key, String what) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("kafka.preflight-timeout", "interrupted while checking the brokers");
        } catch (TimeoutException e) {
            throw unreachable(config, timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnknownTopicOrPartitionException
                    || cause instanceof GroupIdNotFoundException
                    || cause instanceof TransactionalIdNotFoundException) {
                return; // not there yet: the job creates it
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
