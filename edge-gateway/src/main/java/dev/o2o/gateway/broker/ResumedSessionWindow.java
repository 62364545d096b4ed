package dev.o2o.gateway.broker;

import io.moquette.broker.Server;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the messages a subscriber of a persistent session left unacknowledged when its connection
 * died, which Moquette 0.17 can otherwise lose. The broker numbers a new connection's packets from
 * 1 again while the session's in-flight window still holds the dead connection's messages under
 * that connection's ids; a new message given one of those ids replaces the old one in the window,
 * and the old one is never sent again. For the edge gateway, killed with messages unacknowledged,
 * that lost them once its restarted connection had sent as many messages as their ids.
 *
 * <p>When a client with a session logs in, before its connection is bound to the session, the
 * window's messages move to the ids at the top of the range (65535 down), in the order they were
 * first sent, and become due for resending; the new connection would have to send some 65,000
 * messages before it could reach them. Once the client is connected they are sent again, after at
 * most the window's free slots of newer messages, as duplicates that the subscriber acknowledges
 * like any other. Both steps run on the session's own thread, in turn with everything else the
 * broker does to the session.
 *
 * <p>It also sets each session's window to {@code mqtt.inflightWindow} messages when its client
 * connects; Moquette's is fixed at 10. The gateway acknowledges a store message once Kafka has it,
 * so the window is how many messages share a wait for Kafka: with 10, measured by {@code ./o2o
 * bench --runs gateway}, 8,376 events/s at 232 µs of CPU per event; with 100, 12,864 at 154 µs.
 *
 * <p>The broker offers no hook for this, so it reaches into Moquette 0.17's session by reflection;
 * {@link #attach} fails at start-up, naming what it did not find, if the broker is another version.
 */
final class ResumedSessionWindow extends AbstractInterceptHandler {
  static final int HIGHEST_PACKET_ID = 65_535;

  private static final Logger LOG = LoggerFactory.getLogger(ResumedSessionWindow.class);

  private final Object postOffice;
  private final Method routeCommand;
  private final Object sessionRegistry;
  private final Method retrieve;
  private final Field inflightWindow;
  private final Field inflightTimeouts;
  private final Field packetId;
  private final Constructor<?> inFlightPacket;
  private final Method resendInflightNotAcked;
  private final Field inflightSlots;
  private final int windowSize;

  private ResumedSessionWindow(Server server, int windowSize) throws ReflectiveOperationException {
    this.windowSize = windowSize;
    postOffice = field(Server.class, "dispatcher").get(server);
    routeCommand =
        method(postOffice.getClass(), "routeCommand", String.class, String.class, Callable.class);
    sessionRegistry = field(Server.class, "sessions").get(server);
    retrieve = method(sessionRegistry.getClass(), "retrieve", String.class);
    Class<?> session = retrieve.getReturnType();
    inflightWindow = field(session, "inflightWindow");
    inflightTimeouts = field(session, "inflightTimeouts");
    Class<?> packet = Class.forName(session.getName() + "$InFlightPacket");
    packetId = field(packet, "packetId");
    inFlightPacket = packet.getDeclaredConstructor(int.class, long.class);
    inFlightPacket.setAccessible(true);
    resendInflightNotAcked = method(session, "resendInflightNotAcked");
    inflightSlots = field(session, "inflightSlots");
    if (inflightSlots.getType() != AtomicInteger.class) {
      throw new NoSuchFieldException("inflightSlots is a " + inflightSlots.getType());
    }
  }

  /**
   * Looks up what it needs in the started broker.
   *
   * @throws IllegalStateException when the broker is not the Moquette version it was written for
   */
  static ResumedSessionWindow attach(Server server, int windowSize) {
    try {
      return new ResumedSessionWindow(server, windowSize);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "the MQTT broker is not the Moquette 0.17 whose session window the engine guards ("
              + e
              + ")",
          e);
    }
  }

  /**
   * Called as the client logs in, before the broker binds its connection to the session: moves what
   * the session's window holds out of the new connection's way.
   */
  void loggingIn(String clientId) {
    onSessionThread(clientId, "move unacknowledged packet ids", () -> moveWindow(clientId));
  }

  @Override
  public void onConnect(InterceptConnectMessage message) {
    String clientId = message.getClientID();
    onSessionThread(clientId, "resend unacknowledged", () -> resend(clientId));
  }

  @Override
  public Class<?>[] getInterceptedMessageTypes() {
    return new Class<?>[] {InterceptConnectMessage.class};
  }

  @Override
  public String getID() {
    return "o2o-resumed-session-window";
  }

  @Override
  public void onSessionLoopError(Throwable error) {
    LOG.warn("MQTT broker session thread failed", error);
  }

  private void onSessionThread(String clientId, String what, Runnable action) {
    Callable<String> command =
        () -> {
          action.run();
          return null;
        };
    try {
      routeCommand.invoke(postOffice, clientId, what, command);
    } catch (ReflectiveOperationException e) {
      LOG.warn("cannot {} for MQTT client {}", what, clientId, e);
    }
  }

  @SuppressWarnings("unchecked")
  private void moveWindow(String clientId) {
    try {
      Object session = retrieve.invoke(sessionRegistry, clientId);
      if (session == null) {
        return;
      }
      Map<Integer, Object> window = (Map<Integer, Object>) inflightWindow.get(session);
      if (window.isEmpty()) {
        return;
      }
      // QoS 1 publishes only; a QoS 2 release keeps the id its client knows it by.
      List<Integer> ids =
          sentOrder(
              window.entrySet().stream()
                  .filter(e -> e.getValue().getClass().getSimpleName().equals("PublishedMessage"))
                  .map(Map.Entry::getKey)
                  .toList());
      if (ids.isEmpty()) {
        return;
      }
      DelayQueue<Delayed> timeouts = (DelayQueue<Delayed>) inflightTimeouts.get(session);
      timeouts.removeIf(packet -> ids.contains(idOf(packet)));
      List<Object> messages = new ArrayList<>();
      ids.forEach(id -> messages.add(window.remove(id)));
      int first = HIGHEST_PACKET_ID - ids.size() + 1;
      for (int i = 0; i < ids.size(); i++) {
        window.put(first + i, messages.get(i));
        // Due already, oldest first: the next resend sends them in the order first sent.
        timeouts.add((Delayed) inFlightPacket.newInstance(first + i, (long) i - ids.size()));
      }
      LOG.info(
          "MQTT client {} came back with {} unacknowledged message(s) (packet ids {}); they go out"
              + " again as {} to {}",
          clientId,
          ids.size(),
          ids,
          first,
          HIGHEST_PACKET_ID);
    } catch (ReflectiveOperationException e) {
      LOG.warn("cannot move the unacknowledged packet ids of MQTT client {}", clientId, e);
    }
  }

  private void resend(String clientId) {
    try {
      Object session = retrieve.invoke(sessionRegistry, clientId);
      if (session == null) {
        return;
      }
      Map<?, ?> window = (Map<?, ?>) inflightWindow.get(session);
      // The slots left are the window less what it holds; the session lives on across connections.
      ((AtomicInteger) inflightSlots.get(session)).set(Math.max(0, windowSize - window.size()));
      if (!window.isEmpty()) {
        resendInflightNotAcked.invoke(session);
      }
    } catch (ReflectiveOperationException e) {
      LOG.warn("cannot resend what MQTT client {} left unacknowledged", clientId, e);
    }
  }

  private int idOf(Delayed packet) {
    try {
      return packetId.getInt(packet);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The ids in the order the dead connection used them: ascending, but for a counter that wrapped
   * from 65535 to 1 meanwhile (a window never spans half the range otherwise).
   */
  static List<Integer> sentOrder(Iterable<Integer> ids) {
    List<Integer> sorted = new ArrayList<>();
    ids.forEach(sorted::add);
    sorted.sort(Comparator.naturalOrder());
    if (!sorted.isEmpty()
        && sorted.get(sorted.size() - 1) - sorted.get(0) > HIGHEST_PACKET_ID / 2) {
      sorted.sort(
          Comparator.comparingInt(id -> id < HIGHEST_PACKET_ID / 2 ? id + HIGHEST_PACKET_ID : id));
    }
    return sorted;
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    Field field = type.getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }

  private static Method method(Class<?> type, String name, Class<?>... parameters)
      throws NoSuchMethodException {
    Method method = type.getDeclaredMethod(name, parameters);
    method.setAccessible(true);
    return method;
  }
}
