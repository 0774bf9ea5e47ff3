package com.adaudit.ids;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic ids of flags and claims: a prefix and the first 128 bits (hex) of SHA-256 over
 * the identifying fields, so replays, restarts and reprocessing give the same id and consumers can
 * de-duplicate on it.
 */
public final class StableIds {

    private static final char SEPARATOR = '\u001f';

    private StableIds() {}

    public static String of(String prefix, String... parts) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            joined.append(part).append(SEPARATOR);
        }
        byte[] hash = sha.digest(joined.toString().getBytes(StandardCharsets.UTF_8));
        return prefix + HexFormat.of().formatHex(hash, 0, 16);
    }
}
