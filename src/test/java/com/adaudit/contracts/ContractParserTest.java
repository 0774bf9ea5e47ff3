package com.adaudit.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.testing.ContractJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContractParserTest {

    private static Contract parse(String json) {
        return ContractParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fillsTheDefaultsOfARuleThatIsPresent() {
        Contract c = parse(ContractJson.contract(
                "K", 1, "[\"c\"]", "PT1H", "\"underpriced_source\":{},\"high_bounce_rate\":{},\"impression_gap\":{}"));
        assertEquals(new BigDecimal("0.30"), c.underpriced().maxDiscount());
        assertNull(c.underpriced().marketCpcMicros());
        assertEquals(30, c.underpriced().minClicks());
        assertEquals(1, c.underpriced().consecutiveWindows());
        assertEquals(new BigDecimal("1.0"), c.underpriced().multiplier());
        assertEquals(new BigDecimal("0.70"), c.bounce().maxBounceRate());
        assertEquals(30, c.bounce().minSessions());
        assertEquals(Duration.ofMinutes(30).toMillis(), c.bounce().sessionTimeoutMillis());
        assertEquals(new BigDecimal("0.90"), c.gap().minDeliveryRatio());
        assertEquals(1000, c.gap().minReportedImpressions());
        assertEquals(Duration.ofDays(2).toMillis(), c.gap().reportGraceMillis());
    }

    @Test
    void invalidTrafficTakesItsDefaultsAndADuplicateWindowFromZeroToAnHour() {
        Contract c = parse(ContractJson.contractK("\"invalid_traffic\":{}"));
        assertEquals("0.10", c.invalidTraffic().maxIvtRate().toPlainString());
        assertEquals(30, c.invalidTraffic().minClicks());
        assertEquals(30_000, c.invalidTraffic().duplicateWindowMillis());
        assertEquals(1, c.invalidTraffic().consecutiveWindows());
        assertEquals("1.0", c.invalidTraffic().multiplier().toPlainString());
        assertEquals(
                0,
                parse(ContractJson.contractK("\"invalid_traffic\":{\"duplicate_window\":\"PT0S\"}"))
                        .invalidTraffic()
                        .duplicateWindowMillis());
        assertEquals(
                3_600_000,
                parse(ContractJson.contractK("\"invalid_traffic\":{\"duplicate_window\":\"PT1H\"}"))
                        .invalidTraffic()
                        .duplicateWindowMillis());
    }

    @Test
    void aRuleLeftOutIsNotEnforcedAndTheWindowDefaultsToAnHour() {
        Contract c = parse("{\"contract_id\":\"K\",\"vendor\":\"V\",\"version\":1,\"currency\":\"CNY\","
                + "\"campaign_ids\":[\"c\"]}");
        assertNull(c.underpriced());
        assertNull(c.bounce());
        assertNull(c.gap());
        assertEquals(Duration.ofHours(1).toMillis(), c.windowMillis());
    }

    @Test
    void keepsDecimalsAsWritten() {
        Contract c = parse(ContractJson.contractK(ContractJson.BOUNCE_K));
        assertEquals("2.0", c.bounce().multiplier().toPlainString());
        assertEquals("0.70", c.bounce().maxBounceRate().toPlainString());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"underpriced_source\":{\"max_discount\":1.5}            | rules.underpriced_source.max_discount",
                "\"high_bounce_rate\":{\"max_bounce_rate\":-0.1}          | rules.high_bounce_rate.max_bounce_rate",
                "\"impression_gap\":{\"min_delivery_ratio\":\"x\"}        | rules.impression_gap.min_delivery_ratio",
                "\"underpriced_source\":{\"min_clicks\":0}                | rules.underpriced_source.min_clicks",
                "\"underpriced_source\":{\"consecutive_windows\":0}       | rules.underpriced_source.consecutive_windows",
                "\"underpriced_source\":{\"consecutive_windows\":1000}    | rules.underpriced_source.consecutive_windows",
                "\"underpriced_source\":{\"multiplier\":0}                | rules.underpriced_source.multiplier",
                "\"underpriced_source\":{\"market_cpc_micros\":1.5}       | rules.underpriced_source.market_cpc_micros",
                "\"underpriced_source\":{\"max_discont\":0.3}             | rules.underpriced_source.max_discont",
                "\"high_bounce_rate\":{\"session_timeout\":\"PT0S\"}      | rules.high_bounce_rate.session_timeout",
                "\"impression_gap\":{\"report_grace\":\"two days\"}       | rules.impression_gap.report_grace",
                "\"click_spam\":{}                                        | rules.click_spam",
                "\"invalid_traffic\":{\"max_ivt_rate\":1.01}             | rules.invalid_traffic.max_ivt_rate",
                "\"invalid_traffic\":{\"duplicate_window\":\"PT1H0.001S\"} | rules.invalid_traffic.duplicate_window",
                "\"invalid_traffic\":{\"duplicate_window\":\"-PT1S\"}   | rules.invalid_traffic.duplicate_window",
                "\"invalid_traffic\":{\"min_clicks\":0}                  | rules.invalid_traffic.min_clicks",
                "\"invalid_traffic\":{\"ivt_rate\":0.1}                  | rules.invalid_traffic.ivt_rate",
            })
    void namesTheContractAndTheFieldOfAnInvalidRule(String rules, String field) {
        InvalidContractException e =
                assertThrows(InvalidContractException.class, () -> parse(ContractJson.contractK(rules)));
        assertTrue(e.getMessage().startsWith("contract K: field " + field + ":"), e.getMessage());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"window\":\"PT1H\"          | \"window\":\"PT0S\"       | window",
                "\"window\":\"PT1H\"          | \"window\":\"-PT1H\"      | window",
                "\"version\":1                | \"version\":\"1\"         | version",
                "\"currency\":\"CNY\"         | \"currency\":\"yuan\"     | currency",
                "\"campaign_ids\":[\"c-42\"]  | \"campaign_ids\":[]       | campaign_ids",
                "\"vendor\":\"Vendor K\"      | \"vendor\":5              | vendor",
            })
    void namesTheContractAndTheFieldOfAnInvalidHeader(String find, String replace, String field) {
        String json = ContractJson.contractK("").replace(find, replace);
        InvalidContractException e = assertThrows(InvalidContractException.class, () -> parse(json));
        assertTrue(e.getMessage().startsWith("contract K: field " + field + ":"), e.getMessage());
    }

    @Test
    void rejectsACampaignGovernedByTwoContracts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("contracts.json");
        Files.writeString(
                file,
                "[" + ContractJson.contract("A", 1, "[\"c-1\",\"c-2\"]", "PT1H", "") + ","
                        + ContractJson.contract("B", 1, "[\"c-2\"]", "PT1H", "") + "]");
        InvalidContractException e = assertThrows(InvalidContractException.class, () -> ContractParser.readFile(file));
        assertEquals("contract B: field campaign_ids: campaign c-2 is already governed by contract A", e.getMessage());
    }

    @Test
    void looksUpByCampaign(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("contracts.json");
        Files.writeString(file, "[" + ContractJson.contract("A", 1, "[\"c-1\",\"c-2\"]", "PT1H", "") + "]");
        ContractBook book = ContractParser.readFile(file);
        assertEquals("A", book.forCampaign("c-2").contractId());
        assertNull(book.forCampaign("c-3"));
    }

    @Test
    void rejectsAFileThatIsNotAnArray(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("contracts.json");
        Files.writeString(file, ContractJson.contractK(""));
        assertTrue(assertThrows(InvalidContractException.class, () -> ContractParser.readFile(file))
                .getMessage()
                .contains("must be a JSON array"));
    }

    @Test
    void theSpendClaimWaitsForTheSlowestRuleToDecide() {
        Contract c = parse(
                ContractJson.contractK(
                        "\"underpriced_source\":{\"consecutive_windows\":3},\"high_bounce_rate\":{\"session_timeout\":\"PT30M\"}"));
        long hour = Duration.ofHours(1).toMillis();
        // underpriced needs two more windows to know: final at the end of the third window
        assertEquals(3 * hour - 1, c.spendClaimDueAt(0));
        Contract bounceOnly = parse(ContractJson.contractK("\"high_bounce_rate\":{\"session_timeout\":\"PT30M\"}"));
        assertEquals(hour + Duration.ofMinutes(30).toMillis() - 1, bounceOnly.spendClaimDueAt(0));
    }
}
