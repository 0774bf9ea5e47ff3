package com.adaudit.claims;

/** SPEND: a window's click spend is invalid traffic. IMPRESSIONS: billed impressions not measured. */
public enum ClaimKind {
    SPEND,
    IMPRESSIONS
}
