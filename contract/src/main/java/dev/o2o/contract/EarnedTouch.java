package dev.o2o.contract;

import java.time.Instant;

/** A campaign touch that earned part of a visit or purchase, with its share under each model. */
public record EarnedTouch(
    String eventId, String campaignId, TouchKind kind, Instant occurredAt, Shares shares) {}
