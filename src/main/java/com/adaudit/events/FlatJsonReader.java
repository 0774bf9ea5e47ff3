package com.adaudit.events;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;

/**
 * Reads the shape nearly every input record has, without a JSON parser: one flat object whose
 * names and string values are ASCII without escapes, and whose values are such strings,
 * integers of up to 18 digits, or {@code null}. It answers whether it read the whole record
 * and found it valid; on any other construct or value it gives up, and {@link EventCodec} reads
 * the record again from its start with Jackson. So for every record it gives up on, the result
 * is the parser's by construction, and for the records it reads, it does what the parser path
 * does: the same fields, a later duplicate name replacing an earlier one, {@code null} counting
 * as absent.
 *
 * <p>Why: making a Jackson parser for each record (its context, its name table's child, its
 * buffers) cost about as much as reading the record's few fields, and the input streams'
 * decoding was a fifth of a streaming job's CPU (docs/benchmarks.md, seventeenth round).
 *
 * <p>Not thread-safe: each codec owns one.
 */
final class FlatJsonReader {

    /** Beyond 18 digits a number may not fit a {@code long}: the parser decides. */
    private static final int MAX_DIGITS = 18;

    private final Field[] fields;
    private final byte[][] names;

    FlatJsonReader(Collection<Field> known) {
        fields = known.toArray(new Field[0]);
        names = new byte[fields.length][];
        for (int i = 0; i < fields.length; i++) {
            names[i] = fields[i].jsonName.getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * Reads {@code raw[offset, offset + length)} into the codec's buffers, as the parser path would
     * ({@code present} cleared by the caller); whether it read all of it, every value valid.
     */
    boolean read(byte[] raw, int offset, int length, boolean[] present, String[] texts, long[] numbers) {
        int end = offset + length;
        int at = skipSpace(raw, offset, end);
        if (at == end || raw[at] != '{') {
            return false;
        }
        while (true) {
            at = skipSpace(raw, at + 1, end);
            if (at == end || raw[at] != '"') {
                return false; // an empty object, or a malformed one: the parser says which
            }
            int nameFrom = at + 1;
            int nameEnd = plainStringEnd(raw, nameFrom, end);
            if (nameEnd < 0) {
                return false;
            }
            Field field = fieldNamed(raw, nameFrom, nameEnd - nameFrom);
            at = skipSpace(raw, nameEnd + 1, end);
            if (at == end || raw[at] != ':') {
                return false;
            }
            at = skipSpace(raw, at + 1, end);
            if (at == end) {
                return false;
            }
            byte first = raw[at];
            if (first == '"') {
                int valueEnd = plainStringEnd(raw, at + 1, end);
                if (valueEnd < 0) {
                    return false;
                }
                if (field != null) {
                    if (!field.kind.isText()) {
                        return false;
                    }
                    String text = new String(raw, at + 1, valueEnd - at - 1, StandardCharsets.ISO_8859_1);
                    if (EventCodec.asciiTextProblem(field, text) != null) {
                        return false;
                    }
                    texts[field.ordinal()] = text;
                    present[field.ordinal()] = true;
                }
                at = valueEnd + 1;
            } else if (first == '-' || (first >= '0' && first <= '9')) {
                int numberEnd = integerEnd(raw, at, end);
                if (numberEnd < 0) {
                    return false;
                }
                if (field != null) {
                    if (field.kind.isText()) {
                        return false;
                    }
                    long n = integerAt(raw, at, numberEnd);
                    if (EventCodec.numberProblem(field, n) != null) {
                        return false;
                    }
                    numbers[field.ordinal()] = n;
                    present[field.ordinal()] = true;
                }
                at = numberEnd;
            } else if (first == 'n' && isNull(raw, at, end)) {
                if (field != null) {
                    present[field.ordinal()] = false;
                }
                at += 4;
            } else {
                return false; // objects, arrays, booleans, fractions: the parser reads them
            }
            at = skipSpace(raw, at, end);
            if (at == end) {
                return false;
            }
            if (raw[at] == '}') {
                return skipSpace(raw, at + 1, end) == end;
            }
            if (raw[at] != ',') {
                return false;
            }
        }
    }

    private Field fieldNamed(byte[] raw, int from, int length) {
        for (int i = 0; i < names.length; i++) {
            byte[] name = names[i];
            if (name.length == length && Arrays.equals(name, 0, length, raw, from, from + length)) {
                return fields[i];
            }
        }
        return null;
    }

    /** JSON's whitespace: space, tab, line feed, carriage return. */
    private static int skipSpace(byte[] raw, int at, int end) {
        while (at < end) {
            byte b = raw[at];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                break;
            }
            at++;
        }
        return at;
    }

    /**
     * Where the string whose characters start at {@code from} ends (its closing quote), or -1 if
     * it holds an escape, a control character or a byte outside ASCII, or does not end.
     */
    private static int plainStringEnd(byte[] raw, int from, int end) {
        for (int at = from; at < end; at++) {
            byte b = raw[at];
            if (b == '"') {
                return at;
            }
            if (b == '\\' || b < 0x20) { // a byte outside ASCII is negative
                return -1;
            }
        }
        return -1;
    }

    /**
     * Where the integer at {@code from} ends, or -1 unless it is one the parser reads as a {@code
     * long} (no leading zero, at most {@link #MAX_DIGITS} digits) and is followed by whitespace, a
     * comma or the object's end: a fraction, an exponent or any other character is the parser's.
     */
    private static int integerEnd(byte[] raw, int from, int end) {
        int at = raw[from] == '-' ? from + 1 : from;
        int digitsFrom = at;
        while (at < end && raw[at] >= '0' && raw[at] <= '9') {
            at++;
        }
        int digits = at - digitsFrom;
        if (digits == 0 || digits > MAX_DIGITS || (digits > 1 && raw[digitsFrom] == '0') || at == end) {
            return -1;
        }
        byte next = raw[at];
        return next == ',' || next == '}' || next == ' ' || next == '\n' || next == '\r' || next == '\t' ? at : -1;
    }

    /** The value of the integer {@link #integerEnd} found: at most 18 digits, so it cannot overflow. */
    private static long integerAt(byte[] raw, int from, int end) {
        boolean negative = raw[from] == '-';
        long n = 0;
        for (int at = negative ? from + 1 : from; at < end; at++) {
            n = n * 10 + (raw[at] - '0');
        }
        return negative ? -n : n;
    }

    private static boolean isNull(byte[] raw, int at, int end) {
        return end - at > 4 && raw[at + 1] == 'u' && raw[at + 2] == 'l' && raw[at + 3] == 'l';
    }
}
