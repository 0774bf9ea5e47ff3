package com.adaudit.claims;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** Claim amounts: exact arithmetic in integer micros, one half-up rounding at the end. */
public final class Money {

    private Money() {}

    /** {@code basis * multiplier}, rounded half-up to whole micros. */
    public static long spendAmount(long basisMicros, BigDecimal multiplier) {
        return BigDecimal.valueOf(basisMicros)
                .multiply(multiplier)
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    /** {@code cost * (reported - measured) / reported * multiplier}, rounded half-up to whole micros. */
    public static long impressionAmount(long costMicros, long reported, long measured, BigDecimal multiplier) {
        BigDecimal numerator = new BigDecimal(
                        BigInteger.valueOf(costMicros).multiply(BigInteger.valueOf(reported - measured)))
                .multiply(multiplier);
        return numerator
                .divide(BigDecimal.valueOf(reported), 0, RoundingMode.HALF_UP)
                .longValueExact();
    }
}
