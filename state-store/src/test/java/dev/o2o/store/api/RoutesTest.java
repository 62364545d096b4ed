package dev.o2o.store.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutesTest {
  private final Routes<String> routes =
      new Routes<String>()
          .add("/api/stores", "stores")
          .add("/api/stores/{storeId}/stock", "stock")
          .add("/", "root")
          .add("/{asset}", "asset");

  @Test
  void bindsPathVariablesByTemplate() {
    Routes.Match<String> match = routes.match("/api/stores/berlin-mitte/stock").orElseThrow();

    assertThat(match.handler()).isEqualTo("stock");
    assertThat(match.template()).isEqualTo("/api/stores/{storeId}/stock");
    assertThat(match.variables()).containsExactly(Map.entry("storeId", "berlin-mitte"));
  }

  @Test
  void decodesPercentEncodingButKeepsPlusSigns() {
    assertThat(routes.match("/api/stores/caf%C3%A9+bar/stock").orElseThrow().variables())
        .containsEntry("storeId", "café+bar");
  }

  @Test
  void prefersLiteralRoutesInOrderAndMatchesTheRoot() {
    assertThat(routes.match("/api/stores").orElseThrow().handler()).isEqualTo("stores");
    assertThat(routes.match("/").orElseThrow().handler()).isEqualTo("root");
    assertThat(routes.match("/dashboard.js").orElseThrow().variables())
        .containsEntry("asset", "dashboard.js");
  }

  @Test
  void matchesNothingForOtherShapes() {
    assertThat(routes.match("/api/stores/berlin-mitte")).isEmpty();
    assertThat(routes.match("/api/stores//stock")).isEmpty();
    assertThat(routes.match("/api/stores/berlin-mitte/stock/extra")).isEmpty();
  }

  @Test
  void rejectsMalformedEncodingAsABadRequest() {
    assertThatThrownBy(() -> routes.match("/api/stores/%zz/stock"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void parsesQueryParametersFirstValueWins() {
    assertThat(Routes.query("store=berlin-mitte&minutes=30&minutes=5&flag&name=a+b%21"))
        .containsExactly(
            Map.entry("store", "berlin-mitte"),
            Map.entry("minutes", "30"),
            Map.entry("flag", ""),
            Map.entry("name", "a b!"));
    assertThat(Routes.query(null)).isEmpty();
  }
}
