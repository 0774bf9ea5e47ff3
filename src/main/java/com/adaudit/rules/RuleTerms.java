package com.adaudit.rules;

import com.adaudit.contracts.Contract;
import java.math.BigDecimal;

/** The contract terms a verdict was judged under: whose they are, its run length and what breaches cost. */
public record RuleTerms(
        String contractId,
        long contractVersion,
        String vendor,
        String currency,
        int consecutiveWindows,
        BigDecimal multiplier) {

    /** The terms of one of the contract's rules. */
    public static RuleTerms of(Contract contract, int consecutiveWindows, BigDecimal multiplier) {
        return new RuleTerms(
                contract.contractId(),
                contract.version(),
                contract.vendor(),
                contract.currency(),
                consecutiveWindows,
                multiplier);
    }
}
