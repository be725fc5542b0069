package dev.kubedeploy.testsupport;

import java.util.Map;

/**
 * The settings of a test that looks at the spans a service makes: tracing on (the services ship
 * with it off), spans handed to the test's in-memory exporter bean within moments, and no OTLP
 * exporter trying to reach a collector that tests do not run.
 */
public final class InMemoryTracing {

  public static final Map<String, String> CONFIG =
      Map.of(
          "quarkus.otel.sdk.disabled", "false",
          "quarkus.otel.exporter.otlp.enabled", "false",
          "quarkus.otel.bsp.schedule.delay", "50ms");

  private InMemoryTracing() {}
}
