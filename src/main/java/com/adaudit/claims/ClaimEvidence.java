package com.adaudit.claims;

import java.math.BigDecimal;

/**
 * The figures a claim rests on. Spend claims carry the click figures and, per reason, the
 * price or bounce figures; impression claims the report and what was measured. Figures that do
 * not apply are {@code null}.
 */
public record ClaimEvidence(
        Long clicks,
        Long spendMicros,
        BigDecimal avgCpcMicros,
        BigDecimal marketCpcMicros,
        Long landed,
        Long bounced,
        Long unlanded,
        BigDecimal bounceRate,
        String reportId,
        Long reportedImpressions,
        Long measuredImpressions,
        BigDecimal deliveryRatio,
        Long costMicros,
        String[] flagIds) {}
