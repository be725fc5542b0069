package dev.kubedeploy.reconciler.helm;

import java.util.regex.Pattern;

/** The version of the helm binary, as {@code helm version --template '{{.Version}}'} prints it. */
public record HelmVersion(int major, int minor, int patch) {

  private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)\\S*");

  public static HelmVersion parse(String text) {
    var matcher = VERSION.matcher(text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("'" + text.strip() + "' is not a Helm version");
    }
    return new HelmVersion(
        Integer.parseInt(matcher.group(1)),
        Integer.parseInt(matcher.group(2)),
        Integer.parseInt(matcher.group(3)));
  }

  /** Helm 3.17 and newer: older releases lack flags and fixes the driver relies on. */
  public boolean isSupported() {
    return major > 3 || (major == 3 && minor >= 17);
  }

  /**
   * Helm 4 renamed {@code --atomic} to {@code --rollback-on-failure}, made {@code --wait} take a
   * strategy, and applies objects server-side.
   */
  public boolean isHelm4OrLater() {
    return major >= 4;
  }

  @Override
  public String toString() {
    return "v" + major + "." + minor + "." + patch;
  }
}
