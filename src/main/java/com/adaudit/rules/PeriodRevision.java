package com.adaudit.rules;

/**
 * An IMPRESSION_GAP period's claim to issue: revision 1 when the period first belongs to a run
 * of breaches, and one more for each later report of the period, whatever its verdict.
 *
 * @param previous the verdict of the revision before, {@code null} for revision 1
 * @param flagIds the flags of the claim so far, sorted
 */
public record PeriodRevision(WindowVerdict verdict, WindowVerdict previous, int revision, String[] flagIds) {}
