package dev.kubedeploy.testsupport;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.config.Config;

/**
 * A service's {@code application.properties} (from the test's classpath) as the given profile
 * resolves it, and nothing else: no environment, no system properties. For tests of what a profile
 * the tests do not run, production above all, would be configured with.
 */
public final class ProfileConfig {

  private ProfileConfig() {}

  public static Config of(String profile) {
    var url = ProfileConfig.class.getClassLoader().getResource("application.properties");
    try {
      return new SmallRyeConfigBuilder()
          .addDefaultInterceptors()
          .withProfile(profile)
          .withSources(new PropertiesConfigSource(url))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
