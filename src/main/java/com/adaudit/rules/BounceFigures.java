package com.adaudit.rules;

import java.math.BigDecimal;

/**
 * HIGH_BOUNCE_RATE's figures of a source window: its clicks and their spend, and of its clicks
 * those that landed, bounced and never landed.
 *
 * @param bounceRate bounced / landed, rounded for display; {@code null} when none landed
 */
public record BounceFigures(
        long clicks, long spendMicros, long landed, long bounced, long unlanded, BigDecimal bounceRate) {}
