package dev.kubedeploy.reconciler.reconcile;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The span exporter of the tests: it keeps finished spans in memory for the test to read. The
 * tracer hands spans to it only where {@link InMemoryTracingProfile} turns tracing on.
 */
@Singleton
public class InMemorySpans {

  @Produces
  @Singleton
  InMemorySpanExporter exporter() {
    return InMemorySpanExporter.create();
  }
}
