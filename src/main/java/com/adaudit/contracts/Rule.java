package com.adaudit.contracts;

/** The three seed rules of docs/reference.md. */
public enum Rule {
    UNDERPRICED_SOURCE,
    HIGH_BOUNCE_RATE,
    IMPRESSION_GAP
}
