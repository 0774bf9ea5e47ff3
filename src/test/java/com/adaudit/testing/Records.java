package com.adaudit.testing;

import com.adaudit.admission.Governor;
import com.adaudit.contracts.Contract;
import com.adaudit.contracts.ContractParser;
import com.adaudit.events.Click;
import com.adaudit.events.Impression;
import com.adaudit.events.PageView;
import com.adaudit.events.VendorReport;
import java.nio.charset.StandardCharsets;

/** Governed event records for operator tests, stamped by the real governors of contract K. */
public final class Records {

    /** Contract K of docs/reference.md's worked examples, with all three rules, governing campaign c-42. */
    public static final Contract K = contract(ContractJson.contractK(
            ContractJson.UNDERPRICED_K + "," + ContractJson.BOUNCE_K + "," + ContractJson.GAP_K));

    private Records() {}

    public static Contract contract(String json) {
        return ContractParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    public static Click click(String id, long ts, String source, long costMicros) {
        return Governor.CLICKS.govern(new Click(id, ts, "c-42", source, costMicros, "CNY", null, null, null), K);
    }

    public static PageView pageview(String id, long ts, String clickId) {
        return Governor.PAGEVIEWS.govern(new PageView(id, ts, clickId, "c-42", "s1", null), K);
    }

    public static Impression impression(String id, long ts, String source) {
        return Governor.IMPRESSIONS.govern(new Impression(id, ts, "c-42", source, null), K);
    }

    public static VendorReport report(
            String id, long ts, long periodStart, long periodEnd, long impressions, long cost) {
        return Governor.vendorReports(7 * 24 * Instants.HOUR)
                .govern(
                        new VendorReport(
                                id, ts, "c-42", "s3", periodStart, periodEnd, impressions, cost, "CNY", null, null),
                        K);
    }
}
