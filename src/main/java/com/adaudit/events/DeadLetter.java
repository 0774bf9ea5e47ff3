package com.adaudit.events;

import java.nio.charset.StandardCharsets;

/** A rejected record: its stream, why, the raw record (cut to 4 KiB) and where it came from. */
public record DeadLetter(String stream, String reason, String raw, Origin origin) {

    public static final int MAX_RAW_BYTES = 4096;

    public static DeadLetter of(String stream, String reason, byte[] raw, int offset, int length, Origin origin) {
        return new DeadLetter(stream, reason, cutToUtf8Prefix(raw, offset, length), origin);
    }

    /** The longest prefix of at most 4 KiB that does not split a UTF-8 sequence. */
    static String cutToUtf8Prefix(byte[] raw, int offset, int length) {
        int end = Math.min(length, MAX_RAW_BYTES);
        if (end < length) {
            // step back over continuation bytes (10xxxxxx) so a code point is never cut in half
            while (end > 0 && (raw[offset + end] & 0xC0) == 0x80) {
                end--;
            }
        }
        return new String(raw, offset, end, StandardCharsets.UTF_8);
    }
}
