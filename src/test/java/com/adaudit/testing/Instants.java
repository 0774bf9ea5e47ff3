package com.adaudit.testing;

import java.time.Duration;
import java.time.Instant;

/** Fixed instants for test data: never the wall clock. */
public final class Instants {

    /** 2026-11-22T10:00:00Z, the hour of docs/reference.md's worked examples. */
    public static final long T0 = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();

    public static final long MINUTE = Duration.ofMinutes(1).toMillis();
    public static final long HOUR = Duration.ofHours(1).toMillis();

    private Instants() {}

    /** T0 plus whole hours and minutes. */
    public static long at(int hours, int minutes) {
        return T0 + hours * HOUR + minutes * MINUTE;
    }
}
