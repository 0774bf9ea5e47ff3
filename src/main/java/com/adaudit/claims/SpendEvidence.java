package com.adaudit.claims;

import com.adaudit.rules.BounceFigures;
import com.adaudit.rules.IvtFigures;
import com.adaudit.rules.PriceFigures;

/**
 * What a SPEND claim rests on: the window's clicks and spend, and the figures of each rule among
 * its reasons ({@code null} for a rule that is not).
 */
public record SpendEvidence(
        long clicks, long spendMicros, PriceFigures price, BounceFigures bounce, IvtFigures ivt, String[] flagIds) {}
