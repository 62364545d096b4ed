package dev.o2o.contract;

import java.time.Instant;

/** The membership system's current view of a customer: tier and consent to arrival offers. */
public record CustomerUpdated(
    String eventId, Instant occurredAt, String customerId, String tier, Boolean offerConsent)
    implements Event {
  public CustomerUpdated {
    Require.id(eventId, "eventId");
    Require.present(occurredAt, "occurredAt");
    Require.id(customerId, "customerId");
    Require.id(tier, "tier");
    Require.present(offerConsent, "offerConsent");
  }
}
