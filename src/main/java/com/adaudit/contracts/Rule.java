package com.adaudit.contracts;

/** The rules of docs/reference.md. */
public enum Rule {
    UNDERPRICED_SOURCE,
    HIGH_BOUNCE_RATE,
    IMPRESSION_GAP,
    INVALID_TRAFFIC
}
