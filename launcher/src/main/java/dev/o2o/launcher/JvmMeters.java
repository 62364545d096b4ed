package dev.o2o.launcher;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The process's own meters (heap and other memory pools, garbage collection, threads, CPU, uptime)
 * beside the engine's, as the gateway serves them, so that one dashboard reads every service alike.
 * Closing stops listening for garbage collections.
 */
final class JvmMeters implements AutoCloseable {
  private final JvmGcMetrics gc = new JvmGcMetrics();

  private JvmMeters() {}

  static JvmMeters bindTo(MeterRegistry registry) {
    JvmMeters meters = new JvmMeters();
    meters.gc.bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return meters;
  }

  @Override
  public void close() {
    gc.close();
  }
}
