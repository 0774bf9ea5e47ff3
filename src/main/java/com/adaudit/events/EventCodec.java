package com.adaudit.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Decodes one input record (a Kafka value or a replay line) into an event or a rejection with
 * its reason, following docs/reference.md's rejection rules. Streaming parse, no data binding: only the
 * fields a stream knows are read, everything else is skipped unread. The common shape of a record
 * is read without a parser ({@link FlatJsonReader}); Jackson reads the rest.
 *
 * <p>Not thread-safe: each operator instance owns one codec (it reuses its field buffers).
 */
public final class EventCodec<E extends InputEvent> {

    public static final int MAX_RECORD_BYTES = 64 * 1024;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private final StreamKind stream;
    private final Map<String, Field> known = new HashMap<>();
    private final Set<Field> required;
    private final Function<EventCodec<E>, E> build;
    private final boolean[] present = new boolean[Field.values().length];
    private final String[] texts = new String[Field.values().length];
    private final long[] numbers = new long[Field.values().length];
    private final FlatJsonReader flat;

    private EventCodec(StreamKind stream, Set<Field> required, Set<Field> optional, Function<EventCodec<E>, E> build) {
        this.stream = stream;
        this.required = required;
        this.build = build;
        for (Field f : required) {
            known.put(f.jsonName, f);
        }
        for (Field f : optional) {
            known.put(f.jsonName, f);
        }
        flat = new FlatJsonReader(known.values());
    }

    public static EventCodec<Impression> impressions() {
        return new EventCodec<>(
                StreamKind.IMPRESSIONS,
                EnumSet.of(Field.EVENT_ID, Field.TS, Field.CAMPAIGN_ID, Field.SOURCE_ID),
                EnumSet.of(Field.PLACEMENT_ID, Field.DEVICE_ID, Field.IP, Field.USER_AGENT),
                c -> new Impression(
                        c.text(Field.EVENT_ID),
                        c.number(Field.TS),
                        c.text(Field.CAMPAIGN_ID),
                        c.text(Field.SOURCE_ID),
                        null));
    }

    public static EventCodec<Click> clicks() {
        return new EventCodec<>(
                StreamKind.CLICKS,
                EnumSet.of(
                        Field.EVENT_ID,
                        Field.TS,
                        Field.CAMPAIGN_ID,
                        Field.SOURCE_ID,
                        Field.COST_MICROS,
                        Field.CURRENCY),
                EnumSet.of(Field.IMPRESSION_ID, Field.DEVICE_ID, Field.IP, Field.USER_AGENT),
                c -> new Click(
                        c.text(Field.EVENT_ID),
                        c.number(Field.TS),
                        c.text(Field.CAMPAIGN_ID),
                        c.text(Field.SOURCE_ID),
                        c.number(Field.COST_MICROS),
                        c.text(Field.CURRENCY),
                        c.optionalText(Field.IP),
                        c.optionalText(Field.USER_AGENT),
                        null));
    }

    public static EventCodec<PageView> pageviews() {
        return new EventCodec<>(
                StreamKind.PAGEVIEWS,
                EnumSet.of(Field.EVENT_ID, Field.TS, Field.CLICK_ID, Field.CAMPAIGN_ID, Field.SOURCE_ID),
                EnumSet.of(Field.PAGE),
                c -> new PageView(
                        c.text(Field.EVENT_ID),
                        c.number(Field.TS),
                        c.text(Field.CLICK_ID),
                        c.text(Field.CAMPAIGN_ID),
                        c.text(Field.SOURCE_ID),
                        null));
    }

    public static EventCodec<VendorReport> vendorReports() {
        return new EventCodec<>(
                StreamKind.VENDOR_REPORTS,
                EnumSet.of(
                        Field.REPORT_ID,
                        Field.TS,
                        Field.CAMPAIGN_ID,
                        Field.SOURCE_ID,
                        Field.PERIOD_START,
                        Field.PERIOD_END,
                        Field.IMPRESSIONS,
                        Field.COST_MICROS,
                        Field.CURRENCY),
                EnumSet.of(Field.CLICKS),
                c -> new VendorReport(
                        c.text(Field.REPORT_ID),
                        c.number(Field.TS),
                        c.text(Field.CAMPAIGN_ID),
                        c.text(Field.SOURCE_ID),
                        c.number(Field.PERIOD_START),
                        c.number(Field.PERIOD_END),
                        c.number(Field.IMPRESSIONS),
                        c.number(Field.COST_MICROS),
                        c.text(Field.CURRENCY),
                        c.present[Field.CLICKS.ordinal()] ? c.number(Field.CLICKS) : null,
                        null));
    }

    public StreamKind stream() {
        return stream;
    }

    public Decoded<E> decode(byte[] raw, Origin origin) {
        return decode(raw, 0, raw.length, origin);
    }

    public Decoded<E> decode(byte[] raw, int offset, int length, Origin origin) {
        return decode(raw, offset, length, origin, true);
    }

    /** {@link #decode} with Jackson alone, never {@link FlatJsonReader}: what the shortcut must agree with. */
    Decoded<E> decodeWithParser(byte[] raw, Origin origin) {
        return decode(raw, 0, raw.length, origin, false);
    }

    private Decoded<E> decode(byte[] raw, int offset, int length, Origin origin, boolean shortcut) {
        String problem = parse(raw, offset, length, shortcut);
        if (problem == null) {
            problem = validate();
        }
        if (problem != null) {
            return Decoded.rejected(DeadLetter.of(stream.wireName(), problem, raw, offset, length, origin));
        }
        return Decoded.accepted(build.apply(this), origin);
    }

    /** Reads the known fields into the buffers; returns the first problem, or {@code null}. */
    private String parse(byte[] raw, int offset, int length, boolean shortcut) {
        if (length > MAX_RECORD_BYTES) {
            return "record_too_large: " + length + " bytes, the limit is " + MAX_RECORD_BYTES;
        }
        Arrays.fill(present, false);
        // a record the flat reader takes is ASCII throughout, so valid UTF-8: no scan for it
        if (shortcut && flat.read(raw, offset, length, present, texts, numbers)) {
            return null;
        }
        if (!isUtf8(raw, offset, length)) {
            return "invalid_utf8: the record is not valid UTF-8";
        }
        Arrays.fill(present, false);
        try (JsonParser p = JSON.createParser(raw, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "not_an_object: a record must be one JSON object";
            }
            String fieldName;
            while ((fieldName = p.nextFieldName()) != null) {
                Field field = known.get(fieldName);
                JsonToken value = p.nextToken();
                if (field == null) {
                    p.skipChildren(); // unknown fields are ignored
                    continue;
                }
                if (value == JsonToken.VALUE_NULL) {
                    present[field.ordinal()] = false; // null counts as absent
                    continue;
                }
                String problem = field.kind.isText() ? readText(p, field, value) : readNumber(p, field, value);
                if (problem != null) {
                    return problem;
                }
                present[field.ordinal()] = true;
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                return "invalid_json: unexpected " + p.currentToken();
            }
            if (p.nextToken() != null) {
                return "invalid_json: content after the object";
            }
            return null;
        } catch (JsonProcessingException e) {
            return "invalid_json: " + firstLine(e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            return "invalid_json: " + firstLine(e.getMessage());
        }
    }

    private String readText(JsonParser p, Field field, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            return "wrong_type: " + field.jsonName + " must be a string";
        }
        String text = p.getText();
        String problem = textProblem(field, text);
        if (problem == null) {
            texts[field.ordinal()] = text;
        }
        return problem;
    }

    /** What is wrong with a text field's value, or {@code null}. */
    private static String textProblem(Field field, String text) {
        if (hasLoneSurrogate(text)) {
            return "invalid_unicode: " + field.jsonName + " holds a lone surrogate (an escape such as \\ud800 alone)";
        }
        return asciiTextProblem(field, text);
    }

    /** {@link #textProblem} of a value known to be ASCII, which holds no surrogate. */
    static String asciiTextProblem(Field field, String text) {
        switch (field.kind) {
            case ID -> {
                if (text.isEmpty()) {
                    return "empty_id: " + field.jsonName;
                }
                if (text.length() > Field.MAX_ID_LENGTH) {
                    return "id_too_long: " + field.jsonName + " has " + text.length() + " characters, the limit is "
                            + Field.MAX_ID_LENGTH;
                }
            }
            case CURRENCY -> {
                if (!isIsoCurrencyCode(text)) {
                    return "invalid_currency: " + field.jsonName + " must be an ISO 4217 code such as CNY";
                }
            }
            default -> {}
        }
        return null;
    }

    private String readNumber(JsonParser p, Field field, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            return "wrong_type: " + field.jsonName + " must be an integer";
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return "out_of_range: " + field.jsonName;
        }
        long n = p.getLongValue();
        String problem = numberProblem(field, n);
        if (problem == null) {
            numbers[field.ordinal()] = n;
        }
        return problem;
    }

    /** What is wrong with a numeric field's value, or {@code null}. */
    static String numberProblem(Field field, long n) {
        switch (field.kind) {
            case TIME -> {
                if (n < Field.MIN_TIME || n >= Field.MAX_TIME_EXCLUSIVE) {
                    return "out_of_range: " + field.jsonName + " must be in [2000-01-01, 2100-01-01)";
                }
            }
            case MONEY, COUNT -> {
                if (n < 0) {
                    return "negative_value: " + field.jsonName;
                }
                long max = field.kind == Field.Kind.MONEY ? Field.MAX_MONEY_MICROS : Field.MAX_COUNT;
                if (n > max) {
                    return "out_of_range: " + field.jsonName + " exceeds " + max;
                }
            }
            default -> throw new IllegalStateException(field + " is not numeric");
        }
        return null;
    }

    private String validate() {
        for (Field f : required) {
            if (!present[f.ordinal()]) {
                return "missing_field: " + f.jsonName;
            }
        }
        if (required.contains(Field.PERIOD_END) && number(Field.PERIOD_END) <= number(Field.PERIOD_START)) {
            return "invalid_period: period_end must be after period_start";
        }
        return null;
    }

    private String text(Field f) {
        return texts[f.ordinal()];
    }

    /** An optional field's text, {@code null} when absent or {@code null} in this record. */
    private String optionalText(Field f) {
        return present[f.ordinal()] ? texts[f.ordinal()] : null;
    }

    private long number(Field f) {
        return numbers[f.ordinal()];
    }

    /** Strict UTF-8 (no overlong forms, no encoded surrogates); ASCII takes the fast path. */
    static boolean isUtf8(byte[] raw, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end && raw[i] >= 0) {
            i++;
        }
        if (i == end) {
            return true;
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw, i, end - i));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** A UTF-16 surrogate without its pair: JSON can write one (an escape), UTF-8 cannot carry it. */
    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isIsoCurrencyCode(String s) {
        if (s.length() != 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            char ch = s.charAt(i);
            if (ch < 'A' || ch > 'Z') {
                return false;
            }
        }
        return true;
    }

    /** The parser's message without its source-location details. */
    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String text = message.lines().findFirst().orElse("");
        int location = text.indexOf(" (start marker at");
        return location < 0 ? text : text.substring(0, location);
    }
}
