package com.adaudit.events;

/**
 * An event that arrived after the result it feeds was final: its stream, id and JSON.
 *
 * @param stage {@code null} when admission found the event late; otherwise the rule stage that
 *     found it (or a record derived from it) late after admission let it through
 */
public record LateEvent(String stream, String id, String eventJson, String stage) {}
