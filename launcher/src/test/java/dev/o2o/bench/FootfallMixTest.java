package dev.o2o.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.config.ConfigLoader;
import dev.o2o.config.EngineConfig;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.TouchKind;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FootfallMixTest {
  private static final EngineConfig CONFIG =
      ConfigLoader.load(Path.of("../config/o2o.yaml"), ConfigLoader.DEFAULT_PROFILE, Map.of());
  private static final Instant END = Instant.parse("2026-11-20T12:00:00Z");

  @Test
  void theSameSeedGivesTheSameMixAndAnotherSeedAnother() {
    List<FootfallMix.Generated<?>> mix = FootfallMix.generate(CONFIG, 7, 5_000, END);

    assertThat(FootfallMix.generate(CONFIG, 7, 5_000, END)).isEqualTo(mix);
    assertThat(FootfallMix.generate(CONFIG, 8, 5_000, END)).isNotEqualTo(mix);
    assertThat(mix.size()).isBetween(5_000, 5_100);
  }

  @Test
  void isInEventTimeOrderAndEndsBeforeTheEnd() {
    List<Instant> times =
        FootfallMix.generate(CONFIG, 7, 5_000, END).stream()
            .<Instant>map(FootfallMix.Generated::at)
            .toList();

    assertThat(times).isSorted();
    assertThat(times.get(times.size() - 1)).isBefore(END);
  }

  @Test
  void everyVisitHasAClickOrCouponClaimOfItsCustomerWithinTheClickWindowBeforeIt() {
    List<FootfallMix.Generated<?>> mix = FootfallMix.generate(CONFIG, 7, 5_000, END);
    Map<String, List<OnlineTouch>> touches =
        valuesOf(mix, OnlineTouch.class).stream()
            .filter(t -> t.kind() == TouchKind.CLICK || t.kind() == TouchKind.COUPON_CLAIM)
            .collect(Collectors.groupingBy(OnlineTouch::customerId));
    List<Visit> visits = valuesOf(mix, Visit.class);

    assertThat(visits).hasSizeGreaterThan(300);
    assertThat(visits)
        .allSatisfy(
            visit ->
                assertThat(touches.getOrDefault(visit.customerId(), List.of()))
                    .anySatisfy(
                        touch -> {
                          assertThat(touch.occurredAt()).isBefore(visit.enteredAt());
                          assertThat(
                                  touch
                                      .occurredAt()
                                      .plus(CONFIG.attribution().clickWindow())
                                      .isAfter(visit.enteredAt()))
                              .isTrue();
                        }));
  }

  @Test
  void holdsReturningVisitorsHoldoutMembersAndPurchasesDuringVisits() {
    List<FootfallMix.Generated<?>> mix = FootfallMix.generate(CONFIG, 7, 5_000, END);
    List<Visit> closed =
        valuesOf(mix, Visit.class).stream().filter(v -> v.status() == VisitStatus.CLOSED).toList();
    Map<String, Campaign> campaigns =
        CONFIG.campaigns().stream()
            .collect(Collectors.toMap(Campaign::campaignId, Function.identity()));
    Map<String, Long> visitsPerCustomer =
        closed.stream().collect(Collectors.groupingBy(Visit::customerId, Collectors.counting()));

    assertThat(visitsPerCustomer.values()).as("returning visitors").anyMatch(n -> n > 1);
    assertThat(valuesOf(mix, OnlineTouch.class))
        .as("touches of members held out of the campaign")
        .anyMatch(
            t ->
                visitsPerCustomer.containsKey(t.customerId())
                    && campaigns.get(t.campaignId()).holdsOut(t.customerId()));
    assertThat(valuesOf(mix, PosSale.class))
        .as("member sales during a visit, and anonymous sales")
        .anyMatch(sale -> sale.customerId() == null)
        .anyMatch(
            sale ->
                closed.stream()
                    .anyMatch(
                        visit ->
                            visit.customerId().equals(sale.customerId())
                                && visit.storeId().equals(sale.storeId())
                                && !sale.occurredAt().isBefore(visit.enteredAt())
                                && !sale.occurredAt().isAfter(visit.lastSeenAt())));
  }

  private static <T> List<T> valuesOf(List<FootfallMix.Generated<?>> mix, Class<T> type) {
    return mix.stream()
        .map(FootfallMix.Generated::value)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }
}
