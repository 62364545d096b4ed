package dev.o2o.launcher;

import static dev.o2o.launcher.TestEngines.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.AppTokens;
import dev.o2o.contract.CampaignReport;
import dev.o2o.contract.DeadLetter;
import dev.o2o.contract.Json;
import dev.o2o.contract.PolicyBreach;
import dev.o2o.contract.PolicyRule;
import dev.o2o.contract.StockLevel;
import dev.o2o.contract.Topics;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.Regions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's event examples, run as a newcomer would copy them, with the real third-party clients
 * they name ({@code mosquitto_pub}, {@code mosquitto_sub}, {@code kcat}, {@code openssl}) against
 * an embedded engine: every example event is accepted, none is dead-lettered, and their effects
 * show.
 */
class ReadmeExamplesTest {
  private static final Path README = Path.of("../README.md");
  private static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);

  @TempDir Path dataDir;

  @Test
  void everyEventExampleInTheReadmeIsAcceptedAndTakesEffect() throws Exception {
    EngineConfig config = TestEngines.config(TestEngines.freePorts(dataDir));
    List<String> blocks = eventExamples();
    assertThat(String.join("\n", blocks))
        .contains("mosquitto_pub")
        .contains("kcat")
        .contains("mosquitto_sub");

    try (EmbeddedEngine engine = EmbeddedEngine.start(config);
        EngineClients clients = new EngineClients(config, engine.apiUrl())) {
      String prelude = "set -euo pipefail\nnow=$(date -u +%Y-%m-%dT%H:%M:%SZ)\n";
      for (String block : blocks) {
        String script =
            block
                .replace("localhost:19092", config.kafka().bootstrapServers())
                .replace("-p 11883", "-p " + config.mqtt().port())
                // The phone example waits for offers forever; here it waits two seconds.
                .replace("-t customers/c-00001/offers", "-t customers/c-00001/offers -W 2");
        Result result = run(prelude + script);
        if (block.contains("mosquitto_sub")) {
          assertThat(result.output())
              .as("the phone logs in with the README's token")
              .doesNotContain("not authorised")
              .doesNotContain("refused");
          assertThat(result.exitCode())
              .as("mosquitto_sub timed out waiting, after subscribing")
              .isEqualTo(27);
        } else {
          assertThat(result.exitCode())
              .as("example failed:\n" + block + "\n" + result.output())
              .isZero();
        }
      }
      assertThat(
              run("printf %s c-00001 | openssl dgst -sha256 -hmac change-me-customer-token-secret -binary | base64 | tr '+/' '-_' | tr -d '='")
                  .output()
                  .trim())
          .as("the README's token recipe")
          .isEqualTo(AppTokens.issue(config.mqtt().customerTokenSecret(), "c-00001"));

      var inventory = GeodeClient.region(engine.geode(), Regions.INVENTORY);
      await(
          "the warehouse count less the transfer out",
          Duration.ofSeconds(30),
          () ->
              Optional.ofNullable(inventory.get(StockLevel.key("BLAZER-NAVY-50", "online-dc")))
                  .map(v -> Json.decode(v, StockLevel.class))
                  .filter(l -> l.onHand() == 135));
      StockLevel received =
          await(
              "the transfer into Hamburg",
              Duration.ofSeconds(30),
              () ->
                  Optional.ofNullable(
                          inventory.get(StockLevel.key("BLAZER-NAVY-50", "hamburg-jungfernstieg")))
                      .map(v -> Json.decode(v, StockLevel.class))
                      .filter(l -> l.onHand() == 5));
      assertThat(received.available()).isEqualTo(5);
      StockLevel safety =
          await(
              "the safety stock in Munich",
              Duration.ofSeconds(30),
              () ->
                  Optional.ofNullable(
                          inventory.get(StockLevel.key("DRESS-MIDI-M", "munich-kaufinger")))
                      .map(v -> Json.decode(v, StockLevel.class))
                      .filter(l -> l.safetyStock() == 2));
      assertThat(safety.available()).isZero();
      StockLevel blazer =
          await(
              "the berlin delivery, with the order placed and cancelled",
              Duration.ofSeconds(30),
              () ->
                  Optional.ofNullable(
                          inventory.get(StockLevel.key("BLAZER-NAVY-50", "berlin-mitte")))
                      .map(v -> Json.decode(v, StockLevel.class))
                      .filter(l -> l.onHand() == 12 && l.reserved() == 0 && l.version() >= 3));
      assertThat(blazer.available()).isEqualTo(12);
      StockLevel shirt =
          await(
              "the till sale and return over MQTT",
              Duration.ofSeconds(30),
              () ->
                  Optional.ofNullable(
                          inventory.get(StockLevel.key("SHIRT-OXF-WHT-M", "berlin-mitte")))
                      .map(v -> Json.decode(v, StockLevel.class))
                      .filter(l -> l.version() == 2));
      assertThat(shirt.onHand()).as("one sold, one returned").isZero();

      List<String> forwarded = new ArrayList<>();
      clients
          .readAll(Topics.BEACONS, Duration.ofSeconds(2))
          .forEach(e -> forwarded.add(e.eventId()));
      clients
          .readAll(Topics.DOOR_COUNTS, Duration.ofSeconds(2))
          .forEach(e -> forwarded.add(e.eventId()));
      clients.readAll(Topics.SALES, Duration.ofSeconds(2)).forEach(e -> forwarded.add(e.eventId()));
      assertThat(forwarded).contains("bs-0001", "dc-0001", "ps-0001", "pr-0001", "ps-0002");

      List<CampaignReport> reports =
          await(
              "reports on every example campaign",
              Duration.ofSeconds(30),
              () ->
                  Optional.of(clients.readAll(Topics.CAMPAIGN_REPORTS, Duration.ofSeconds(1)))
                      .filter(r -> r.size() == 4));
      assertThat(reports)
          .extracting(CampaignReport::campaignId, CampaignReport::verdict)
          .containsExactlyInAnyOrder(
              tuple("denim-week", CampaignReport.Verdict.ACCEPTED),
              tuple("flash-sale", CampaignReport.Verdict.REFUSED),
              tuple("first-knit", CampaignReport.Verdict.ACCEPTED),
              tuple("gold-tailoring", CampaignReport.Verdict.ACCEPTED));
      assertThat(reports)
          .flatExtracting(CampaignReport::breaches)
          .extracting(PolicyBreach::rule)
          .containsExactly(
              PolicyRule.BENEFIT_ABOVE_MAXIMUM, PolicyRule.PRICE_PARITY, PolicyRule.BUDGET);

      List<DeadLetter> letters = clients.readAll(Topics.DEAD_LETTERS, Duration.ofSeconds(2));
      assertThat(letters).as("dead letters from README examples").isEmpty();
    }
  }

  private static List<String> eventExamples() throws Exception {
    String readme = Files.readString(README);
    String events =
        readme.substring(readme.indexOf("## Events"), readme.indexOf("### What the engine writes"));
    List<String> blocks = new ArrayList<>();
    Matcher m = BASH_BLOCK.matcher(events);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  private record Result(int exitCode, String output) {}

  private static Result run(String script) throws Exception {
    Process process = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }
}
