package com.adaudit.replay;

/** One output line of the replay, with the output file it belongs to and the key it is sorted by. */
public record ReplayOutput(String file, String sortKey, String json) {

    public static final String FLAGS = "flags.jsonl";
    public static final String CLAIMS = "claims.jsonl";
    public static final String DEAD_LETTERS = "dead-letters.jsonl";
    public static final String LATE = "late.jsonl";
    public static final String QUALITY = "quality.jsonl";
}
