package com.adaudit.rules;

import java.math.BigDecimal;

/**
 * UNDERPRICED_SOURCE's figures of a source window.
 *
 * @param avgCpcMicros the average click cost, rounded for display
 * @param marketCpcMicros the market price it was compared with, {@code null} when there was none
 */
public record PriceFigures(long clicks, long spendMicros, BigDecimal avgCpcMicros, BigDecimal marketCpcMicros) {}
