package com.adaudit.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parser-free reading of plain records against Jackson's: for any bytes, the codec decodes
 * the same with the shortcut as without it.
 */
class FlatJsonReaderTest {

    private static final Origin ORIGIN = Origin.ofKafka("t", 1, 2);

    private static final String IMPRESSION = "{\"event_id\":\"i-c-0-src-0-0-1795305600000-0\",\"ts\":1795308245295,"
            + "\"campaign_id\":\"c-0\",\"source_id\":\"src-0-0\",\"placement_id\":\"p-2\"}";
    private static final String CLICK = "{\"event_id\":\"k-1\",\"ts\":1795306532803,\"campaign_id\":\"c-0\","
            + "\"source_id\":\"src-0-0\",\"cost_micros\":1030991,\"currency\":\"CNY\",\"ip\":\"203.0.113.220\","
            + "\"user_agent\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0\"}";
    private static final String PAGEVIEW = "{\"event_id\":\"v-1\",\"ts\":1795306537803,\"click_id\":\"k-1\","
            + "\"campaign_id\":\"c-0\",\"source_id\":\"src-0-0\",\"page\":\"/p0\"}";
    private static final String REPORT = "{\"report_id\":\"r-1\",\"ts\":1795309800000,\"campaign_id\":\"c-0\","
            + "\"source_id\":\"src-0-0\",\"period_start\":1795305600000,\"period_end\":1795309200000,"
            + "\"impressions\":167,\"cost_micros\":334000,\"currency\":\"CNY\",\"clicks\":3}";

    private record Stream(Supplier<EventCodec<?>> codec, String record) {}

    private static final List<Stream> STREAMS = List.of(
            new Stream(EventCodec::impressions, IMPRESSION),
            new Stream(EventCodec::clicks, CLICK),
            new Stream(EventCodec::pageviews, PAGEVIEW),
            new Stream(EventCodec::vendorReports, REPORT));

    /**
     * Bytes a mutation writes: JSON's structure, escapes, digits, the letters of its literals,
     * control bytes, and bytes outside ASCII that break UTF-8 where they land alone.
     */
    private static final byte[] ALPHABET =
            "\"\\{}[],: \t\n\r0123456789-+.eEnultrfasx/\u0001\u007f\u00c3\u00ff".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void readsTheCommonRecordOfEachStreamWithoutTheParser() {
        for (Stream s : STREAMS) {
            byte[] raw = s.record().getBytes(StandardCharsets.UTF_8);
            FlatJsonReader reader = new FlatJsonReader(List.of(Field.values()));
            int fields = Field.values().length;
            assertTrue(
                    reader.read(raw, 0, raw.length, new boolean[fields], new String[fields], new long[fields]),
                    s.record());
            EventCodec<?> codec = s.codec().get();
            assertEquals(codec.decodeWithParser(raw, ORIGIN), codec.decode(raw, ORIGIN));
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"event_id\":\"a\\\"b\"}", // an escape
                "{\"event_id\":\"caf\u00e9\"}", // outside ASCII
                "{\"ts\":1.5}", // a fraction
                "{\"ts\":1e3}", // an exponent
                "{\"ts\":0123}", // a leading zero
                "{\"ts\":1234567890123456789}", // 19 digits
                "{\"x\":{}}", // an object
                "{\"x\":[1]}", // an array
                "{\"x\":true}", // a boolean
                "{\"x\":nul}", // not quite null
                "{\"ts\":1x}", // a number run into a letter
                "{}", // empty
                "{\"a\":1}{", // content after the object
                "{\"a\":1", // no end
                "\ufeff{\"a\":1}", // a byte order mark
                "[1]", // not an object
                "{\"event_id\":1}", // a number where a string belongs
                "{\"ts\":\"1\"}", // a string where a number belongs
                "{\"event_id\":\"\"}", // an empty id
                "{\"currency\":\"cny\"}", // not an ISO code
                "{\"ts\":5}", // out of range
            })
    void leavesEverythingElseToTheParser(String json) {
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        int fields = Field.values().length;
        assertFalse(new FlatJsonReader(List.of(Field.values()))
                .read(raw, 0, raw.length, new boolean[fields], new String[fields], new long[fields]));
    }

    /**
     * Many mutations of each stream's record (bytes replaced, inserted, deleted; fields repeated,
     * nulled, added): every one decodes to the same event or the same rejection both ways.
     */
    @Test
    void decodesMutatedRecordsAsTheParserDoes() {
        Random random = new Random(17);
        int read = 0;
        for (Stream s : STREAMS) {
            EventCodec<?> codec = s.codec().get();
            for (int i = 0; i < 20_000; i++) {
                byte[] raw = mutate(s.record(), random);
                Decoded<?> expected = codec.decodeWithParser(raw, ORIGIN);
                assertEquals(expected, codec.decode(raw, ORIGIN), () -> new String(raw, StandardCharsets.UTF_8));
                if (expected.event() != null) {
                    read++;
                }
            }
        }
        assertTrue(read > 10_000, "the mutations keep many records valid: " + read);
    }

    private static byte[] mutate(String record, Random random) {
        String json =
                switch (random.nextInt(6)) {
                    case 0 -> record.replace(
                            "}",
                            ",\"" + pick(random, "ts", "campaign_id", "ip", "other") + "\":"
                                    + pick(random, "null", "\"x\"", "7", "-0", "\"\"", "1795306532803") + "}");
                    case 1 -> record.replace(",", pick(random, " ,", ", ", "\t,\n", ",\r"));
                    case 2 -> record.replaceFirst("\"[a-z_]+\":\"[^\"]*\"", pick(random, "\"n\":null", "\"n\":1"));
                    default -> record;
                };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        int edits = random.nextInt(3);
        int[] at = new int[edits];
        for (int e = 0; e < edits; e++) {
            at[e] = random.nextInt(bytes.length);
        }
        for (int i = 0; i < bytes.length; i++) {
            boolean edited = false;
            for (int e = 0; e < edits; e++) {
                if (at[e] == i) {
                    edited = true;
                    switch (random.nextInt(3)) {
                        case 0 -> out.write(ALPHABET[random.nextInt(ALPHABET.length)]); // replaced
                        case 1 -> {
                            out.write(ALPHABET[random.nextInt(ALPHABET.length)]); // inserted
                            out.write(bytes[i]);
                        }
                        default -> {} // deleted
                    }
                }
            }
            if (!edited) {
                out.write(bytes[i]);
            }
        }
        return out.toByteArray();
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }
}
