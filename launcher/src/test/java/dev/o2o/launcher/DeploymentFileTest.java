package dev.o2o.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.o2o.cluster.LocalCluster;
import dev.o2o.config.ConfigLoader;
import dev.o2o.config.EngineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Keeps docker-compose.yml in step with the code: every engine service's command parses with the
 * engine's own command-line definitions, the config's distributed profile points at the services
 * the file defines, and the local cluster ({@code o2o cluster}) runs the same services.
 */
class DeploymentFileTest {
  private static final Path COMPOSE = Path.of("../docker-compose.yml");
  private static final Path ENTRYPOINT = Path.of("../docker/o2o");
  private static final String CONFIG_IN_CONTAINER = "/etc/o2o/o2o.yaml";
  private static final Pattern SERVICE_CASE =
      Pattern.compile("^\\s*([a-z-]+)\\)\\s+main=([\\w.]+) ;;", Pattern.MULTILINE);

  private final JsonNode services;

  DeploymentFileTest() throws Exception {
    services = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).get("services");
  }

  @Test
  void everyEngineServiceCommandParsesWithTheEnginesOwnOptions() throws Exception {
    Map<String, String> mains = entrypointMains();
    assertThat(mains).containsKeys("broker", "gateway", "geode-server");
    List<String> checked = new ArrayList<>();
    for (Map.Entry<String, JsonNode> service : iterable(services)) {
      List<String> command = strings(service.getValue().get("command"));
      if (service.getValue().has("<<") && !command.isEmpty()) {
        String main = mains.getOrDefault(command.get(0), O2o.class.getName());
        List<String> args =
            mains.containsKey(command.get(0)) ? command.subList(1, command.size()) : command;
        parse(main, args);
        checked.add(service.getKey());
      } else if (!command.isEmpty() && command.get(0).equals("flink")) {
        List<String> args =
            command.subList(command.indexOf("/opt/o2o/o2o-flink-jobs.jar") + 1, command.size());
        parse("dev.o2o.jobs.EngineJobs$Submit", args);
        assertThat(args).contains(CONFIG_IN_CONTAINER);
        assertThat(strings(service.getValue().get("volumes")))
            .contains("./config/o2o.yaml:" + CONFIG_IN_CONTAINER + ":ro");
        checked.add(service.getKey());
      }
    }
    assertThat(checked)
        .contains(
            "topics",
            "mqtt",
            "geode-locator",
            "geode-server-1",
            "geode-server-2",
            "jobs",
            "gateway",
            "api",
            "simulator");
  }

  @Test
  void distributedProfilePointsAtTheComposeServices() {
    EngineConfig config = ConfigLoader.load(TestEngines.SHIPPED_CONFIG, "distributed", Map.of());
    String kafkaHost = config.kafka().bootstrapServers().split(":")[0];
    assertThat(services.has(kafkaHost)).as("Kafka service " + kafkaHost).isTrue();
    assertThat(services.has(config.mqtt().host()))
        .as("MQTT service " + config.mqtt().host())
        .isTrue();
    assertThat(strings(services.get(config.mqtt().host()).get("ports")))
        .contains(config.mqtt().port() + ":" + config.mqtt().port());
    assertThat(services.has(config.geode().locatorHost())).as("Geode locator service").isTrue();
    assertThat(strings(services.get(config.geode().locatorHost()).get("command")))
        .containsSequence("--locator-port", String.valueOf(config.geode().locatorPort()));
    String dataDir = config.engine().dataDir().toString();
    for (String flink : List.of("jobmanager", "taskmanager", "jobs")) {
      assertThat(strings(services.get(flink).get("volumes")))
          .as(flink + " shares the checkpoint volume")
          .contains("flink-state:" + dataDir);
    }
  }

  @Test
  void theLocalClusterRunsTheServicesOfTheComposeFile() throws Exception {
    List<String> engineServices = new ArrayList<>();
    services.fieldNames().forEachRemaining(engineServices::add);
    // Monitoring is not part of the engine: the local cluster runs without it.
    engineServices.removeAll(List.of("simulator", "prometheus", "grafana"));
    assertThat(LocalCluster.DEPLOYMENT_SERVICES)
        .containsExactlyInAnyOrderElementsOf(engineServices);
    for (String server : List.of("geode-server-1", "geode-server-2")) {
      assertThat(strings(services.get(server).get("command")))
          .as(server + " keeps a redundant copy of every bucket")
          .containsSequence("--redundancy", "1");
    }
    String flinkProperties =
        new ObjectMapper(new YAMLFactory())
            .readTree(COMPOSE.toFile())
            .path("x-flink-env")
            .path("FLINK_PROPERTIES")
            .asText();
    LocalCluster.SHARED_FLINK_SETTINGS.forEach(
        (key, value) -> assertThat(flinkProperties).contains(key + ": " + value));
  }

  @Test
  void prometheusScrapesEveryServiceTheDashboardReadsAndGrafanaIsProvisionedFromTheRepository()
      throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    Map<String, List<String>> targets = new HashMap<>();
    for (JsonNode job :
        yaml.readTree(Path.of("../docker/prometheus.yml").toFile()).get("scrape_configs")) {
      List<String> hosts = new ArrayList<>();
      job.path("static_configs").forEach(c -> hosts.addAll(strings(c.get("targets"))));
      job.path("dns_sd_configs")
          .forEach(
              c ->
                  strings(c.get("names"))
                      .forEach(n -> hosts.add(n + ":" + c.get("port").asText())));
      targets.put(job.get("job_name").asText(), hosts);
    }
    EngineConfig config = ConfigLoader.load(TestEngines.SHIPPED_CONFIG, "distributed", Map.of());
    List<String> gatewayCommand = strings(services.get("gateway").get("command"));
    String gatewayPort = gatewayCommand.get(gatewayCommand.indexOf("--metrics-port") + 1);
    String flinkProperties =
        yaml.readTree(COMPOSE.toFile()).path("x-flink-env").path("FLINK_PROPERTIES").asText();
    assertThat(flinkProperties).contains("metrics.reporter.prom.port: 9249");
    assertThat(targets)
        .containsEntry("o2o-api", List.of("api:" + config.http().port()))
        .containsEntry("o2o-gateway", List.of("gateway:" + gatewayPort))
        .containsEntry("flink", List.of("jobmanager:9249", "taskmanager:9249"));
    targets.values().stream()
        .flatMap(List::stream)
        .forEach(target -> assertThat(services.has(target.split(":")[0])).as(target).isTrue());

    JsonNode grafana = services.get("grafana");
    assertThat(grafana.get("image").asText()).matches("grafana/grafana:\\d+\\.\\d+\\.\\d+");
    for (String volume : strings(grafana.get("volumes"))) {
      if (volume.startsWith("./")) {
        assertThat(Path.of("..", volume.split(":")[0])).as(volume).isDirectory();
      }
    }
    JsonNode source =
        yaml.readTree(Path.of("../docker/grafana/provisioning/datasources/prometheus.yml").toFile())
            .get("datasources")
            .get(0);
    assertThat(source.get("url").asText()).isEqualTo("http://prometheus:9090");
    assertThat(strings(services.get("prometheus").get("ports"))).contains("9090:9090");
    JsonNode dashboard = new ObjectMapper().readTree(DashboardQueries.DASHBOARD.toFile());
    assertThat(DashboardQueries.targets(dashboard))
        .isNotEmpty()
        .allSatisfy(
            target ->
                assertThat(target.path("datasource").path("uid").asText())
                    .isEqualTo(source.get("uid").asText()));
  }

  private static void parse(String mainClass, List<String> args) throws Exception {
    CommandLine commandLine = new CommandLine(Class.forName(mainClass));
    commandLine.parseArgs(args.toArray(String[]::new));
  }

  private static Map<String, String> entrypointMains() throws Exception {
    Map<String, String> mains = new HashMap<>();
    Matcher m = SERVICE_CASE.matcher(Files.readString(ENTRYPOINT));
    while (m.find()) {
      mains.put(m.group(1), m.group(2));
    }
    return mains;
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(n -> values.add(n.asText()));
    }
    return values;
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
    return node::fields;
  }
}
