package com.adaudit.contracts;

import java.math.BigDecimal;

/** HIGH_BOUNCE_RATE terms. */
public record BounceTerms(
        BigDecimal maxBounceRate,
        long minSessions,
        long sessionTimeoutMillis,
        int consecutiveWindows,
        BigDecimal multiplier)
        implements java.io.Serializable {}
