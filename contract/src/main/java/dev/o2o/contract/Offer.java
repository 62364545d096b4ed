package dev.o2o.contract;

import java.time.Instant;

/**
 * An arrival offer for one customer in one store. The offer id is stable for the visit, so a
 * redelivered offer is recognised and dropped before it reaches the phone twice; the code is what
 * the customer shows at the till.
 */
public record Offer(
    String offerId,
    String customerId,
    String storeId,
    String visitId,
    String sku,
    String campaignId,
    int percentOff,
    String code,
    String reason,
    Instant issuedAt,
    Instant expiresAt) {}
