package dev.o2o.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.o2o.contract.Benefit;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.CampaignAudience;
import dev.o2o.contract.CustomerSegment;
import dev.o2o.contract.InvalidEventException;
import dev.o2o.contract.PolicyBreach;
import dev.o2o.contract.Visit;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the engine's YAML into an {@link EngineConfig}. The chosen profile's section is merged over
 * the top level, {@code ${VAR}} and {@code ${VAR:-default}} are replaced from the environment, then
 * {@code key.path=value} overrides apply (command line and tests). Every problem is a {@link
 * ConfigException} naming the file, the key and what was expected.
 */
public final class ConfigLoader {
  public static final String DEFAULT_PROFILE = "embedded";
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<FrequencyCap> DEFAULT_FREQUENCY_CAPS =
      List.of(
          new FrequencyCap(Duration.ofDays(1), 1),
          new FrequencyCap(Duration.ofDays(7), 3),
          new FrequencyCap(Duration.ofDays(30), 8));

  /** The smallest spool that still holds the largest dead letter the gateway writes. */
  private static final long MIN_SPOOL_BYTES = 1L << 20;

  private static final long MAX_SPOOL_BYTES = 1L << 40;
  private static final long MIN_SPOOL_SEGMENT_BYTES = 64L << 10;

  private final Map<String, String> environment;

  public ConfigLoader(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** Loads with the process environment. */
  public static EngineConfig load(Path file, String profile, Map<String, String> overrides) {
    return new ConfigLoader(System.getenv()).read(file, profile, overrides);
  }

  public EngineConfig read(Path file, String profile, Map<String, String> overrides) {
    String name = file.toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(name, "(file)", "cannot be read: " + e.getMessage());
    }
    return parse(name, text, profile, overrides);
  }

  public EngineConfig parse(
      String name, String yaml, String profile, Map<String, String> overrides) {
    JsonNode tree;
    try {
      tree = YAML.readTree(substitute(name, yaml));
    } catch (IOException e) {
      throw new ConfigException(
          name, "(file)", "is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (tree == null || !tree.isObject()) {
      throw new ConfigException(name, "(root)", "expected a mapping of settings");
    }
    ObjectNode root = (ObjectNode) tree;
    JsonNode profiles = root.remove("profiles");
    if (profile != null) {
      JsonNode selected = profiles == null ? null : profiles.get(profile);
      if (selected == null || !selected.isObject()) {
        throw new ConfigException(
            name, "profiles." + profile, "expected a profile named '" + profile + "'");
      }
      merge(root, (ObjectNode) selected);
    }
    overrides.forEach((key, value) -> set(root, key, value));
    return bind(name, profile, new Node(name, "", root));
  }

  private String substitute(String file, String yaml) {
    Matcher m = VARIABLE.matcher(yaml);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = environment.get(m.group(1));
      if (value == null) {
        value = m.group(3);
      }
      if (value == null) {
        throw new ConfigException(
            file,
            "${" + m.group(1) + "}",
            "expected the environment variable " + m.group(1) + " to be set");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static void merge(ObjectNode target, ObjectNode source) {
    Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode existing = target.get(field.getKey());
      if (existing instanceof ObjectNode existingObject
          && field.getValue() instanceof ObjectNode incoming) {
        merge(existingObject, incoming);
      } else {
        target.set(field.getKey(), field.getValue());
      }
    }
  }

  private static void set(ObjectNode root, String dottedKey, String value) {
    String[] parts = dottedKey.split("\\.");
    ObjectNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      if (!(child instanceof ObjectNode)) {
        child = node.putObject(parts[i]);
      }
      node = (ObjectNode) child;
    }
    JsonNode parsed;
    try {
      parsed = YAML.readTree(value);
    } catch (IOException e) {
      parsed = TextNode.valueOf(value);
    }
    node.set(parts[parts.length - 1], parsed == null ? TextNode.valueOf(value) : parsed);
  }

  private static EngineConfig bind(String file, String profile, Node root) {
    Node engineNode = root.get("engine");
    EngineSettings engine =
        new EngineSettings(
            Path.of(engineNode.get("dataDir").text("data")),
            engineNode.get("parallelism").integer(1, 64, 2),
            positive(engineNode.get("checkpointInterval"), Duration.ofSeconds(2)),
            engineNode.get("maxOutOfOrderness").duration(Duration.ofSeconds(5)),
            engineNode.get("maxClockSkew").duration(Duration.ofDays(7)),
            positive(engineNode.get("idlePartitionTimeout"), Duration.ofSeconds(30)),
            engineNode.get("stateBackend").isPresent()
                ? engineNode
                    .get("stateBackend")
                    .oneOf(ConfigLoader::stateBackend, "hashmap, rocksdb")
                : "hashmap");

    Node kafkaNode = root.get("kafka");
    Node bootstrap = kafkaNode.get("bootstrapServers");
    String servers = bootstrap.text("localhost:19092");
    if (!servers.matches("[^,:\\s]+:\\d+(\\s*,\\s*[^,:\\s]+:\\d+)*")) {
      throw bootstrap.fail("expected host:port[,host:port...]");
    }
    KafkaSettings kafka =
        new KafkaSettings(
            servers,
            kafkaNode.get("partitions").integer(1, 1024, 4),
            (short) kafkaNode.get("replicationFactor").integer(1, 16, 1),
            kafkaSecurity(kafkaNode.get("security")));

    Node mqttNode = root.get("mqtt");
    MqttSettings mqtt =
        new MqttSettings(
            mqttNode.get("host").text("localhost"),
            mqttNode.get("port").integer(1, 65535, 11883),
            mqttNode.get("gateway").get("username").text("o2o-gateway"),
            mqttNode.get("gateway").get("password").text(),
            secret(mqttNode.get("customerTokenSecret")),
            mqttNode.get("gateway").get("clientId").text("o2o-edge-gateway"),
            mqttTls(mqttNode.get("tls")),
            mqttNode.get("inflightWindow").integer(1, 10_000, 100));

    Node geodeNode = root.get("geode");
    GeodeSettings geode =
        new GeodeSettings(
            geodeNode.get("locatorHost").text("localhost"),
            geodeNode.get("locatorPort").integer(1, 65535, 10334),
            geodeNode.get("serverPort").integer(0, 65535, 40404),
            geodeNode.get("serverHeap").text("512m"));

    Node httpNode = root.get("http");
    HttpSettings http =
        new HttpSettings(
            httpNode.get("host").text("0.0.0.0"), httpNode.get("port").integer(0, 65535, 8080));

    Node inventoryNode = root.get("inventory");
    InventorySettings inventory =
        new InventorySettings(
            positive(inventoryNode.get("reservationTtl"), Duration.ofMinutes(30)),
            inventoryNode.get("lowStockThreshold").integer(0, 1_000_000, 2),
            inventoryNode.get("splitCap").integer(1, 100, 2),
            inventoryNode.get("collectRadiusKm").number(0, 20_000, 25),
            positive(inventoryNode.get("influenceWindow"), Duration.ofDays(14)),
            inventoryNode.get("inputDrift").duration(Duration.ofSeconds(60)),
            positive(inventoryNode.get("inputIdleTimeout"), Duration.ofSeconds(5)));
    if (inventory.alignsInputs()
        && inventory.inputIdleTimeout().compareTo(inventory.inputDrift()) > 0) {
      throw inventoryNode
          .get("inputIdleTimeout")
          .fail(
              "expected a duration no longer than inventory.inputDrift, or an input falling"
                  + " quiet would pause the others");
    }

    List<StoreConfig> stores = stores(root.get("stores"), inventory.lowStockThreshold());
    Node warehouseNode = root.get("warehouse").required();
    Warehouse warehouse =
        new Warehouse(
            warehouseNode.get("id").id(),
            warehouseNode.get("name").text(),
            point(warehouseNode),
            warehouseNode
                .get("lowStockThreshold")
                .integer(0, 1_000_000, inventory.lowStockThreshold()));
    if (stores.stream().anyMatch(s -> s.id().equals(warehouse.id()))) {
      throw warehouseNode.get("id").fail("expected an id that no store uses");
    }

    Catalogue catalogue = catalogue(root.get("catalogue"));
    Node engagementNode = root.get("engagement");
    Node quiet = engagementNode.get("quietHours");
    Duration exitAfter = positive(engagementNode.get("exitAfter"), Duration.ofMinutes(5));
    Node entryWindowNode = engagementNode.get("entryWindow");
    Duration entryWindow = positive(entryWindowNode, Duration.ofMinutes(1));
    if (entryWindow.compareTo(exitAfter) > 0) {
      throw entryWindowNode.fail("expected a duration no longer than engagement.exitAfter");
    }
    EngagementSettings engagement =
        new EngagementSettings(
            engagementNode.get("minRssi").integer(-120, -1, -80),
            engagementNode.get("minSightings").integer(1, 100, 2),
            entryWindow,
            exitAfter,
            positive(engagementNode.get("offerValidity"), Duration.ofHours(2)),
            engagementNode.get("offerCooldown").duration(Duration.ofHours(12)),
            frequencyCaps(engagementNode.get("frequencyCaps")),
            quiet.get("start").isPresent() ? quiet.get("start").time() : LocalTime.of(22, 0),
            quiet.get("end").isPresent() ? quiet.get("end").time() : LocalTime.of(8, 0),
            engagementNode.get("pointsPerUnitOfCurrency").number(0, 1000, 1),
            policy(engagementNode.get("policy"), catalogue));
    List<Campaign> campaigns = campaigns(root.get("campaigns"), catalogue, engagement.policy());

    Node attributionNode = root.get("attribution");
    AttributionSettings attribution =
        new AttributionSettings(
            positive(attributionNode.get("clickWindow"), Duration.ofDays(7)),
            positive(attributionNode.get("viewWindow"), Duration.ofDays(1)),
            positive(attributionNode.get("decayHalfLife"), Duration.ofDays(2)),
            attributionNode.get("minLiftVolume").integer(1, 100_000_000, 100));

    Node footfallNode = root.get("footfall");
    Node latenessNode = footfallNode.get("allowedLateness");
    Duration allowedLateness = latenessNode.duration(Duration.ofMinutes(10));
    if (allowedLateness.compareTo(exitAfter) < 0) {
      throw latenessNode.fail(
          "expected a duration at least engagement.exitAfter, when a visit's close is known");
    }
    FootfallSettings footfall =
        new FootfallSettings(
            allowedLateness, positive(footfallNode.get("returningWithin"), Duration.ofDays(90)));

    Node simulatorNode = root.get("simulator");
    SimulatorSettings simulator =
        new SimulatorSettings(
            simulatorNode.get("customers").integer(1, 10_000_000, 200),
            simulatorNode.get("eventsPerSecond").number(0.1, 1_000_000, 20),
            simulatorNode.get("consentShare").number(0, 1, 0.8),
            simulatorNode.get("seed").integer(0, Integer.MAX_VALUE, 42));

    Node gatewayNode = root.get("gateway");
    Node spoolNode = gatewayNode.get("spool");
    Node maxBytesNode = spoolNode.get("maxBytes");
    long spoolMaxBytes = maxBytesNode.bytes(MIN_SPOOL_BYTES, MAX_SPOOL_BYTES, 1L << 30);
    Node segmentNode = spoolNode.get("segmentBytes");
    long spoolSegmentBytes =
        segmentNode.bytes(MIN_SPOOL_SEGMENT_BYTES, 1L << 30, Math.min(64L << 20, spoolMaxBytes));
    if (spoolSegmentBytes > spoolMaxBytes) {
      throw segmentNode.fail("expected a size no larger than gateway.spool.maxBytes");
    }
    GatewaySettings gateway =
        new GatewaySettings(
            positive(gatewayNode.get("kafkaTimeout"), Duration.ofSeconds(5)),
            spoolMaxBytes,
            spoolSegmentBytes,
            spoolNode.get("fsync").bool(true));

    return new EngineConfig(
        file,
        profile,
        engine,
        kafka,
        mqtt,
        geode,
        http,
        stores,
        warehouse,
        catalogue,
        campaigns,
        engagement,
        attribution,
        simulator,
        inventory,
        footfall,
        gateway);
  }

  /** How the engine's Kafka clients connect; in the clear with no login unless configured. */
  private static KafkaSecurity kafkaSecurity(Node node) {
    if (!node.isPresent()) {
      return KafkaSecurity.NONE;
    }
    Node protocolNode = node.get("protocol");
    KafkaSecurity.Protocol protocol =
        protocolNode.isPresent()
            ? protocolNode.oneOf(
                name ->
                    Arrays.stream(KafkaSecurity.Protocol.values())
                        .filter(p -> p.name().equals(name))
                        .findFirst(),
                "PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL")
            : KafkaSecurity.Protocol.PLAINTEXT;
    String mechanism = null;
    String username = null;
    String password = null;
    Node mechanismNode = node.get("saslMechanism");
    if (protocol.sasl()) {
      mechanism =
          mechanismNode.oneOf(
              name ->
                  Optional.of(name)
                      .filter(m -> List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512").contains(m)),
              "PLAIN, SCRAM-SHA-256, SCRAM-SHA-512");
      username = node.get("username").text();
      password = node.get("password").text();
    } else {
      for (String key : List.of("saslMechanism", "username", "password")) {
        if (node.get(key).isPresent()) {
          throw node.get(key).fail("expected no SASL login with protocol " + protocol);
        }
      }
    }
    if (!protocol.tls()) {
      for (String key : List.of("trustStore", "keyStore", "brokerKeyStore", "trustStorePassword")) {
        if (node.get(key).isPresent()) {
          throw node.get(key).fail("expected no TLS store with protocol " + protocol);
        }
      }
    }
    String[] trust = store(node, "trustStore", false);
    String[] key = store(node, "keyStore", true);
    String[] brokerKey = store(node, "brokerKeyStore", true);
    return new KafkaSecurity(
        protocol,
        mechanism,
        username,
        password,
        trust[0],
        trust[1],
        key[0],
        key[1],
        brokerKey[0],
        brokerKey[1]);
  }

  /** MQTT over TLS; off unless {@code enabled: true}. */
  private static MqttTls mqttTls(Node node) {
    if (!node.get("enabled").bool(false)) {
      return MqttTls.OFF;
    }
    String[] key = store(node, "keyStore", true);
    String[] trust = store(node, "trustStore", false);
    return new MqttTls(true, key[0], key[1], trust[0], trust[1]);
  }

  /**
   * An optional key or trust store, {@code KEY} with {@code KEYPassword}: the file must exist and
   * open with the password (a key store must hold a key). Returns the path and password, or nulls.
   */
  private static String[] store(Node parent, String key, boolean holdsKey) {
    Node fileNode = parent.get(key);
    Node passwordNode = parent.get(key + "Password");
    if (!fileNode.isPresent()) {
      if (passwordNode.isPresent()) {
        throw passwordNode.fail("expected it only with " + fileNode.path());
      }
      return new String[] {null, null};
    }
    String file = fileNode.text();
    String password = passwordNode.text();
    if (!Files.isRegularFile(Path.of(file)) || !Files.isReadable(Path.of(file))) {
      throw fileNode.fail("expected a readable " + TlsStores.type(file) + " file");
    }
    KeyStore store;
    try {
      store = TlsStores.open(file, password);
    } catch (IOException | GeneralSecurityException e) {
      throw fileNode.fail(
          "expected a "
              + TlsStores.type(file)
              + " store that opens with "
              + passwordNode.path()
              + " ("
              + e.getMessage()
              + ")");
    }
    if (holdsKey && !holdsKey(store)) {
      throw fileNode.fail("expected a store holding a private key and its certificate");
    }
    return new String[] {file, password};
  }

  private static boolean holdsKey(KeyStore store) {
    try {
      for (String alias : java.util.Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          return true;
        }
      }
      return false;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Caps on arrival offers per customer; 1 a day, 3 a week and 8 in 30 days unless configured. */
  private static List<FrequencyCap> frequencyCaps(Node node) {
    if (!node.isPresent()) {
      return DEFAULT_FREQUENCY_CAPS;
    }
    List<FrequencyCap> caps = new ArrayList<>();
    Set<Duration> windows = new HashSet<>();
    for (Node cap : node.list()) {
      Node windowNode = cap.get("window").required();
      Duration window = positive(windowNode, null);
      if (!windows.add(window)) {
        throw windowNode.fail("expected a window used by one cap only");
      }
      caps.add(new FrequencyCap(window, cap.get("max").integer(1, 10_000)));
    }
    return caps;
  }

  private static Optional<String> stateBackend(String name) {
    return Optional.of(name).filter(n -> n.equals("hashmap") || n.equals("rocksdb"));
  }

  private static Duration positive(Node node, Duration fallback) {
    Duration duration = node.duration(fallback);
    if (duration.isZero()) {
      throw node.fail("expected a duration above zero");
    }
    return duration;
  }

  private static String secret(Node node) {
    String secret = node.text();
    if (secret.length() < 16) {
      throw node.fail("expected a secret of at least 16 characters");
    }
    return secret;
  }

  private static GeoPoint point(Node node) {
    return new GeoPoint(
        node.get("latitude").number(-90, 90), node.get("longitude").number(-180, 180));
  }

  private static List<StoreConfig> stores(Node node, int lowStockThreshold) {
    List<StoreConfig> stores = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Set<String> beaconIds = new HashSet<>();
    for (Node store : node.nonEmptyList()) {
      String id = store.get("id").id();
      if (!ids.add(id)) {
        throw store.get("id").fail("expected a store id used only once");
      }
      List<Beacon> beacons = new ArrayList<>();
      Set<String> zones = new HashSet<>();
      for (Node beacon : store.get("beacons").list()) {
        String beaconId = beacon.get("id").id();
        if (!beaconIds.add(beaconId)) {
          throw beacon.get("id").fail("expected a beacon id used only once across stores");
        }
        Node zoneNode = beacon.get("zone");
        String zone = zoneNode.isPresent() ? zoneNode.id() : Beacon.DEFAULT_ZONE;
        zones.add(zone);
        if (zones.size() > Visit.MAX_ZONES) {
          throw zoneNode.fail("expected at most " + Visit.MAX_ZONES + " zones in one store");
        }
        beacons.add(new Beacon(beaconId, zone));
      }
      stores.add(
          new StoreConfig(
              id,
              store.get("name").text(),
              point(store),
              store.get("timeZone").zone(),
              store.get("mqttPassword").text(),
              beacons,
              channels(store.get("channels")),
              store.get("lowStockThreshold").integer(0, 1_000_000, lowStockThreshold)));
    }
    return stores;
  }

  /** The channels a store serves; all of them unless listed. */
  private static Set<SalesChannel> channels(Node node) {
    if (!node.isPresent()) {
      return EnumSet.allOf(SalesChannel.class);
    }
    Set<SalesChannel> channels = EnumSet.noneOf(SalesChannel.class);
    for (Node channel : node.list()) {
      channels.add(channel.oneOf(SalesChannel::fromConfigName, "ship, collect, in-store"));
    }
    return channels;
  }

  private static Catalogue catalogue(Node node) {
    node.required();
    Node currencyNode = node.get("currency");
    String currency = currencyNode.text();
    if (!currency.matches("[A-Z]{3}")) {
      throw currencyNode.fail("expected an ISO-4217 currency code such as EUR");
    }
    List<CatalogueItem> items = new ArrayList<>();
    Set<String> skus = new HashSet<>();
    for (Node item : node.get("items").nonEmptyList()) {
      String sku = item.get("sku").id();
      if (!skus.add(sku)) {
        throw item.get("sku").fail("expected a sku used only once");
      }
      items.add(
          new CatalogueItem(
              sku, item.get("name").text(), item.get("category").id(), item.get("price").money()));
    }
    Map<String, List<String>> crossSell = new LinkedHashMap<>();
    for (Node pair : node.get("crossSell").list()) {
      String from = pair.get("from").id();
      String to = pair.get("to").id();
      if (!skus.contains(from)) {
        throw pair.get("from").fail("expected a sku of the catalogue");
      }
      if (!skus.contains(to)) {
        throw pair.get("to").fail("expected a sku of the catalogue");
      }
      crossSell.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
    }
    crossSell.replaceAll((k, v) -> List.copyOf(v));
    return new Catalogue(currency, items, crossSell);
  }

  private static BrandPolicy policy(Node node, Catalogue catalogue) {
    Set<String> categories = categories(catalogue);
    Set<String> onlineOnly = new HashSet<>();
    for (Node category : node.get("onlineOnlyCategories").list()) {
      String id = category.id();
      if (!categories.contains(id)) {
        throw category.fail("expected a category of the catalogue " + new TreeSet<>(categories));
      }
      onlineOnly.add(id);
    }
    BigDecimal pointValue = null;
    Node pointValueNode = node.get("pointValue");
    if (pointValueNode.isPresent()) {
      pointValue = pointValueNode.money();
      if (pointValue.signum() == 0) {
        throw pointValueNode.fail("expected the value of one point, above 0, such as \"0.01\"");
      }
    }
    return new BrandPolicy(node.get("maxPercentOff").integer(0, 90, 30), onlineOnly, pointValue);
  }

  private static Set<String> categories(Catalogue catalogue) {
    Set<String> categories = new HashSet<>();
    catalogue.items().forEach(i -> categories.add(i.category()));
    return categories;
  }

  /** The configured campaigns; one the brand policy refuses stops start-up, naming the rules. */
  private static List<Campaign> campaigns(Node node, Catalogue catalogue, BrandPolicy policy) {
    Set<String> categories = categories(catalogue);
    List<Campaign> campaigns = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Node campaign : node.list()) {
      List<String> scope = new ArrayList<>();
      for (Node category : campaign.get("categories").nonEmptyList()) {
        String id = category.id();
        if (!categories.contains(id)) {
          throw category.fail("expected a category of the catalogue " + new TreeSet<>(categories));
        }
        scope.add(id);
      }
      try {
        Campaign parsed =
            new Campaign(
                campaign.get("id").id(),
                campaign.get("name").text(),
                scope,
                benefit(campaign, catalogue.currency()),
                instant(campaign.get("startsAt")),
                instant(campaign.get("endsAt")),
                campaign.get("spend").money(),
                catalogue.currency(),
                campaign.get("holdoutShare").number(0, 0.99, 0.1),
                campaign.get("budget").isPresent() ? campaign.get("budget").money() : null,
                campaign.get("parityBandPercent").isPresent()
                    ? campaign.get("parityBandPercent").integer(0, 90)
                    : null,
                campaign.get("maxOffersPerMember").isPresent()
                    ? campaign.get("maxOffersPerMember").integer(1, 10_000)
                    : null,
                audience(campaign.get("audience")));
        if (!ids.add(parsed.campaignId())) {
          throw campaign.get("id").fail("expected a campaign id used only once");
        }
        List<PolicyBreach> breaches = policy.breachesOf(parsed, catalogue);
        if (!breaches.isEmpty()) {
          throw new ConfigException(
              campaign.file(),
              campaign.path(),
              "expected a campaign within the brand policy (engagement.policy), but it breaks "
                  + breaches.stream().map(b -> b.rule() + ": " + b.detail()).toList());
        }
        campaigns.add(parsed);
      } catch (InvalidEventException e) {
        throw campaign.fail("expected a valid campaign (" + e.getMessage() + ")");
      }
    }
    return campaigns;
  }

  /**
   * A configured campaign's benefit: {@code benefit: {kind, value}}, an amount off in the
   * catalogue's currency, or the older {@code percentOff: N}, which means a percentage off.
   */
  private static Benefit benefit(Node campaign, String currency) {
    Node node = campaign.get("benefit");
    Node percentOff = campaign.get("percentOff");
    if (node.isPresent() && percentOff.isPresent()) {
      throw percentOff.fail("expected either benefit or percentOff, not both");
    }
    if (percentOff.isPresent()) {
      return Benefit.percentOff(percentOff.integer(0, 90));
    }
    if (!node.isPresent()) {
      throw node.fail(
          "expected a benefit such as { kind: amount-off, value: \"10.00\" } (kinds: percent-off,"
              + " amount-off, bonus-points), or percentOff");
    }
    Benefit.Kind kind =
        node.get("kind").oneOf(ConfigLoader::benefitKind, "percent-off, amount-off, bonus-points");
    Node value = node.get("value");
    return switch (kind) {
      case PERCENT_OFF -> Benefit.percentOff(value.integer(0, 90));
      case AMOUNT_OFF -> {
        BigDecimal amount = value.money();
        if (amount.signum() == 0 || amount.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
          throw value.fail("expected an amount off above 0 and at most 1000000, such as \"10.00\"");
        }
        yield Benefit.amountOff(amount, currency);
      }
      case BONUS_POINTS -> Benefit.bonusPoints(value.integer(1, 1_000_000));
    };
  }

  private static Optional<Benefit.Kind> benefitKind(String name) {
    return Arrays.stream(Benefit.Kind.values())
        .filter(kind -> kind.toString().equals(name))
        .findFirst();
  }

  /** Who a configured campaign is for; everyone when absent. */
  private static CampaignAudience audience(Node node) {
    if (!node.isPresent()) {
      return null;
    }
    List<String> tiers = new ArrayList<>();
    for (Node tier : node.get("tiers").list()) {
      tiers.add(tier.id());
    }
    List<CustomerSegment> segments = new ArrayList<>();
    for (Node segment : node.get("segments").list()) {
      segments.add(segment.oneOf(ConfigLoader::segment, "new, lapsed, vip, regular"));
    }
    try {
      return new CampaignAudience(node.get("firstPurchaseOnly").bool(false), tiers, segments);
    } catch (InvalidEventException e) {
      throw node.fail("expected a consistent audience (" + e.getMessage() + ")");
    }
  }

  private static Optional<CustomerSegment> segment(String name) {
    return Arrays.stream(CustomerSegment.values())
        .filter(segment -> segment.toString().equals(name))
        .findFirst();
  }

  private static Instant instant(Node node) {
    String text = node.text();
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      throw node.fail("expected an ISO-8601 UTC time such as 2026-01-01T00:00:00Z");
    }
  }
}
