package dev.o2o.store;

import java.util.List;

/**
 * The Geode regions that serve the engine's latest view. Keys are strings, values are the JSON of
 * the contract records (see {@link dev.o2o.contract.Json}), so any client can read them and the
 * HTTP API returns them as they are stored.
 */
public final class Regions {
  private Regions() {}

  /** {@code sku@locationId} to {@link dev.o2o.contract.StockLevel}. */
  public static final String INVENTORY = "inventory";

  /** {@code customerId} to the customer's latest {@link dev.o2o.contract.Visit}. */
  public static final String VISITS = "visits";

  /** {@code customerId} to the customer's latest {@link dev.o2o.contract.Offer}. */
  public static final String OFFERS = "offers";

  /** {@code storeId@minute} to {@link dev.o2o.contract.FootfallMinute}. */
  public static final String FOOTFALL = "footfall";

  /** {@code campaignId} to {@link dev.o2o.contract.CampaignStats}. */
  public static final String CAMPAIGNS = "campaign-stats";

  /**
   * {@code sku@locationId} to the latest {@link dev.o2o.contract.StockAlert} there; a {@code
   * restocked} alert means the location is no longer low.
   */
  public static final String STOCK_ALERTS = "stock-alerts";

  /** {@code storeId} to the store's {@link dev.o2o.contract.StoreCreditTotals}. */
  public static final String STORE_CREDITS = "store-credits";

  /** {@code customerId} to the member's {@link dev.o2o.contract.MemberProfile}. */
  public static final String PROFILES = "customer-profiles";

  /** {@code code} to the {@link dev.o2o.contract.Redemption} that redeemed the offer. */
  public static final String REDEMPTIONS = "redemptions";

  /** {@code campaignId} to the latest {@link dev.o2o.contract.CampaignReport} on the campaign. */
  public static final String CAMPAIGN_REPORTS = "campaign-reports";

  /** {@code campaignId} to the campaign's {@link dev.o2o.contract.CampaignKpis}. */
  public static final String CAMPAIGN_KPIS = "campaign-kpis";

  /** {@code storeId} to the store's {@link dev.o2o.contract.StoreKpis}. */
  public static final String STORE_KPIS = "store-kpis";

  /** {@code campaignId} to the latest {@link dev.o2o.contract.CampaignBudget} of the campaign. */
  public static final String CAMPAIGN_BUDGETS = "campaign-budgets";

  public static final List<String> ALL =
      List.of(
          INVENTORY,
          VISITS,
          OFFERS,
          FOOTFALL,
          CAMPAIGNS,
          STOCK_ALERTS,
          STORE_CREDITS,
          PROFILES,
          REDEMPTIONS,
          CAMPAIGN_REPORTS,
          CAMPAIGN_BUDGETS,
          CAMPAIGN_KPIS,
          STORE_KPIS);

  /**
   * The regions whose every change the live dashboard receives. Member profiles are left out: they
   * are personal, and an associate reads them one customer at a time.
   */
  public static final List<String> LIVE =
      ALL.stream().filter(region -> !region.equals(PROFILES)).toList();
}
