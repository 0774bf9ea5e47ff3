package com.adaudit.testing;

/** Contract JSON for tests: contract K of docs/reference.md's worked examples, with variations. */
public final class ContractJson {

    private ContractJson() {}

    public static String contractK(String rules) {
        return contract("K", 1, "[\"c-42\"]", "PT1H", rules);
    }

    public static String contract(String id, int version, String campaigns, String window, String rules) {
        return String.format(
                "{\"contract_id\":\"%s\",\"vendor\":\"Vendor %s\",\"version\":%d,\"currency\":\"CNY\","
                        + "\"campaign_ids\":%s,\"window\":\"%s\",\"rules\":{%s}}",
                id, id, version, campaigns, window, rules);
    }

    public static final String UNDERPRICED_K =
            "\"underpriced_source\":{\"max_discount\":0.30,\"market_cpc_micros\":1000000,\"min_clicks\":30}";
    public static final String BOUNCE_K =
            "\"high_bounce_rate\":{\"max_bounce_rate\":0.70,\"min_sessions\":30,\"multiplier\":2.0}";
    public static final String GAP_K =
            "\"impression_gap\":{\"min_delivery_ratio\":0.90,\"min_reported_impressions\":1000,\"multiplier\":1.0}";
}
