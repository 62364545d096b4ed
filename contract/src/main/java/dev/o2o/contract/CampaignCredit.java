package dev.o2o.contract;

/** What one campaign earned of a visit or purchase: the sum of its touches' shares. */
public record CampaignCredit(String campaignId, Shares shares) {}
