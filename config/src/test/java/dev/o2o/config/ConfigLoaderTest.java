package dev.o2o.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o2o.config.testing.TestCertificates;
import dev.o2o.contract.Benefit;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.CampaignAudience;
import dev.o2o.contract.CustomerSegment;
import dev.o2o.contract.Visit;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final Path SHIPPED = Path.of("o2o.yaml");
  private final ConfigLoader loader = new ConfigLoader(Map.of());

  @Test
  void readsTheShippedConfigForTheEmbeddedDefault() {
    EngineConfig config = loader.read(SHIPPED, "embedded", Map.of());
    assertThat(config.stores()).hasSize(4);
    assertThat(config.store("vienna-mariahilf").orElseThrow().timeZone())
        .isEqualTo(ZoneId.of("Europe/Vienna"));
    assertThat(config.catalogue().crossSellOf("SHIRT-OXF-WHT-M")).containsExactly("BLAZER-NAVY-50");
    assertThat(config.campaigns()).extracting(c -> c.campaignId()).contains("autumn-tailoring");
    assertThat(config.kafka().bootstrapServers()).isEqualTo("localhost:19092");
    assertThat(config.engagement().exitAfter()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.attribution().clickWindow()).isEqualTo(Duration.ofDays(7));
    assertThat(config.warehouse().id()).isEqualTo("online-dc");
    assertThat(config.inventory().reservationTtl()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void reservationTtlDefaultsToHalfAnHourAndMustBePositive() {
    assertThat(
            loader
                .read(SHIPPED, "embedded", Map.of("inventory", "{}"))
                .inventory()
                .reservationTtl())
        .isEqualTo(Duration.ofMinutes(30));
    assertThat(
            loader
                .read(SHIPPED, "embedded", Map.of("inventory.reservationTtl", "45s"))
                .inventory()
                .reservationTtl())
        .isEqualTo(Duration.ofSeconds(45));
    assertThatThrownBy(
            () -> loader.read(SHIPPED, "embedded", Map.of("inventory.reservationTtl", "0s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("inventory.reservationTtl: expected a duration above zero");
  }

  @Test
  void gatewaySpoolSizesReadUnitsAndMustFitTogether() {
    GatewaySettings defaults = loader.read(SHIPPED, "embedded", Map.of("gateway", "{}")).gateway();
    assertThat(defaults.kafkaTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.spoolMaxBytes()).isEqualTo(1L << 30);
    assertThat(defaults.spoolSegmentBytes()).isEqualTo(64L << 20);
    assertThat(defaults.spoolFsync()).isTrue();

    GatewaySettings small =
        loader
            .read(
                SHIPPED,
                "embedded",
                Map.of(
                    "gateway.spool.maxBytes", "2MiB",
                    "gateway.spool.segmentBytes", "65536",
                    "gateway.spool.fsync", "false",
                    "gateway.kafkaTimeout", "500ms"))
            .gateway();
    assertThat(small.spoolMaxBytes()).isEqualTo(2L << 20);
    assertThat(small.spoolSegmentBytes()).isEqualTo(65536);
    assertThat(small.spoolFsync()).isFalse();
    assertThat(small.kafkaTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThatThrownBy(
            () -> loader.read(SHIPPED, "embedded", Map.of("gateway.spool.maxBytes", "lots")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "o2o.yaml: gateway.spool.maxBytes: expected a size such as 65536, 512KiB, 64MiB or"
                + " 1GiB, got 'lots'");
    assertThatThrownBy(
            () -> loader.read(SHIPPED, "embedded", Map.of("gateway.spool.maxBytes", "512KiB")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("gateway.spool.maxBytes: expected a size from 1MiB to 1TiB");
    assertThatThrownBy(
            () ->
                loader.read(
                    SHIPPED,
                    "embedded",
                    Map.of(
                        "gateway.spool.maxBytes", "8MiB", "gateway.spool.segmentBytes", "16MiB")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "gateway.spool.segmentBytes: expected a size no larger than gateway.spool.maxBytes");
    assertThatThrownBy(() -> loader.read(SHIPPED, "embedded", Map.of("gateway.kafkaTimeout", "0s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("gateway.kafkaTimeout: expected a duration above zero");
    assertThatThrownBy(
            () -> loader.read(SHIPPED, "embedded", Map.of("gateway.spool.fsync", "sometimes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("gateway.spool.fsync: expected true or false");
  }

  @Test
  void pointsPerUnitOfCurrencyRoundsEarningsDownAndMustNotBeNegative() {
    EngagementSettings engagement =
        loader
            .read(SHIPPED, "embedded", Map.of("engagement.pointsPerUnitOfCurrency", "2.5"))
            .engagement();
    assertThat(engagement.pointsFor(new BigDecimal("59.90"))).isEqualTo(149);
    assertThat(loader.read(SHIPPED, "embedded", Map.of()).engagement().pointsPerUnitOfCurrency())
        .isEqualTo(1);
    assertThatThrownBy(
            () ->
                loader.read(
                    SHIPPED, "embedded", Map.of("engagement.pointsPerUnitOfCurrency", "-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "engagement.pointsPerUnitOfCurrency: expected a number from 0.0 to 1000.0");
  }

  @Test
  void beaconsCoverTheZonesOfTheirStoreAndABeaconWithoutAZoneCoversTheFloor() throws IOException {
    String yaml =
        Files.readString(SHIPPED).replace("{ id: hh-floor, zone: floor }", "{ id: hh-door }");
    EngineConfig config = loader.parse("o2o.yaml", yaml, "embedded", Map.of());
    StoreConfig berlin = config.store("berlin-mitte").orElseThrow();

    assertThat(berlin.zoneOf("bm-menswear")).contains("menswear");
    assertThat(berlin.zoneOf("hh-door")).isEmpty();
    assertThat(config.store("hamburg-jungfernstieg").orElseThrow().zoneOf("hh-door"))
        .contains(Beacon.DEFAULT_ZONE);
  }

  @Test
  void entryWindowDefaultsToAMinuteAndMayNotExceedExitAfter() {
    assertThat(config(Map.of()).engagement().entryWindow()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config(Map.of("engagement", "{}")).engagement().entryWindow())
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(config(Map.of("engagement.entryWindow", "20s")).engagement().entryWindow())
        .isEqualTo(Duration.ofSeconds(20));
    assertThatThrownBy(() -> config(Map.of("engagement.entryWindow", "6m")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "engagement.entryWindow: expected a duration no longer than engagement.exitAfter,"
                + " got '6m'");
    assertThatThrownBy(() -> config(Map.of("engagement.entryWindow", "0s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("engagement.entryWindow: expected a duration above zero");
  }

  @Test
  void ledgerInputsAreAlignedWithinAMinuteAndAnIdleInputMayNotPauseTheOthers() {
    InventorySettings defaults = config(Map.of("inventory", "{}")).inventory();
    assertThat(defaults.inputDrift()).isEqualTo(Duration.ofMinutes(1));
    assertThat(defaults.inputIdleTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.alignsInputs()).isTrue();
    InventorySettings unaligned =
        config(Map.of("inventory.inputDrift", "0s", "inventory.inputIdleTimeout", "30s"))
            .inventory();
    assertThat(unaligned.alignsInputs()).isFalse();
    assertThat(unaligned.inputIdleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(
            () ->
                config(Map.of("inventory.inputDrift", "10s", "inventory.inputIdleTimeout", "11s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "inventory.inputIdleTimeout: expected a duration no longer than inventory.inputDrift,"
                + " or an input falling quiet would pause the others, got '11s'");
    assertThatThrownBy(() -> config(Map.of("inventory.inputIdleTimeout", "0s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("inventory.inputIdleTimeout: expected a duration above zero");
    assertThatThrownBy(() -> config(Map.of("inventory.inputDrift", "soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("inventory.inputDrift: expected a duration");
  }

  @Test
  void footfallLatenessCoversAVisitsCloseAndReturningLooksBackNinetyDaysByDefault() {
    FootfallSettings footfall = config(Map.of("footfall", "{}")).footfall();
    assertThat(footfall.allowedLateness()).isEqualTo(Duration.ofMinutes(10));
    assertThat(footfall.returningWithin()).isEqualTo(Duration.ofDays(90));
    assertThat(config(Map.of("footfall.returningWithin", "30d")).footfall().returningWithin())
        .isEqualTo(Duration.ofDays(30));
    assertThatThrownBy(() -> config(Map.of("footfall.allowedLateness", "1m")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "footfall.allowedLateness: expected a duration at least engagement.exitAfter");
    assertThatThrownBy(() -> config(Map.of("footfall.returningWithin", "0s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("footfall.returningWithin: expected a duration above zero");
  }

  @Test
  void zonesAreIdsAndAStoreHasABoundedNumberOfThem() throws IOException {
    assertRejected(
        "zone: menswear",
        "zone: men's wear",
        "stores[0].beacons[1].zone: expected an id of letters, digits and . _ : -, got 'men's wear'");
    StringBuilder manyZones = new StringBuilder();
    for (int i = 0; i < Visit.MAX_ZONES; i++) {
      manyZones
          .append("      - { id: bm-extra-")
          .append(i)
          .append(", zone: z")
          .append(i)
          .append(" }\n");
    }
    assertRejected(
        "      - { id: bm-womenswear, zone: womenswear }\n",
        "      - { id: bm-womenswear, zone: womenswear }\n" + manyZones,
        "stores[0].beacons["
            + (Visit.MAX_ZONES)
            + "].zone: expected at most "
            + Visit.MAX_ZONES
            + " zones in one store");
  }

  private EngineConfig config(Map<String, String> overrides) {
    return loader.read(SHIPPED, "embedded", overrides);
  }

  @Test
  void distributedProfileOverridesOnlyWhatDiffers() {
    EngineConfig config = loader.read(SHIPPED, "distributed", Map.of());
    assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(config.mqtt().host()).isEqualTo("mqtt");
    assertThat(config.engine().stateBackend()).isEqualTo("rocksdb");
    assertThat(config.stores()).hasSize(4);
  }

  @Test
  void takesSecretsFromTheEnvironment() {
    EngineConfig config =
        new ConfigLoader(Map.of("O2O_GATEWAY_PASSWORD", "from-env"))
            .read(SHIPPED, "embedded", Map.of());
    assertThat(config.mqtt().gatewayPassword()).isEqualTo("from-env");
  }

  @Test
  void appliesOverrides() {
    EngineConfig config =
        loader.read(
            SHIPPED,
            "embedded",
            Map.of("http.port", "9191", "engagement.quietHours.start", "00:00"));
    assertThat(config.http().port()).isEqualTo(9191);
    assertThat(config.engagement().quietHoursStart()).isEqualTo(LocalTime.MIDNIGHT);
  }

  @Test
  void badValuesNameTheFileTheKeyAndTheExpectation() throws IOException {
    assertRejected(
        "latitude: 52.5246",
        "latitude: north",
        "stores[0].latitude: expected a number from -90.0 to 90.0, got 'north'");
    assertRejected(
        "exitAfter: 5m",
        "exitAfter: soon",
        "engagement.exitAfter: expected a duration such as 500ms, 30s, 5m, 2h or 7d, got 'soon'");
    assertRejected(
        "categories: [blazers, shirts]",
        "categories: [blazers, hats]",
        "campaigns[0].categories[1]: expected a category of the catalogue");
    assertRejected(
        "timeZone: Europe/Vienna",
        "timeZone: Mars/Olympus",
        "stores[3].timeZone: expected a time zone such as Europe/Berlin, got 'Mars/Olympus'");
    assertRejected(
        "{ from: DRESS-WRAP-S, to: SCARF-WOOL }",
        "{ from: DRESS-WRAP-S, to: HAT-1 }",
        "catalogue.crossSell[3].to: expected a sku of the catalogue, got 'HAT-1'");
    assertRejected(
        "id: hamburg-jungfernstieg",
        "id: berlin-mitte",
        "stores[1].id: expected a store id used only once");
    assertRejected(
        "partitions: 4\n  replicationFactor",
        "partitions: many\n  replicationFactor",
        "kafka.partitions: expected a whole number from 1 to 1024, got 'many'");
    assertRejected(
        "inflightWindow: 100",
        "inflightWindow: 0",
        "mqtt.inflightWindow: expected a whole number from 1 to 10000, got '0'");
    assertRejected("    name: Berlin Mitte\n", "", "stores[0].name: is required");
  }

  @Test
  void readsTheBrandPolicy() {
    BrandPolicy policy = loader.read(SHIPPED, "embedded", Map.of()).engagement().policy();

    assertThat(policy.maxPercentOff()).isEqualTo(30);
    assertThat(policy.onlineOnlyCategories()).isEmpty();
    assertThat(
            loader
                .read(
                    SHIPPED,
                    "embedded",
                    Map.of("engagement.policy.onlineOnlyCategories", "[dresses]"))
                .engagement()
                .policy()
                .onlineOnlyCategories())
        .containsExactly("dresses");
  }

  @Test
  void badPolicyAndCampaignsBreakingItNameTheKeyAndTheRule() throws IOException {
    assertRejected(
        "maxPercentOff: 30",
        "maxPercentOff: 95",
        "engagement.policy.maxPercentOff: expected a whole number from 0 to 90, got '95'");
    assertRejected(
        "onlineOnlyCategories: []",
        "onlineOnlyCategories: [hats]",
        "engagement.policy.onlineOnlyCategories[0]: expected a category of the catalogue");
    assertRejected(
        "onlineOnlyCategories: []",
        "onlineOnlyCategories: [shirts]",
        "campaigns[0]: expected a campaign within the brand policy (engagement.policy), but it"
            + " breaks [online-only-in-store: categories [shirts] are sold online only");
    assertRejected(
        "    budget: \"4000.00\"",
        "",
        "campaigns[0]: expected a campaign within the brand policy (engagement.policy), but it"
            + " breaks [budget: it has no budget]");
    assertRejected(
        "parityBandPercent: 10 ",
        "parityBandPercent: 5 ",
        "campaigns[0]: expected a campaign within the brand policy (engagement.policy), but it"
            + " breaks [price-parity: an arrival offer at 10% off would undercut the store's shelf"
            + " price beyond the campaign's parity band of 5%]");
    assertRejected(
        "parityBandPercent: 10 ",
        "parityBandPercent: 95 ",
        "campaigns[0].parityBandPercent: expected a whole number from 0 to 90, got '95'");
  }

  @Test
  void readsEveryKindOfBenefitAndTheShorterPercentOff() throws IOException {
    EngineConfig shipped = loader.read(SHIPPED, "embedded", Map.of());
    assertThat(shipped.campaigns())
        .extracting(Campaign::benefit)
        .containsExactly(Benefit.percentOff(10), Benefit.percentOff(15));
    assertThat(shipped.engagement().policy().pointValue()).isEqualByComparingTo("0.01");

    assertThat(campaignWith("benefit: { kind: amount-off, value: \"5.00\" }").benefit())
        .isEqualTo(Benefit.amountOff(new BigDecimal("5.00"), "EUR"));
    assertThat(campaignWith("benefit: { kind: bonus-points, value: 500 }").benefit())
        .isEqualTo(Benefit.bonusPoints(500));
  }

  @Test
  void badBenefitsNameTheKeyAndTheExpectation() throws IOException {
    assertRejected(
        "benefit: { kind: percent-off, value: 15 }",
        "benefit: { kind: free-gift, value: 15 }",
        "campaigns[1].benefit.kind: expected one of percent-off, amount-off, bonus-points, got"
            + " 'free-gift'");
    assertRejected(
        "benefit: { kind: percent-off, value: 15 }",
        "benefit: { kind: amount-off, value: \"0\" }",
        "campaigns[1].benefit.value: expected an amount off above 0 and at most 1000000, such as"
            + " \"10.00\", got '0'");
    assertRejected(
        "benefit: { kind: percent-off, value: 15 }",
        "benefit: { kind: bonus-points, value: 0 }",
        "campaigns[1].benefit.value: expected a whole number from 1 to 1000000, got '0'");
    assertRejected(
        "benefit: { kind: percent-off, value: 15 }",
        "",
        "campaigns[1].benefit: expected a benefit such as { kind: amount-off, value: \"10.00\" }");
    assertRejected(
        "benefit: { kind: percent-off, value: 15 }",
        "benefit: { kind: percent-off, value: 15 }\n    percentOff: 15",
        "campaigns[1].percentOff: expected either benefit or percentOff, not both");
    assertRejected(
        "benefit: { kind: percent-off, value: 15 }",
        "benefit: { kind: amount-off, value: \"20.00\" }",
        "campaigns[1]: expected a campaign within the brand policy (engagement.policy), but it"
            + " breaks [benefit-above-maximum: 20.00 EUR off (51.28% of the 39.00 EUR shelf price"
            + " of SCARF-WOOL) is above the brand's maximum of 30%");
    assertRejected(
        "pointValue: \"0.01\"",
        "pointValue: \"0\"",
        "engagement.policy.pointValue: expected the value of one point, above 0, such as"
            + " \"0.01\", got '0'");
  }

  private Campaign campaignWith(String benefit) throws IOException {
    String yaml =
        Files.readString(SHIPPED).replace("benefit: { kind: percent-off, value: 15 }", benefit);
    return loader.parse("config/o2o.yaml", yaml, "embedded", Map.of()).campaigns().get(1);
  }

  @Test
  void frequencyCapsDefaultToADayAWeekAndThirtyDaysAndMayBeNone() {
    List<FrequencyCap> defaults =
        List.of(
            new FrequencyCap(Duration.ofDays(1), 1),
            new FrequencyCap(Duration.ofDays(7), 3),
            new FrequencyCap(Duration.ofDays(30), 8));
    assertThat(loader.read(SHIPPED, "embedded", Map.of()).engagement().frequencyCaps())
        .isEqualTo(defaults);
    assertThat(
            loader
                .read(SHIPPED, "embedded", Map.of("engagement", "{policy: {}}"))
                .engagement()
                .frequencyCaps())
        .isEqualTo(defaults);
    EngagementSettings none =
        loader.read(SHIPPED, "embedded", Map.of("engagement.frequencyCaps", "[]")).engagement();
    assertThat(none.frequencyCaps()).isEmpty();
    assertThat(none.offerMemory()).isEqualTo(Duration.ofHours(12));
    EngagementSettings custom =
        loader
            .read(
                SHIPPED,
                "embedded",
                Map.of("engagement.frequencyCaps", "[{window: 2h, max: 2}, {window: 14d, max: 5}]"))
            .engagement();
    assertThat(custom.frequencyCaps())
        .containsExactly(
            new FrequencyCap(Duration.ofHours(2), 2), new FrequencyCap(Duration.ofDays(14), 5));
    assertThat(custom.offerMemory()).isEqualTo(Duration.ofDays(14));
    assertThat(custom.offersRemembered()).isEqualTo(5);
  }

  @Test
  void badFrequencyCapsNameTheKeyAndTheExpectation() throws IOException {
    assertRejected(
        "{ window: 7d, max: 3 }",
        "{ window: 0s, max: 3 }",
        "engagement.frequencyCaps[1].window: expected a duration above zero");
    assertRejected(
        "{ window: 7d, max: 3 }",
        "{ window: weekly, max: 3 }",
        "engagement.frequencyCaps[1].window: expected a duration such as 500ms, 30s, 5m, 2h or"
            + " 7d, got 'weekly'");
    assertRejected(
        "{ window: 7d, max: 3 }", "{ max: 3 }", "engagement.frequencyCaps[1].window: is required");
    assertRejected(
        "{ window: 7d, max: 3 }",
        "{ window: 7d, max: 0 }",
        "engagement.frequencyCaps[1].max: expected a whole number from 1 to 10000, got '0'");
    assertRejected(
        "{ window: 7d, max: 3 }",
        "{ window: 1d, max: 3 }",
        "engagement.frequencyCaps[1].window: expected a window used by one cap only, got '1d'");
    assertRejected(
        "    - { window: 1d, max: 1 }",
        "    - 1d",
        "engagement.frequencyCaps[0]: expected a mapping with key 'window'");
  }

  @Test
  void aCampaignMayCapTheOffersOneMemberGets() throws IOException {
    assertThat(loader.read(SHIPPED, "embedded", Map.of()).campaigns().get(0).maxOffersPerMember())
        .isNull();
    String capped =
        Files.readString(SHIPPED)
            .replace(
                "    holdoutShare: 0.1\n  - id: knit-season",
                "    holdoutShare: 0.1\n    maxOffersPerMember: 2\n  - id: knit-season");
    assertThat(
            loader
                .parse("o2o.yaml", capped, "embedded", Map.of())
                .campaigns()
                .get(0)
                .maxOffersPerMember())
        .isEqualTo(2);
    assertRejected(
        "    holdoutShare: 0.1\n  - id: knit-season",
        "    holdoutShare: 0.1\n    maxOffersPerMember: 0\n  - id: knit-season",
        "campaigns[0].maxOffersPerMember: expected a whole number from 1 to 10000, got '0'");
  }

  @Test
  void aCampaignMayNameItsAudience() throws IOException {
    assertThat(loader.read(SHIPPED, "embedded", Map.of()).campaigns().get(0).audience()).isNull();
    String targeted =
        Files.readString(SHIPPED)
            .replace(
                "    holdoutShare: 0.1\n  - id: knit-season",
                "    holdoutShare: 0.1\n    audience: { tiers: [gold], segments: [vip, regular] }"
                    + "\n  - id: knit-season");
    assertThat(
            loader.parse("o2o.yaml", targeted, "embedded", Map.of()).campaigns().get(0).audience())
        .isEqualTo(
            new CampaignAudience(
                false, List.of("gold"), List.of(CustomerSegment.VIP, CustomerSegment.REGULAR)));
    assertRejected(
        "    holdoutShare: 0.1\n  - id: knit-season",
        "    holdoutShare: 0.1\n    audience: { segments: [students] }\n  - id: knit-season",
        "campaigns[0].audience.segments[0]: expected one of new, lapsed, vip, regular, got"
            + " 'students'");
    assertRejected(
        "    holdoutShare: 0.1\n  - id: knit-season",
        "    holdoutShare: 0.1\n    audience: { firstPurchaseOnly: often }\n  - id: knit-season",
        "campaigns[0].audience.firstPurchaseOnly: expected true or false, got 'often'");
    assertRejected(
        "    holdoutShare: 0.1\n  - id: knit-season",
        "    holdoutShare: 0.1\n    audience: { firstPurchaseOnly: true, segments: [vip] }"
            + "\n  - id: knit-season",
        "campaigns[0].audience: expected a consistent audience (audience.segments must include"
            + " new");
  }

  @Test
  void kafkaAndMqttAreInTheClearByDefault() {
    EngineConfig config = config(Map.of());
    assertThat(config.kafka().security()).isEqualTo(KafkaSecurity.NONE);
    assertThat(config.kafka().clientConfig(Map.of("acks", "all")))
        .containsExactly(
            Map.entry("bootstrap.servers", "localhost:19092"), Map.entry("acks", "all"));
    assertThat(config.mqtt().tls().enabled()).isFalse();
    assertThat(config.mqtt().inflightWindow()).isEqualTo(100);
    assertThat(config.mqtt().serverUri()).isEqualTo("tcp://localhost:11883");
  }

  @Test
  void kafkaSecurityBecomesTheClientPropertiesOfEveryClient(@TempDir Path dir) throws Exception {
    TestCertificates stores = TestCertificates.create(dir);
    Map<String, String> overrides =
        new java.util.HashMap<>(stores.kafkaSaslSsl("o2o-engine", "pa\"ss"));
    overrides.put("kafka.security.saslMechanism", "SCRAM-SHA-512");
    KafkaSettings kafka = config(overrides).kafka();

    assertThat(kafka.clientConfig(Map.of("acks", "all")))
        .containsEntry("bootstrap.servers", "localhost:19092")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"o2o-engine\" password=\"pa\\\"ss\";")
        .containsEntry("ssl.truststore.location", stores.trustStore().toString())
        .containsEntry("ssl.truststore.password", TestCertificates.PASSWORD)
        .containsEntry("ssl.truststore.type", "PKCS12")
        .containsEntry("acks", "all")
        .doesNotContainKey("ssl.keystore.location");
    assertThat(kafka.security().toString()).doesNotContain("pa\"ss");

    Map<String, String> plain = new java.util.HashMap<>(stores.kafkaSaslSsl("o2o", "secret"));
    plain.put("kafka.security.protocol", "SASL_PLAINTEXT");
    plain.keySet().removeIf(key -> key.contains("Store"));
    assertThat(config(plain).kafka().security().clientProperties())
        .containsOnlyKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config")
        .containsEntry(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"o2o\" password=\"secret\";");
  }

  @Test
  void badKafkaSecurityNamesTheKeyAndTheExpectation(@TempDir Path dir) throws Exception {
    TestCertificates stores = TestCertificates.create(dir);
    assertThatThrownBy(() -> config(Map.of("kafka.security.protocol", "TLS")))
        .hasMessageContaining(
            "kafka.security.protocol: expected one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL,"
                + " got 'TLS'");
    assertThatThrownBy(() -> config(Map.of("kafka.security.protocol", "SASL_PLAINTEXT")))
        .hasMessageContaining("kafka.security.saslMechanism: is required");
    assertThatThrownBy(
            () ->
                config(
                    Map.of(
                        "kafka.security.protocol", "SASL_PLAINTEXT",
                        "kafka.security.saslMechanism", "GSSAPI")))
        .hasMessageContaining(
            "kafka.security.saslMechanism: expected one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512,"
                + " got 'GSSAPI'");
    assertThatThrownBy(
            () ->
                config(
                    Map.of(
                        "kafka.security.protocol", "SASL_PLAINTEXT",
                        "kafka.security.saslMechanism", "PLAIN",
                        "kafka.security.username", "o2o")))
        .hasMessageContaining("kafka.security.password: is required");
    assertThatThrownBy(() -> config(Map.of("kafka.security.username", "o2o")))
        .hasMessageContaining(
            "kafka.security.username: expected no SASL login with protocol PLAINTEXT");
    assertThatThrownBy(
            () ->
                config(
                    Map.of(
                        "kafka.security.protocol", "SSL",
                        "kafka.security.trustStore", dir.resolve("missing.p12").toString(),
                        "kafka.security.trustStorePassword", "x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "o2o.yaml: kafka.security.trustStore: expected a readable PKCS12 file");
    assertThatThrownBy(
            () ->
                config(
                    Map.of(
                        "kafka.security.protocol", "SSL",
                        "kafka.security.trustStore", stores.trustStore().toString(),
                        "kafka.security.trustStorePassword", "wrong")))
        .hasMessageContaining(
            "kafka.security.trustStore: expected a PKCS12 store that opens with"
                + " kafka.security.trustStorePassword");
    assertThatThrownBy(
            () ->
                config(
                    Map.of(
                        "kafka.security.protocol",
                        "SSL",
                        "kafka.security.trustStore",
                        stores.trustStore().toString())))
        .hasMessageContaining("kafka.security.trustStorePassword: is required");
    assertThatThrownBy(
            () ->
                config(
                    Map.of(
                        "kafka.security.protocol", "SSL",
                        "kafka.security.brokerKeyStore", stores.trustStore().toString(),
                        "kafka.security.brokerKeyStorePassword", stores.password())))
        .hasMessageContaining(
            "kafka.security.brokerKeyStore: expected a store holding a private key and its"
                + " certificate");
    assertThatThrownBy(
            () ->
                config(
                    Map.of(
                        "kafka.security.trustStore", stores.trustStore().toString(),
                        "kafka.security.trustStorePassword", stores.password())))
        .hasMessageContaining(
            "kafka.security.trustStore: expected no TLS store with protocol PLAINTEXT");
  }

  @Test
  void mqttTlsMakesTheClientsConnectWithSsl(@TempDir Path dir) throws Exception {
    TestCertificates stores = TestCertificates.create(dir);
    MqttSettings mqtt = config(stores.mqttTls()).mqtt();
    assertThat(mqtt.serverUri()).isEqualTo("ssl://localhost:11883");
    assertThat(mqtt.tls().keyStore()).isEqualTo(stores.keyStore().toString());
    assertThat(mqtt.tls().socketFactory()).isNotNull();
    assertThat(config(Map.of("mqtt.tls.enabled", "true")).mqtt().tls().trustStore()).isNull();

    assertThatThrownBy(
            () ->
                config(
                    Map.of(
                        "mqtt.tls.enabled",
                        "true",
                        "mqtt.tls.keyStore",
                        stores.keyStore().toString())))
        .hasMessageContaining("mqtt.tls.keyStorePassword: is required");
    assertThatThrownBy(() -> config(Map.of("mqtt.tls.enabled", "yes please")))
        .hasMessageContaining("mqtt.tls.enabled: expected true or false");
  }

  @Test
  void unknownProfileIsRefused() {
    assertThatThrownBy(() -> loader.read(SHIPPED, "staging", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("o2o.yaml: profiles.staging: expected a profile named 'staging'");
  }

  @Test
  void missingEnvironmentVariableWithoutDefaultIsRefused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("env.yaml");
    Files.writeString(
        file,
        Files.readString(SHIPPED)
            .replace(
                "${O2O_CUSTOMER_TOKEN_SECRET:-change-me-customer-token-secret}", "${O2O_SECRET}"));
    assertThatThrownBy(() -> loader.read(file, "embedded", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith(
            "${O2O_SECRET}: expected the environment variable O2O_SECRET to be set");
  }

  @Test
  void unreadableFileIsNamed() {
    assertThatThrownBy(() -> loader.read(Path.of("missing.yaml"), "embedded", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("missing.yaml: (file): cannot be read");
  }

  private void assertRejected(String original, String replacement, String message)
      throws IOException {
    String yaml = Files.readString(SHIPPED);
    assertThat(yaml).contains(original);
    String broken =
        yaml.replaceFirst(
            java.util.regex.Pattern.quote(original),
            java.util.regex.Matcher.quoteReplacement(replacement));
    assertThatThrownBy(() -> loader.parse("config/o2o.yaml", broken, "embedded", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("config/o2o.yaml: " + message);
  }
}
