package dev.o2o.config;

import java.io.Serializable;

/** The HTTP API, dashboard and metrics endpoint. */
public record HttpSettings(String host, int port) implements Serializable {}
