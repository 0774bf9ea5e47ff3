package com.adaudit.rules;

/** A rule breach that qualifies for a claim, with its deterministic id. */
public record Flag(String flagId, WindowVerdict verdict) {}
