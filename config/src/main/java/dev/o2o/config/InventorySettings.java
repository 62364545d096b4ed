package dev.o2o.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the inventory treats online orders: a reservation neither consumed (picked up, shipped) nor
 * released (cancelled, rejected) within {@code reservationTtl} of the order, in event time, is
 * released, so that an abandoned order cannot hold stock for ever.
 */
public record InventorySettings(Duration reservationTtl) implements Serializable {}
