package com.adaudit.contracts;

import java.math.BigDecimal;

/**
 * INVALID_TRAFFIC terms (general invalid traffic, GIVT).
 *
 * @param duplicateWindowMillis a click is a duplicate when an earlier click of the same (campaign,
 *     source, ip, user_agent) is at most this much older; from 0 to one hour
 */
public record InvalidTrafficTerms(
        BigDecimal maxIvtRate,
        long minClicks,
        long duplicateWindowMillis,
        int consecutiveWindows,
        BigDecimal multiplier)
        implements java.io.Serializable {}
