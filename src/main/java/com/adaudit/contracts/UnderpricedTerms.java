package com.adaudit.contracts;

import java.math.BigDecimal;

/**
 * UNDERPRICED_SOURCE terms. {@code marketCpcMicros} is {@code null} when the contract sets no
 * market price: the market is then the median over the campaign's sources.
 */
public record UnderpricedTerms(
        BigDecimal maxDiscount, Long marketCpcMicros, long minClicks, int consecutiveWindows, BigDecimal multiplier)
        implements java.io.Serializable {}
