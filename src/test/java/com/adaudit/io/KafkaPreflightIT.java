package com.adaudit.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.config.AuditConfig;
import com.adaudit.config.ConfigException;
import com.adaudit.io.kafka.KafkaPreflight;
import java.util.LinkedHashMap;
import java.util.Map;
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

    @Test
    void aUserWithoutAclsIsToldWhichTopicItMayNotDescribe() {
        String message = failure(config(JaasUtils.KAFKA_PLAIN_USER1, JaasUtils.KAFKA_PLAIN_USER1_PASSWORD, "PT30S"));
        assertTrue(
                message.startsWith(
                        "setting kafka.topic.impressions: the credentials may not describe topic impressions"),
                message);
    }

    @Test
    void aTimeoutOfZeroSkipsTheCheck() {
        assertDoesNotThrow(() -> KafkaPreflight.check(config(JaasUtils.KAFKA_PLAIN_ADMIN, "not-the-password", "PT0S")));
    }
}
