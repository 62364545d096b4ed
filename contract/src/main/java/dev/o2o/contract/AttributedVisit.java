package dev.o2o.contract;

import java.time.Instant;

/** A store visit credited to the online campaign touch that preceded it within its window. */
public record AttributedVisit(
    String visitId,
    String customerId,
    String storeId,
    String campaignId,
    TouchKind touchKind,
    Instant touchedAt,
    Instant visitedAt) {}
