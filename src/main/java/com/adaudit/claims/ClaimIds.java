package com.adaudit.claims;

import com.adaudit.rules.WindowVerdict;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic ids: the first 128 bits of SHA-256 over the identifying fields, so replays,
 * restarts and reprocessing give the same id and consumers can de-duplicate on it.
 */
public final class ClaimIds {

    private static final char SEPARATOR = '\u001f';

    private ClaimIds() {}

    /** docs/reference.md: a function of (contract_id, kind, campaign_id, source_id, window_start, window_end). */
    public static String claimId(String contractId, ClaimKind kind, String campaignId, String sourceId,
            long windowStart, long windowEnd) {
        return "clm-" + digest(contractId, kind.name(), campaignId, sourceId,
                Long.toString(windowStart), Long.toString(windowEnd));
    }

    /** One flag per rule and window; an IMPRESSION_GAP flag also names its report. */
    public static String flagId(WindowVerdict v) {
        return "flg-" + digest(v.rule().name(), v.contractId(), v.campaignId(), v.sourceId(),
                Long.toString(v.windowStart()), Long.toString(v.windowEnd()),
                v.reportId() == null ? "" : v.reportId());
    }

    private static String digest(String... parts) {
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
        return HexFormat.of().formatHex(hash, 0, 16);
    }
}
