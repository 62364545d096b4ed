package dev.o2o.store.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LiveFeedTest {
  @Test
  void messageNamesTheRegionAndEmbedsTheStoredJsonOnOneDataLine() {
    String message =
        LiveFeed.message("offers", "c-1", "{\n  \"offerId\": \"o-1\",\n  \"percentOff\": 10\n}");

    assertThat(message)
        .isEqualTo(
            "event: offers\ndata: {\"key\":\"c-1\",\"value\":{\"offerId\":\"o-1\",\"percentOff\":10}}\n\n");
  }

  @Test
  void aDestroyedEntryHasANullValue() {
    assertThat(LiveFeed.message("visits", "c-2", null))
        .isEqualTo("event: visits\ndata: {\"key\":\"c-2\",\"value\":null}\n\n");
  }

  @Test
  void aValueThatIsNotJsonIsSentAsAString() {
    assertThat(LiveFeed.message("inventory", "k", "not json"))
        .isEqualTo("event: inventory\ndata: {\"key\":\"k\",\"value\":\"not json\"}\n\n");
  }
}
