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
import java.util.Map;
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
 * asked, questions that come in meanwhile go together in the next request, and a customer's signals
 * still take effect in their order.
 */
class OfferSelectorRemoteStockTest {
  private static final String STORE = "berlin-mitte";
  private static final Instant T0 = TestEngine.MORNING;
  private static final StockInMemory SHELVES =
      new StockInMemory().with(STORE, "BLAZER-NAVY-50", "CHINO-BEIGE-32", "SHIRT-OXF-WHT-M");

  /** Opened by a test to let the remote stock answer; static, as the function may be copied. */
  private static volatile CountDownLatch answer;

  /** Requests the stock received, each carrying the questions of one or more arrivals. */
  private static final AtomicInteger REQUESTS = new AtomicInteger();

  private KeyedBroadcastOperatorTestHarness<String, CustomerSignal, CampaignUpdate, Offer> harness;
  private long now;
  private int sequence;

  /** Stock that answers from another thread, once the test opens {@link #answer}. */
  static final class HeldStock implements StockLookup {
    @Override
    public Set<String> inStock(String storeId, Collection<String> skus) {
      return inStock(Map.of(storeId, skus)).getOrDefault(storeId, Set.of());
    }

    @Override
    public Map<String, Set<String>> inStock(Map<String, ? extends Collection<String>> skusByStore) {
      REQUESTS.incrementAndGet();
      try {
        if (!answer.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never let the stock answer");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return SHELVES.inStock(skusByStore);
    }

    @Override
    public boolean isRemote() {
      return true;
    }
  }

  @BeforeEach
  void holdAnswers() throws Exception {
    answer = new CountDownLatch(1);
    REQUESTS.set(0);
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
  void aSignalWhileTheOfferIsDecidedReachesTheProfileAtOnceButNotTheOffer() throws Exception {
    member("cust-a");
    touch("cust-a", TouchKind.PRODUCT_VIEW, "CHINO-BEIGE-32");
    arrive("cust-a");
    // Carted after the arrival: it must not change the arrival's offer, which a carted item
    // would win, but the profile shows it at once.
    touch("cust-a", TouchKind.ADD_TO_CART, "BLAZER-NAVY-50");
    tick();
    assertThat(offers()).isEmpty();
    assertThat(lastProfile("cust-a").carted()).containsExactly("BLAZER-NAVY-50");

    answer.countDown();
    awaitOffers(1);

    assertThat(offers()).singleElement().extracting(Offer::sku).isEqualTo("CHINO-BEIGE-32");
    assertThat(lastProfile("cust-a").carted()).containsExactly("BLAZER-NAVY-50");
    assertThat(lastProfile("cust-a").liveOffer().sku()).isEqualTo("CHINO-BEIGE-32");
  }

  @Test
  void aSecondArrivalWaitsForTheFirstOfferAndSeesItsCooldown() throws Exception {
    member("cust-a");
    touch("cust-a", TouchKind.PRODUCT_VIEW, "CHINO-BEIGE-32");
    arrive("cust-a", T0);
    arrive("cust-a", T0.plusSeconds(60));
    tick();
    assertThat(lastProfile("cust-a").visits()).hasSize(1);

    answer.countDown();
    awaitOffers(1);
    awaitVisits("cust-a", 2);

    assertThat(offers()).singleElement().extracting(Offer::sku).isEqualTo("CHINO-BEIGE-32");
    assertThat(lastProfile("cust-a").visits()).hasSize(2);
    assertThat(REQUESTS.get()).as("no stock asked for an arrival within the cooldown").isEqualTo(1);
  }

  @Test
  void otherCustomersGoOnWhileOneWaitsForTheStock() throws Exception {
    member("cust-a");
    touch("cust-a", TouchKind.PRODUCT_VIEW, "CHINO-BEIGE-32");
    arrive("cust-a");

    awaitRequests(1);

    member("cust-b");
    touch("cust-b", TouchKind.ADD_TO_CART, "SHIRT-OXF-WHT-M");
    assertThat(lastProfile("cust-b").carted()).containsExactly("SHIRT-OXF-WHT-M");
    arrive("cust-b");
    assertThat(lastProfile("cust-b").visits()).isNotEmpty();

    answer.countDown();
    awaitOffers(2);
    assertThat(offers())
        .extracting(Offer::customerId, Offer::sku)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("cust-a", "CHINO-BEIGE-32"),
            org.assertj.core.groups.Tuple.tuple("cust-b", "SHIRT-OXF-WHT-M"));
  }

  @Test
  void arrivalsWhileARequestIsUnderWayAreAskedTogetherInTheNext() throws Exception {
    member("cust-a");
    touch("cust-a", TouchKind.PRODUCT_VIEW, "CHINO-BEIGE-32");
    arrive("cust-a");
    awaitRequests(1);
    List<String> others = List.of("cust-b", "cust-c", "cust-d", "cust-e");
    for (String customer : others) {
      member(customer);
      touch(customer, TouchKind.ADD_TO_CART, "SHIRT-OXF-WHT-M");
      arrive(customer);
    }

    answer.countDown();
    awaitOffers(5);

    assertThat(offers()).hasSize(5);
    assertThat(REQUESTS.get()).as("the four later arrivals in one request").isEqualTo(2);
  }

  @Test
  void waitingCustomersPollAtSharedInstantsCountedFromNowEvenWhenAPollCameLate() throws Exception {
    member("cust-a");
    touch("cust-a", TouchKind.PRODUCT_VIEW, "CHINO-BEIGE-32");
    member("cust-b");
    touch("cust-b", TouchKind.ADD_TO_CART, "SHIRT-OXF-WHT-M");
    setNow(1);
    arrive("cust-a");
    setNow(3);
    arrive("cust-b");
    assertThat(harness.getProcessingTimeService().getActiveTimerTimestamps())
        .as("one instant for both customers")
        .containsExactly(OfferSelector.POLL_MILLIS);

    // The poll at 5 fires only at 1003, the answers still under way: the next is after now.
    setNow(1_003);
    assertThat(offers()).isEmpty();
    assertThat(harness.numProcessingTimeTimers()).isEqualTo(2);
    assertThat(harness.getProcessingTimeService().getActiveTimerTimestamps())
        .containsExactly(1_005L);

    answer.countDown();
    awaitOffers(2);
    assertThat(offers()).hasSize(2);
    assertThat(harness.numProcessingTimeTimers()).isZero();
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
    arrive(customer, T0);
  }

  private void arrive(String customer, Instant at) throws Exception {
    Visit visit =
        new Visit("visit-" + id(), customer, STORE, at.minusSeconds(10), at, VisitStatus.OPEN, 2);
    harness.processElement(CustomerSignal.of(visit), at.toEpochMilli());
  }

  private void awaitVisits(String customer, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (lastProfile(customer).visits().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(1);
      tick();
    }
  }

  private void awaitRequests(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (REQUESTS.get() < count && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(REQUESTS.get()).isEqualTo(count);
  }

  private void setNow(long millis) throws Exception {
    now = millis;
    harness.setProcessingTime(now);
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
