package com.adaudit.events;

/** A record not yet decoded (a contract update), with where it came from. */
public record RawRecord(byte[] value, Origin origin) {}
