package dev.o2o.footfall;

import dev.o2o.config.AttributionSettings;
import dev.o2o.contract.CampaignCredit;
import dev.o2o.contract.EarnedTouch;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.Shares;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shares one visit or purchase among the campaign touches that earned it, under every model at
 * once. A touch earns it when it came at or before it and within its window: the click window for
 * acts of the customer (clicks, coupon claims, cart and wishlist), the view window for impressions
 * and product views. Touches are ordered by time, then event id, so first and last are well defined
 * when two touches share a timestamp.
 */
public final class TouchCredit implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The touches that earned a visit or purchase, oldest first, and their sums per campaign. */
  public record Credit(List<EarnedTouch> touches, List<CampaignCredit> campaigns) {}

  private static final Comparator<OnlineTouch> CHRONOLOGICAL =
      Comparator.comparing(OnlineTouch::occurredAt).thenComparing(OnlineTouch::eventId);

  private final AttributionSettings settings;

  public TouchCredit(AttributionSettings settings) {
    this.settings = settings;
  }

  /** The window within which a touch of this kind earns a visit or purchase. */
  public Duration window(OnlineTouch touch) {
    return touch.kind().isClickLike() ? settings.clickWindow() : settings.viewWindow();
  }

  public boolean earns(OnlineTouch touch, Instant at) {
    return !touch.occurredAt().isAfter(at) && touch.occurredAt().plus(window(touch)).isAfter(at);
  }

  public Credit credit(Collection<OnlineTouch> candidates, Instant at) {
    List<OnlineTouch> earning =
        candidates.stream().filter(touch -> earns(touch, at)).sorted(CHRONOLOGICAL).toList();
    if (earning.isEmpty()) {
      return new Credit(List.of(), List.of());
    }
    int count = earning.size();
    double halfLifeMillis = settings.decayHalfLife().toMillis();
    // Weights are taken relative to the newest touch, which weighs one: the normalised shares are
    // the same, and a small half-life cannot make every weight underflow to zero.
    long newest = earning.get(count - 1).occurredAt().toEpochMilli();
    double[] decay = new double[count];
    double decayTotal = 0;
    for (int i = 0; i < count; i++) {
      double olderBy = newest - earning.get(i).occurredAt().toEpochMilli();
      decay[i] = Math.pow(0.5, olderBy / halfLifeMillis);
      decayTotal += decay[i];
    }
    List<EarnedTouch> touches = new ArrayList<>(count);
    Map<String, Shares> perCampaign = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      OnlineTouch touch = earning.get(i);
      Shares shares =
          new Shares(i == 0 ? 1 : 0, i == count - 1 ? 1 : 0, 1.0 / count, decay[i] / decayTotal);
      touches.add(
          new EarnedTouch(
              touch.eventId(), touch.campaignId(), touch.kind(), touch.occurredAt(), shares));
      perCampaign.merge(touch.campaignId(), shares, Shares::plus);
    }
    List<CampaignCredit> campaigns = new ArrayList<>();
    perCampaign.forEach(
        (campaignId, shares) -> campaigns.add(new CampaignCredit(campaignId, shares)));
    return new Credit(touches, campaigns);
  }
}
