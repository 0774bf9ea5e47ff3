package com.adaudit.claims;

import com.adaudit.rules.PeriodRevision;
import com.adaudit.rules.WindowVerdict;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Turns an IMPRESSION_GAP period's revision into its IMPRESSIONS claim: the same
 * {@code claim_id} for every revision of the period, the amount of the report in force (0 when
 * it no longer breaches). The run stage decides which revisions there are and numbers them.
 */
public class ImpressionClaimIssuer extends RichMapFunction<PeriodRevision, Claim> {

    private transient ClaimMetrics metrics;

    @Override
    public void open(OpenContext openContext) {
        metrics = new ClaimMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public Claim map(PeriodRevision revision) {
        Claim claim = claim(revision);
        metrics.issued(claim, revision.previous() == null ? 0 : amount(revision.previous()));
        return claim;
    }

    static Claim claim(PeriodRevision revision) {
        WindowVerdict v = revision.verdict();
        ImpressionEvidence evidence = new ImpressionEvidence(v.report(), revision.flagIds());
        return new Claim(
                ClaimIds.claimId(
                        v.contractId(),
                        ClaimKind.IMPRESSIONS,
                        v.campaignId(),
                        v.sourceId(),
                        v.windowStart(),
                        v.windowEnd()),
                revision.revision(),
                v.contractId(),
                v.contractVersion(),
                v.vendor(),
                v.campaignId(),
                v.sourceId(),
                ClaimKind.IMPRESSIONS,
                new String[] {"IMPRESSION_GAP"},
                v.windowStart(),
                v.windowEnd(),
                v.report().costMicros(),
                v.multiplier(),
                amount(v),
                v.currency(),
                null,
                evidence);
    }

    private static long amount(WindowVerdict v) {
        return v.isBreach()
                ? Money.impressionAmount(
                        v.report().costMicros(),
                        v.report().reportedImpressions(),
                        v.report().measuredImpressions(),
                        v.multiplier())
                : 0L;
    }
}
