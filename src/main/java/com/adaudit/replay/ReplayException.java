package com.adaudit.replay;

/** A replay that cannot start: a missing directory, an unreadable file, an invalid contract. */
public class ReplayException extends Exception {

    public ReplayException(String message) {
        super(message);
    }
}
