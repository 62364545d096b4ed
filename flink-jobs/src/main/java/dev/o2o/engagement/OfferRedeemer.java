package dev.o2o.engagement;

import dev.o2o.contract.Offer;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.Redemption.Outcome;
import dev.o2o.contract.Redemption.Refusal;
import dev.o2o.jobs.OfferSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Redeems each offer code once (keyed by code): the issued offer and the till sales carrying its
 * code meet here. The first sale within the offer's validity, in its store, for its sku, by the
 * customer it was issued to (or an anonymous one, since the code itself names the customer) is
 * accepted; any other sale with the code is refused with the reason, and both are recorded.
 *
 * <p>A sale can overtake its offer, which is written by another operator from other inputs; a sale
 * whose code is unknown therefore waits until event time passes the sale plus {@code grace} (the
 * engine's out-of-orderness bound) before it is refused as unknown. All state of a code, and its
 * timer, is dropped once event time passes the offer's expiry plus the same grace; a code used
 * after that is unknown.
 */
public final class OfferRedeemer
    extends KeyedCoProcessFunction<String, Offer, PosSale, Redemption> {
  static final ValueStateDescriptor<Offer> OFFER =
      new ValueStateDescriptor<>("offer", OfferSerializer.INSTANCE);

  static final ValueStateDescriptor<Redemption> REDEEMED =
      new ValueStateDescriptor<>("redeemed", Redemption.class);

  static final ListStateDescriptor<PosSale> WAITING =
      new ListStateDescriptor<>("waiting-sales", PosSale.class);

  private final Duration grace;
  private transient ValueState<Offer> offer;
  private transient ValueState<Redemption> redeemed;
  private transient ListState<PosSale> waiting;

  public OfferRedeemer(Duration grace) {
    this.grace = grace;
  }

  @Override
  public void open(OpenContext context) {
    offer = getRuntimeContext().getState(OFFER);
    redeemed = getRuntimeContext().getState(REDEEMED);
    waiting = getRuntimeContext().getListState(WAITING);
  }

  @Override
  public void processElement1(Offer issued, Context ctx, Collector<Redemption> out)
      throws Exception {
    if (offer.value() != null) {
      return;
    }
    offer.update(issued);
    ctx.timerService().registerEventTimeTimer(forgetAt(issued));
    List<PosSale> early = new ArrayList<>();
    waiting.get().forEach(early::add);
    early.sort(Comparator.comparing(PosSale::occurredAt));
    for (PosSale sale : early) {
      ctx.timerService().deleteEventTimeTimer(giveUpAt(sale));
      out.collect(redeem(issued, sale));
    }
    waiting.clear();
  }

  @Override
  public void processElement2(PosSale sale, Context ctx, Collector<Redemption> out)
      throws Exception {
    Offer issued = offer.value();
    if (issued == null) {
      waiting.add(sale);
      ctx.timerService().registerEventTimeTimer(giveUpAt(sale));
      return;
    }
    out.collect(redeem(issued, sale));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Redemption> out)
      throws Exception {
    Offer issued = offer.value();
    if (issued != null) {
      if (timestamp >= forgetAt(issued)) {
        offer.clear();
        redeemed.clear();
        waiting.clear();
      }
      return;
    }
    List<PosSale> stillWaiting = new ArrayList<>();
    for (PosSale sale : waiting.get()) {
      if (giveUpAt(sale) <= timestamp) {
        out.collect(refusal(null, sale, Refusal.UNKNOWN_CODE));
      } else {
        stillWaiting.add(sale);
      }
    }
    if (stillWaiting.isEmpty()) {
      waiting.clear();
    } else {
      waiting.update(stillWaiting);
    }
  }

  private Redemption redeem(Offer issued, PosSale sale) throws Exception {
    Redemption earlier = redeemed.value();
    if (earlier != null) {
      // The same sale delivered again gets the same answer, not a refusal of itself.
      return earlier.saleEventId().equals(sale.eventId())
          ? earlier
          : refusal(issued, sale, Refusal.ALREADY_REDEEMED);
    }
    if (!sale.occurredAt().isBefore(issued.expiresAt())) {
      return refusal(issued, sale, Refusal.EXPIRED);
    }
    if (sale.customerId() != null && !sale.customerId().equals(issued.customerId())) {
      return refusal(issued, sale, Refusal.OTHER_CUSTOMER);
    }
    if (!sale.storeId().equals(issued.storeId())) {
      return refusal(issued, sale, Refusal.OTHER_STORE);
    }
    if (!sale.sku().equals(issued.sku())) {
      return refusal(issued, sale, Refusal.OTHER_ITEM);
    }
    Redemption accepted = redemption(issued, sale, Outcome.ACCEPTED, null);
    redeemed.update(accepted);
    return accepted;
  }

  private static Redemption refusal(Offer issued, PosSale sale, Refusal reason) {
    return redemption(issued, sale, Outcome.REFUSED, reason);
  }

  private static Redemption redemption(
      Offer issued, PosSale sale, Outcome outcome, Refusal refusal) {
    return new Redemption(
        Redemption.idOf(sale),
        sale.offerCode(),
        issued == null ? null : issued.offerId(),
        issued == null ? null : issued.campaignId(),
        outcome == Outcome.ACCEPTED ? issued.customerId() : sale.customerId(),
        sale.storeId(),
        sale.eventId(),
        sale.receiptId(),
        sale.sku(),
        outcome,
        refusal,
        sale.occurredAt(),
        issued == null ? null : issued.benefit());
  }

  private long forgetAt(Offer issued) {
    return issued.expiresAt().plus(grace).toEpochMilli();
  }

  private long giveUpAt(PosSale sale) {
    return sale.occurredAt().plus(grace).toEpochMilli();
  }
}
