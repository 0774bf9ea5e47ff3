package com.adaudit.testing;

/** What the replay's line reader skips uncounted: a line of spaces, tabs and carriage returns only. */
public final class BlankLines {

    private BlankLines() {}

    public static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
