package com.adaudit.events;

/** An event that arrived after the result it feeds was final: its stream, id and JSON. */
public record LateEvent(String stream, String id, String eventJson) {}
