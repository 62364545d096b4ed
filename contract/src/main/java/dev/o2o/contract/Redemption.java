package dev.o2o.contract;

import java.time.Instant;

/**
 * What happened when a till sale carried an offer code: the offer redeemed, or the code refused
 * with the reason. The id derives from the sale's event id, so a sale delivered twice gives the
 * same record; {@code offerId} and {@code campaignId} are absent when the code was never issued. An
 * accepted redemption names the customer the offer was issued to, even when the sale was anonymous,
 * and carries the offer's {@code benefit}, which is what the member was given (bonus points are
 * credited from it); a refused one carries the benefit of the offer it refers to, if any.
 */
public record Redemption(
    String redemptionId,
    String code,
    String offerId,
    String campaignId,
    String customerId,
    String storeId,
    String saleEventId,
    String receiptId,
    String sku,
    Outcome outcome,
    Refusal refusal,
    Instant occurredAt,
    Benefit benefit) {
  public Redemption {
    Require.id(redemptionId, "redemptionId");
    Require.id(code, "code");
    Require.optionalId(offerId, "offerId");
    Require.optionalId(campaignId, "campaignId");
    Require.optionalId(customerId, "customerId");
    Require.id(storeId, "storeId");
    Require.id(saleEventId, "saleEventId");
    Require.id(receiptId, "receiptId");
    Require.id(sku, "sku");
    Require.present(outcome, "outcome");
    Require.present(occurredAt, "occurredAt");
    if ((outcome == Outcome.REFUSED) != (refusal != null)) {
      throw new InvalidEventException("a refused redemption, and only that, has a refusal");
    }
  }

  public static String idOf(PosSale sale) {
    return "redemption-" + sale.eventId();
  }

  /** Whether the offer was redeemed. */
  public enum Outcome {
    ACCEPTED("accepted"),
    REFUSED("refused");

    private final String wireName;

    Outcome(String wireName) {
      this.wireName = wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }
  }

  /** Why a code was refused. */
  public enum Refusal {
    /** The offer was redeemed before, by another sale. */
    ALREADY_REDEEMED("already-redeemed"),
    /** No offer was issued with this code, or it expired so long ago that it is forgotten. */
    UNKNOWN_CODE("unknown-code"),
    /** The sale happened when the offer had expired. */
    EXPIRED("expired"),
    /** The offer was issued to another customer. */
    OTHER_CUSTOMER("other-customer"),
    /** The offer was issued for another store. */
    OTHER_STORE("other-store"),
    /** The offer is for another sku than the one sold. */
    OTHER_ITEM("other-item");

    private final String wireName;

    Refusal(String wireName) {
      this.wireName = wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }
  }
}
