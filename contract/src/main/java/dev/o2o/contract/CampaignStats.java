package dev.o2o.contract;

import java.time.Instant;

/** The running totals of one campaign's store impact. */
public record CampaignStats(String campaignId, long attributedVisits, Instant updatedAt) {}
