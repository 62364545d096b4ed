package dev.o2o.config;

import java.io.Serializable;

/** Where the Geode locator is; the embedded default also starts a server on {@code serverPort}. */
public record GeodeSettings(String locatorHost, int locatorPort, int serverPort, String serverHeap)
    implements Serializable {}
