package dev.kubedeploy.testsupport;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.eclipse.microprofile.config.Config;

/**
 * A properties file as the given profile resolves it, and nothing else: no environment, no system
 * properties. For tests of what a profile the tests do not run, production above all, would be
 * configured with.
 */
public final class ProfileConfig {

  private ProfileConfig() {}

  public static Config of(Path properties, String profile) {
    try {
      return new SmallRyeConfigBuilder()
          .addDefaultInterceptors()
          .withProfile(profile)
          .withSources(new PropertiesConfigSource(properties.toUri().toURL()))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
