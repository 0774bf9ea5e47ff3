package com.adaudit.rules.ivt;

/** A click's general-invalid-traffic category, the first that applies in this order, or VALID. */
public enum GivtCategory {
    BOT_USER_AGENT("bot_user_agent"),
    DATACENTER_IP("datacenter_ip"),
    DUPLICATE_CLICK("duplicate_click"),
    VALID("valid");

    public final String wireName;

    GivtCategory(String wireName) {
        this.wireName = wireName;
    }
}
