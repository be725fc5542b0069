package dev.kubedeploy.model.catalog;

/** A chart source's secret cannot be opened with the configured keys. */
public class ChartSourceSecretException extends RuntimeException {

  public ChartSourceSecretException(String sourceName, String why) {
    super("chart source '" + sourceName + "': " + why);
  }
}
