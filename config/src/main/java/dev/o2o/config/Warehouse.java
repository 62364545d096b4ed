package dev.o2o.config;

import java.io.Serializable;

/** The online warehouse: a stock location that ships but has no shop floor. */
public record Warehouse(String id, String name, GeoPoint location) implements Serializable {}
