package dev.o2o.contract;

import java.time.Instant;

/** Marketing created or changed a campaign; the engine applies it at runtime. */
public record CampaignDefined(String eventId, Instant occurredAt, Campaign campaign)
    implements Event {
  public CampaignDefined {
    Require.id(eventId, "eventId");
    Require.present(occurredAt, "occurredAt");
    Require.present(campaign, "campaign");
  }
}
