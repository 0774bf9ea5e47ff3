package com.adaudit.rules;

/** A window's result under one rule. NOT_EVALUABLE (below the minimum sample) breaks runs. */
public enum Status {
    BREACH,
    PASS,
    NOT_EVALUABLE
}
