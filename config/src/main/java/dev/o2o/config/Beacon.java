package dev.o2o.config;

import java.io.Serializable;

/** A beacon installed in a store, and the zone of the store it covers. */
public record Beacon(String id, String zone) implements Serializable {}
