package dev.kubedeploy.api.support;

import dev.kubedeploy.testsupport.InMemoryTracing;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Tracing on, with spans kept by {@link InMemorySpans} ({@link InMemoryTracing}). */
public class InMemoryTracingProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return InMemoryTracing.CONFIG;
  }
}
