package com.adaudit.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.config.AuditConfig;
import com.adaudit.config.ConfigException;
import com.adaudit.io.kafka.KafkaPreflight;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The submission check against a real broker that requires SASL/PLAIN and authorizes with ACLs
 * (the test kit's users: {@code plain-admin}, a super user, and {@code plain-user1}, with no ACLs).
 */
class KafkaPreflightIT {

    private static KafkaClusterTestKit cluster;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                        .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static AuditConfig config(String user, String password, String timeout) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap-servers", cluster.bootstrapServers());
        settings.put("kafka.preflight-timeout", timeout);
        if (user != null) {
            settings.put("kafka.client.security.protocol", "SASL_PLAINTEXT");
            settings.put("kafka.client.sasl.mechanism", "PLAIN");
            settings.put(
                    "kafka.client.sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                            + "\" password=\"" + password + "\";");
        }
        return AuditConfig.of(settings);
    }

    private static String failure(AuditConfig config) {
        return assertThrows(ConfigException.class, () -> KafkaPreflight.check(config))
                .getMessage();
    }

    @Test
    void credentialsThatMayDescribeEveryTopicPass() {
        assertDoesNotThrow(() -> KafkaPreflight.check(
                config(JaasUtils.KAFKA_PLAIN_ADMIN, JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD, "PT30S")));
    }

    @Test
    void aWrongPasswordIsNamedAsSuch() {
        String message = failure(config(JaasUtils.KAFKA_PLAIN_ADMIN, "not-the-password", "PT30S"));
        assertTrue(message.startsWith("setting kafka.client.sasl.jaas.config: the Kafka brokers at "), message);
        assertTrue(message.contains("rejected the credentials"), message);
    }

    @Test
    void noCredentialsForABrokerThatRequiresThemStopWithinTheTimeout() {
        long start = System.nanoTime();
        String message = failure(config(null, null, "PT5S"));
        assertTrue(message.startsWith("setting kafka.bootstrap-servers: no Kafka broker at "), message);
        assertTrue(message.contains("kafka.client.security.protocol"), message);
        assertTrue((System.nanoTime() - start) / 1e9 < 30, "stopped within about the timeout");
    }

    /**
     * A user with no ACLs, granted one permission at a time: each check names the next setting
     * whose resource the user may not use, until nothing is missing.
     */
    @Test
    void aUserIsToldWhichResourceItsAclsDenyUntilNoneIs() throws Exception {
        AuditConfig user = config(JaasUtils.KAFKA_PLAIN_USER1, JaasUtils.KAFKA_PLAIN_USER1_PASSWORD, "PT30S");
        String principal = "User:" + JaasUtils.KAFKA_PLAIN_USER1;
        assertTrue(
                failure(user)
                        .startsWith(
                                "setting kafka.topic.impressions: the credentials may not describe topic impressions"),
                failure(user));
        grant(new ResourcePattern(ResourceType.TOPIC, "*", PatternType.LITERAL), principal);
        assertEventually(user, "setting kafka.group-id: the credentials may not describe consumer group adaudit");
        grant(new ResourcePattern(ResourceType.GROUP, "adaudit", PatternType.LITERAL), principal);
        assertEventually(
                user,
                "setting kafka.transactional-id-prefix: the credentials may not describe transactional id"
                        + " adaudit-flags-0-1");
        grant(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "adaudit-", PatternType.PREFIXED), principal);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                KafkaPreflight.check(user);
                return;
            } catch (ConfigException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200); // ACLs reach the broker through its metadata, a moment later
            }
        }
    }

    private static void grant(ResourcePattern resource, String principal) throws Exception {
        Properties admin = new Properties();
        admin.putAll(config(JaasUtils.KAFKA_PLAIN_ADMIN, JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD, "PT30S")
                .kafkaClient());
        admin.put("bootstrap.servers", cluster.bootstrapServers());
        try (Admin client = Admin.create(admin)) {
            client.createAcls(List.of(new AclBinding(
                            resource,
                            new AccessControlEntry(principal, "*", AclOperation.DESCRIBE, AclPermissionType.ALLOW))))
                    .all()
                    .get();
        }
    }

    /** Waits (ACLs propagate) until the check fails with a message that starts with {@code expected}. */
    private static void assertEventually(AuditConfig config, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String message = failure(config);
        while (!message.startsWith(expected) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            message = failure(config);
        }
        assertTrue(message.startsWith(expected), message);
    }

    @Test
    void aTimeoutOfZeroSkipsTheCheck() {
        assertDoesNotThrow(() -> KafkaPreflight.check(config(JaasUtils.KAFKA_PLAIN_ADMIN, "not-the-password", "PT0S")));
    }
}
