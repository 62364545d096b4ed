package dev.o2o.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.o2o.contract.Json;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium driven over the DevTools protocol, to check what the dashboard really shows.
 * Public for the launcher's end-to-end test, which drives the page of a whole engine.
 */
public final class HeadlessBrowser implements AutoCloseable {
  private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

  /**
   * The protocol's replies, read without the engine's limits on input: a screenshot arrives as one
   * base64 string of megabytes.
   */
  private static final ObjectMapper PROTOCOL =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
              .build());

  private final Process process;
  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  private HeadlessBrowser(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  public static Optional<Path> chromium() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
        Path candidate = Path.of(dir, name);
        if (candidate.toFile().canExecute()) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** Opens {@code url} in a fresh headless browser with its profile under {@code profile}. */
  public static HeadlessBrowser open(Path chromium, Path profile, String url) throws Exception {
    Process process =
        new ProcessBuilder(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--remote-debugging-port=0",
                "--window-size=1440,2400",
                "--hide-scrollbars",
                "--user-data-dir=" + profile,
                url)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    CompletableFuture<String> browserSocket = new CompletableFuture<>();
    Thread stderr =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  Matcher matcher = DEVTOOLS.matcher(line);
                  if (matcher.find()) {
                    browserSocket.complete(matcher.group(1));
                  }
                }
              } catch (IOException ignored) {
                // The browser ended; the future below times out if it never announced itself.
              }
            });
    stderr.setDaemon(true);
    stderr.start();
    try {
      URI browser = URI.create(browserSocket.get(30, TimeUnit.SECONDS));
      HttpClient http = HttpClient.newHttpClient();
      String pageSocket = null;
      for (int attempt = 0; attempt < 50 && pageSocket == null; attempt++) {
        HttpResponse<String> targets =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://" + browser.getAuthority() + "/json/list"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode target : Json.mapper().readTree(targets.body())) {
          if (target.path("type").asText().equals("page")
              && target.path("url").asText().startsWith(url)) {
            pageSocket = target.get("webSocketDebuggerUrl").asText();
          }
        }
        if (pageSocket == null) {
          Thread.sleep(100);
        }
      }
      if (pageSocket == null) {
        throw new IllegalStateException("the browser did not open " + url);
      }
      HeadlessBrowser[] self = new HeadlessBrowser[1];
      WebSocket socket =
          http.newWebSocketBuilder()
              .buildAsync(URI.create(pageSocket), new Listener(() -> self[0]))
              .get(10, TimeUnit.SECONDS);
      self[0] = new HeadlessBrowser(process, socket);
      return self[0];
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** Evaluates a JavaScript expression in the page and returns its value as text. */
  public String evaluate(String expression) throws Exception {
    ObjectNode params = Json.mapper().createObjectNode();
    params.put("expression", expression).put("returnByValue", true);
    return call("Runtime.evaluate", params).at("/result/value").asText();
  }

  /** Picks {@code value} in the select element with this id, as a user would. */
  public void select(String elementId, String value) throws Exception {
    String picked =
        evaluate(
            "(() => { const s = document.getElementById('"
                + elementId
                + "'); s.value = '"
                + value
                + "'; s.dispatchEvent(new Event('change')); return s.value; })()");
    if (!picked.equals(value)) {
      throw new IllegalStateException(elementId + " has no option " + value);
    }
  }

  /** Saves what the page shows, the whole page, as a PNG file. */
  public void screenshot(Path file) throws Exception {
    ObjectNode params = Json.mapper().createObjectNode();
    params.put("format", "png").put("captureBeyondViewport", true);
    JsonNode shot = call("Page.captureScreenshot", params);
    Files.write(file, Base64.getDecoder().decode(shot.at("/data").asText()));
  }

  private JsonNode call(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    ObjectNode call = Json.mapper().createObjectNode().put("id", id);
    call.put("method", method);
    call.set("params", params);
    socket.sendText(call.toString(), true);
    JsonNode answer = reply.get(20, TimeUnit.SECONDS);
    if (answer.has("error")) {
      throw new IllegalStateException(method + " failed: " + answer.get("error"));
    }
    return answer.get("result");
  }

  /** The text of the element with this id, polled until it satisfies {@code expected}. */
  public String awaitText(String elementId, Predicate<String> expected, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String expression =
        "(document.getElementById('" + elementId + "') || {textContent: '(missing)'}).textContent";
    String text = evaluate(expression);
    while (!expected.test(text) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      text = evaluate(expression);
    }
    return text;
  }

  @Override
  public void close() throws InterruptedException {
    socket.abort();
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private static final class Listener implements WebSocket.Listener {
    private final Supplier<HeadlessBrowser> browser;
    private final StringBuilder message = new StringBuilder();

    Listener(Supplier<HeadlessBrowser> browser) {
      this.browser = browser;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      message.append(data);
      if (last) {
        try {
          JsonNode node = PROTOCOL.readTree(message.toString());
          HeadlessBrowser self = browser.get();
          if (self != null && node.has("id")) {
            Optional.ofNullable(self.pending.remove(node.get("id").asInt()))
                .ifPresent(reply -> reply.complete(node));
          }
        } catch (IOException malformed) {
          // Not a protocol reply; nothing waits for it.
        }
        message.setLength(0);
      }
      socket.request(1);
      return null;
    }
  }
}
