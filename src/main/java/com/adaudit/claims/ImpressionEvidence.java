package com.adaudit.claims;

import com.adaudit.rules.ReportFigures;

/** What an IMPRESSIONS claim rests on: the report in force and what was measured, and the period's flags. */
public record ImpressionEvidence(ReportFigures report, String[] flagIds) {}
