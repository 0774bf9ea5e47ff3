package com.adaudit.config;

/** A setting that stops the job at start; the message names the key. */
public class ConfigException extends RuntimeException {

    public ConfigException(String key, String problem) {
        super("setting " + key + ": " + problem);
    }
}
