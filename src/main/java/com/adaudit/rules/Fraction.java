package com.adaudit.rules;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** An exact non-negative rational, for prices and rates compared against contract thresholds. */
public record Fraction(BigInteger numerator, BigInteger denominator) implements Comparable<Fraction> {

    /** Decimal places of the figures shown in flags and evidence (display only, never compared). */
    public static final int DISPLAY_SCALE = 6;

    public static Fraction of(long numerator, long denominator) {
        return new Fraction(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
    }

    public static Fraction of(BigDecimal d) {
        return d.scale() >= 0
                ? new Fraction(d.unscaledValue(), BigInteger.TEN.pow(d.scale()))
                : new Fraction(d.toBigIntegerExact(), BigInteger.ONE);
    }

    public Fraction times(Fraction other) {
        return new Fraction(numerator.multiply(other.numerator), denominator.multiply(other.denominator));
    }

    public Fraction plus(Fraction other) {
        return new Fraction(
                numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
                denominator.multiply(other.denominator));
    }

    public Fraction half() {
        return new Fraction(numerator, denominator.shiftLeft(1));
    }

    @Override
    public int compareTo(Fraction other) {
        return numerator.multiply(other.denominator).compareTo(other.numerator.multiply(denominator));
    }

    /** Rounded half-up to {@link #DISPLAY_SCALE} places, without trailing zeros (700000, not 7E+5). */
    public BigDecimal toDisplay() {
        BigDecimal d =
                new BigDecimal(numerator).divide(new BigDecimal(denominator), DISPLAY_SCALE, RoundingMode.HALF_UP);
        BigDecimal stripped = d.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
