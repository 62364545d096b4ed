package dev.o2o.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.contract.CustomerUpdated;
import dev.o2o.contract.MemberProfile;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.TouchKind;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.jobs.TestEngine;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The offer selector with stock in another process: the task goes on while a store's stock is
 * asked, and a customer's signals still take effect in their order.
 */
class OfferSelectorRemoteStockTest {
  private static final String STORE = "berlin-mitte";
  private static final Instant T0 = TestEngine.MORNING;
  private static final StockInMemory SHELVES =
      new StockInMemory().with(STORE, "BLAZER-NAVY-50", "CHINO-BEIGE-32", "SHIRT-OXF-WHT-M");

  /** Opened by a test to let the remote stock answer; static, as the function may be copied. */
  private static volatile CountDownLatch answer;

  private static final AtomicInteger QUESTIONS = new AtomicInteger();

  private KeyedBroadcastOperatorTestHarness<String, CustomerSignal, CampaignUpdate, Offer> harness;
  private long now;
  private int sequence;

  /** Stock that answers from another thread, once the test opens {@link #answer}. */
  static final class HeldStock implements StockLookup {
    @Override
    public Set<String> inStock(String storeId, Collection<String> skus) {
      QUESTIONS.incrementAndGet();
      try {
        if (!answer.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never let the stock answer");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return SHELVES.inStock(storeId, skus);
    }

    @Override
    public boolean isRemote() {
      return true;
    }
  }

  @BeforeEach
  void holdAnswers() throws Exception {
    answer = new CountDownLatch(1);
    QUESTIONS.set(0);
    harness = open(null);
  }

  private KeyedBroadcastOperatorTestHarness<String, CustomerSignal, CampaignUpdate, Offer> open(
      OperatorSubtaskState restoreFrom) throws Exception {
    OfferSelector selector = new OfferSelector(TestEngine.config(), new HeldStock());
    if (restoreFrom == null) {
      return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
          selector,
          CustomerSignal::customerId,
          Types.STRING,
          OfferSelector.CAMPAIGNS,
          OfferSelector.BUDGETS);
    }
    KeyedBroadcastOperatorTestHarness<String, CustomerSignal, CampaignUpdate, Offer> restored =
        new KeyedBroadcastOperatorTestHarness<>(
            new org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator<>(
                selector, List.of(OfferSelector.CAMPAIGNS, OfferSelector.BUDGETS)),
            CustomerSignal::customerId,
            Types.STRING,
            1,
            1,
            0);
    restored.setup();
    restored.initializeState(restoreFrom);
    restored.open();
    return restored;
  }

  @AfterEach
  void close() throws Exception {
    answer.countDown();
    harness.close();
  }

  @Test
  void aCustomersLaterSignalsWaitBehindTheOfferBeingDecided() throws Exception {
    member("cust-a");
    touch("cust-a", TouchKind.PRODUCT_VIEW, "CHINO-BEIGE-32");
    arrive("cust-a");
    // Carted after the arrival: it must not change the arrival's offer, which a carted item
    // would win, but it must reach the profile afterwards.
    touch("cust-a", TouchKind.ADD_TO_CART, "BLAZER-NAVY-50");
    tick();
    assertThat(offers()).isEmpty();
    assertThat(lastProfile("cust-a").carted()).isEmpty();

    answer.countDown();
    awaitOffers(1);

    assertThat(offers()).singleElement().extracting(Offer::sku).isEqualTo("CHINO-BEIGE-32");
    assertThat(lastProfile("cust-a").carted()).containsExactly("BLAZER-NAVY-50");
    assertThat(lastProfile("cust-a").liveOffer().sku()).isEqualTo("CHINO-BEIGE-32");
  }

  @Test
  void otherCustomersGoOnWhileOneWaitsForTheStock() throws Exception {
    member("cust-a");
    touch("cust-a", TouchKind.PRODUCT_VIEW, "CHINO-BEIGE-32");
    arrive("cust-a");

    member("cust-b");
    touch("cust-b", TouchKind.ADD_TO_CART, "SHIRT-OXF-WHT-M");
    assertThat(lastProfile("cust-b").carted()).containsExactly("SHIRT-OXF-WHT-M");
    arrive("cust-b");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (QUESTIONS.get() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(QUESTIONS.get()).as("both arrivals' stock asked at once").isEqualTo(2);

    answer.countDown();
    awaitOffers(2);
    assertThat(offers())
        .extracting(Offer::customerId, Offer::sku)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("cust-a", "CHINO-BEIGE-32"),
            org.assertj.core.groups.Tuple.tuple("cust-b", "SHIRT-OXF-WHT-M"));
  }

  @Test
  void aCheckpointTakenWhileTheStockIsAskedDecidesAfterTheRestore() throws Exception {
    member("cust-a");
    touch("cust-a", TouchKind.PRODUCT_VIEW, "CHINO-BEIGE-32");
    arrive("cust-a");
    touch("cust-a", TouchKind.ADD_TO_CART, "BLAZER-NAVY-50");
    OperatorSubtaskState snapshot = harness.snapshot(1, now);
    harness.close();
    assertThat(offers()).isEmpty();

    answer = new CountDownLatch(1);
    answer.countDown();
    harness = open(snapshot);
    awaitOffers(1);

    assertThat(offers()).singleElement().extracting(Offer::sku).isEqualTo("CHINO-BEIGE-32");
    assertThat(lastProfile("cust-a").carted()).containsExactly("BLAZER-NAVY-50");
  }

  private void member(String customer) throws Exception {
    harness.processElement(
        CustomerSignal.of(new CustomerUpdated(id(), T0, customer, "gold", true)), 0);
  }

  private void touch(String customer, TouchKind kind, String sku) throws Exception {
    harness.processElement(
        CustomerSignal.of(new OnlineTouch(id(), T0, customer, kind, null, sku)), 0);
  }

  private void arrive(String customer) throws Exception {
    Visit visit =
        new Visit("visit-" + id(), customer, STORE, T0.minusSeconds(10), T0, VisitStatus.OPEN, 2);
    harness.processElement(CustomerSignal.of(visit), T0.toEpochMilli());
  }

  private void tick() throws Exception {
    now += OfferSelector.POLL_MILLIS;
    harness.setProcessingTime(now);
  }

  private void awaitOffers(int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (offers().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(1);
      tick();
    }
  }

  private List<Offer> offers() {
    return harness.extractOutputValues();
  }

  private MemberProfile lastProfile(String customer) {
    MemberProfile last = null;
    for (StreamRecord<MemberProfile> record : harness.getSideOutput(OfferSelector.PROFILES)) {
      if (record.getValue().customerId().equals(customer)) {
        last = record.getValue();
      }
    }
    return last;
  }

  private String id() {
    return "e-" + ++sequence;
  }
}
