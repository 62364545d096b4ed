package dev.o2o.cluster;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Starts a service's main class and ends the JVM when the process that launched it ends, however
 * that one ended (a SIGKILL leaves no shutdown hook to stop its children). The local cluster starts
 * every child JVM through it: {@code ParentWatch <parent pid> <main class> <args...>}.
 *
 * <p>It uses nothing but the JDK, so that the Flink JVMs, whose class path holds no other class of
 * the engine, can carry this one class file alone.
 */
public final class ParentWatch {
  private ParentWatch() {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 2) {
      System.err.println("usage: ParentWatch <parent pid> <main class> [args...]");
      System.exit(2);
    }
    long parent = Long.parseLong(args[0]);
    ProcessHandle.of(parent)
        .ifPresentOrElse(handle -> handle.onExit().thenRun(ParentWatch::exit), ParentWatch::exit);
    Method main = Class.forName(args[1]).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void exit() {
    // Shutdown hooks get ten seconds; a service that hangs in one is halted.
    Thread halt =
        new Thread(
            () -> {
              try {
                Thread.sleep(10_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              Runtime.getRuntime().halt(1);
            },
            "parent-watch-halt");
    halt.setDaemon(true);
    halt.start();
    System.exit(0);
  }
}
