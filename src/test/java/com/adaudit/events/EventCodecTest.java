package com.adaudit.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventCodecTest {

    private static final Origin ORIGIN = Origin.ofFile("clicks.jsonl", 7);
    private static final String CLICK =
            "{\"event_id\":\"c1\",\"ts\":1795341600000,\"campaign_id\":\"c-42\",\"source_id\":\"s1\","
                    + "\"cost_micros\":650000,\"currency\":\"CNY\"}";

    private static Decoded<Click> click(String json) {
        return EventCodec.clicks().decode(json.getBytes(StandardCharsets.UTF_8), ORIGIN);
    }

    private static String reason(String json) {
        Decoded<Click> d = click(json);
        assertNull(d.event(), "expected a rejection of " + json);
        return d.rejection().reason();
    }

    @Test
    void decodesAClick() {
        Decoded<Click> d = click(CLICK);
        assertNull(d.rejection());
        assertEquals(new Click("c1", 1795341600000L, "c-42", "s1", 650000, "CNY", null, null, null), d.event());
        assertEquals(ORIGIN, d.origin());
    }

    /** Admission keys every record by the shard decoding found, so that an id's duplicates meet in one shard. */
    @Test
    void findsTheShardOfTheIdOrOfWhereARejectedRecordWasRead() {
        Decoded<Click> first = click(CLICK);
        assertEquals(Shards.of("c1"), first.shard());
        Decoded<Click> again = EventCodec.clicks()
                .decode(CLICK.replace("650000", "1").getBytes(StandardCharsets.UTF_8), Origin.ofKafka("clicks", 2, 99));
        assertEquals(first.shard(), again.shard(), "a duplicate from elsewhere meets its first in one shard");

        Set<Short> shards = new HashSet<>();
        for (int line = 1; line <= 200; line++) {
            Decoded<Click> rejected =
                    EventCodec.clicks().decode("not json".getBytes(StandardCharsets.UTF_8), Origin.ofFile("c", line));
            assertNull(rejected.event());
            assertTrue(rejected.shard() >= 0 && rejected.shard() < Shards.COUNT, "shard " + rejected.shard());
            shards.add(rejected.shard());
        }
        assertTrue(shards.size() > 100, "rejections spread by where they were read: " + shards.size() + " shards");
        assertEquals(
                0,
                Decoded.rejected(new DeadLetter("clicks", "empty_id: event_id", "", null))
                        .shard());
    }

    @Test
    void readsIpAndUserAgentWhenPresentAndNotNull() {
        Click c = click(CLICK.replace("}", ",\"ip\":\"203.0.113.7\",\"user_agent\":\"curl/8.4.0\"}"))
                .event();
        assertEquals("203.0.113.7", c.ip());
        assertEquals("curl/8.4.0", c.userAgent());
        Click bare = click(CLICK.replace("}", ",\"user_agent\":null}")).event();
        assertNull(bare.ip(), "absent, and not left over from the record before");
        assertNull(bare.userAgent(), "null counts as absent");
    }

    @Test
    void ignoresUnknownFieldsOfAnyShape() {
        String json = CLICK.replace("}", ",\"extra\":{\"nested\":[1,2,{\"x\":null}]},\"more\":1.5,\"ip\":\"1.2.3.4\"}");
        assertEquals("c1", click(json).event().eventId());
    }

    @Test
    void aFieldOfAnotherStreamIsUnknownHere() {
        // period_start means nothing to a click: even a wrong type is ignored
        assertEquals(
                "c1",
                click(CLICK.replace("}", ",\"period_start\":\"soon\"}")).event().eventId());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not JSON                 | {\"event_id\": | invalid_json",
                "trailing content         | " + "{\"event_id\":\"c1\"} {} | invalid_json",
                "array                    | [1,2] | not_an_object",
                "string                   | \"x\" | not_an_object",
            })
    void rejectsWhatIsNotOneJsonObject(String name, String json, String reason) {
        assertTrue(reason(json).startsWith(reason + ":"), reason(json));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "missing cost              | \"cost_micros\":650000,          | | missing_field: cost_micros",
                "null ts                   | \"ts\":1795341600000             | \"ts\":null | missing_field: ts",
                "string for a number       | \"cost_micros\":650000           | \"cost_micros\":\"650000\" | wrong_type: cost_micros must be an integer",
                "fraction for an integer   | \"cost_micros\":650000           | \"cost_micros\":650000.5 | wrong_type: cost_micros must be an integer",
                "number for a string       | \"event_id\":\"c1\"              | \"event_id\":1 | wrong_type: event_id must be a string",
                "negative cost             | \"cost_micros\":650000           | \"cost_micros\":-1 | negative_value: cost_micros",
                "ts before 2000            | \"ts\":1795341600000             | \"ts\":946684799999 | out_of_range: ts",
                "ts at 2100                | \"ts\":1795341600000             | \"ts\":4102444800000 | out_of_range: ts",
                "empty id                  | \"event_id\":\"c1\"              | \"event_id\":\"\" | empty_id: event_id",
                "bad currency              | \"currency\":\"CNY\"             | \"currency\":\"cny\" | invalid_currency: currency",
                "short currency            | \"currency\":\"CNY\"             | \"currency\":\"CN\" | invalid_currency: currency",
                "long currency             | \"currency\":\"CNY\"             | \"currency\":\"CNYY\" | invalid_currency: currency",
                "currency beyond A to Z    | \"currency\":\"CNY\"             | \"currency\":\"\u00c9UR\" | invalid_currency: currency",
                "optional field wrong type | \"currency\":\"CNY\"             | \"currency\":\"CNY\",\"ip\":5 | wrong_type: ip must be a string",
            })
    void rejectsEachInvalidField(String name, String find, String replace, String reason) {
        String json = CLICK.replace(find, replace == null ? "" : replace);
        assertTrue(reason(json).startsWith(reason), name + ": " + reason(json));
    }

    @Test
    void acceptsTheEdgesOfTheRanges() {
        assertEquals(
                946684800000L,
                click(CLICK.replace("1795341600000", "946684800000")).event().ts());
        assertEquals(
                4102444799999L,
                click(CLICK.replace("1795341600000", "4102444799999")).event().ts());
        assertEquals(0, click(CLICK.replace("650000", "0")).event().costMicros());
        String longest = "x".repeat(256);
        assertEquals(
                longest,
                click(CLICK.replace("\"c1\"", "\"" + longest + "\"")).event().eventId());
    }

    @Test
    void rejectsAReadStringHoldingALoneSurrogate() {
        // the record: a vendor report whose source_id is the escape \ud800 alone
        String report = "{\"report_id\":\"r1\",\"ts\":1795345200000,\"campaign_id\":\"c-42\","
                + "\"source_id\":\"\\ud800\",\"period_start\":1795341600000,\"period_end\":1795345200000,"
                + "\"impressions\":20000,\"cost_micros\":40000000,\"currency\":\"CNY\"}";
        Decoded<VendorReport> d = EventCodec.vendorReports().decode(report.getBytes(StandardCharsets.UTF_8), ORIGIN);
        assertNull(d.event());
        assertTrue(
                d.rejection().reason().startsWith("invalid_unicode: source_id"),
                d.rejection().reason());
        assertTrue(reason(CLICK.replace("\"s1\"", "\"s\\udc00x\"")).startsWith("invalid_unicode:"));
        assertTrue(reason(CLICK.replace("\"s1\"", "\"s\\ud800\\ud800\"")).startsWith("invalid_unicode:"));
    }

    @Test
    void acceptsAPairedSurrogateAndLeavesUnreadFieldsAlone() {
        assertEquals(
                "s\uD83D\uDE00",
                click(CLICK.replace("\"s1\"", "\"s\\ud83d\\ude00\"")).event().sourceId());
        assertEquals(
                "c1",
                click(CLICK.replace("}", ",\"note\":\"\\ud800\"}")).event().eventId(),
                "a field the job does not read is not checked");
    }

    @Test
    void rejectsBytesThatAreNotUtf8() {
        byte[] json = CLICK.replace("\"s1\"", "\"s?\"").getBytes(StandardCharsets.UTF_8);
        for (byte[] bad : new byte[][] {
            {(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}
        }) {
            byte[] raw = new String(json, StandardCharsets.ISO_8859_1)
                    .replace("?", new String(bad, StandardCharsets.ISO_8859_1))
                    .getBytes(StandardCharsets.ISO_8859_1);
            Decoded<Click> d = EventCodec.clicks().decode(raw, ORIGIN);
            assertNull(d.event());
            assertTrue(
                    d.rejection().reason().startsWith("invalid_utf8:"),
                    d.rejection().reason());
        }
        assertEquals(
                "s\u00e9", click(CLICK.replace("\"s1\"", "\"s\u00e9\"")).event().sourceId());
    }

    @Test
    void rejectsAnIdLongerThan256Characters() {
        assertTrue(
                reason(CLICK.replace("\"c1\"", "\"" + "x".repeat(257) + "\"")).startsWith("id_too_long: event_id"));
    }

    @Test
    void rejectsARecordLargerThan64KiB() {
        String big = CLICK.replace("}", ",\"pad\":\"" + "p".repeat(64 * 1024) + "\"}");
        Decoded<Click> d = click(big);
        assertTrue(d.rejection().reason().startsWith("record_too_large"));
        assertEquals(DeadLetter.MAX_RAW_BYTES, d.rejection().raw().length(), "the raw record is cut to 4 KiB");
    }

    @Test
    void cutsTheRawRecordWithoutSplittingACharacter() {
        byte[] raw = ("{\"event_id\":\"" + "é".repeat(3000)).getBytes(StandardCharsets.UTF_8);
        DeadLetter d = EventCodec.clicks().decode(raw, ORIGIN).rejection();
        assertTrue(d.raw().getBytes(StandardCharsets.UTF_8).length <= DeadLetter.MAX_RAW_BYTES);
        assertTrue(d.raw().endsWith("é"));
    }

    @Test
    void rejectsAReportWhosePeriodDoesNotEndAfterItStarts() {
        String report = "{\"report_id\":\"r\",\"ts\":1795341600000,\"campaign_id\":\"c\",\"source_id\":\"s\","
                + "\"period_start\":1795345200000,\"period_end\":1795345200000,\"impressions\":5,\"cost_micros\":5,"
                + "\"currency\":\"CNY\"}";
        Decoded<VendorReport> d = EventCodec.vendorReports().decode(report.getBytes(StandardCharsets.UTF_8), ORIGIN);
        assertEquals(
                "invalid_period: period_end must be after period_start",
                d.rejection().reason());
        assertEquals("vendor-reports", d.rejection().stream());
    }

    @Test
    void decodesEachStream() {
        byte[] imp =
                "{\"event_id\":\"i\",\"ts\":1795341600000,\"campaign_id\":\"c\",\"source_id\":\"s\",\"placement_id\":\"p\"}"
                        .getBytes(StandardCharsets.UTF_8);
        assertEquals("i", EventCodec.impressions().decode(imp, ORIGIN).event().eventId());
        byte[] pv =
                "{\"event_id\":\"p\",\"ts\":1795341600000,\"click_id\":\"k\",\"campaign_id\":\"c\",\"source_id\":\"s\"}"
                        .getBytes(StandardCharsets.UTF_8);
        assertEquals("k", EventCodec.pageviews().decode(pv, ORIGIN).event().clickId());
        byte[] pvNoClick = "{\"event_id\":\"p\",\"ts\":1795341600000,\"campaign_id\":\"c\",\"source_id\":\"s\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(
                "missing_field: click_id",
                EventCodec.pageviews().decode(pvNoClick, ORIGIN).rejection().reason());
        byte[] report = ("{\"report_id\":\"r\",\"ts\":1795341600000,\"campaign_id\":\"c\",\"source_id\":\"s\","
                        + "\"period_start\":1795341600000,\"period_end\":1795345200000,\"impressions\":20000,"
                        + "\"cost_micros\":40000000,\"currency\":\"CNY\",\"clicks\":3}")
                .getBytes(StandardCharsets.UTF_8);
        VendorReport r = EventCodec.vendorReports().decode(report, ORIGIN).event();
        assertEquals(20000, r.impressions());
        assertEquals(3L, r.clicks());
    }
}
