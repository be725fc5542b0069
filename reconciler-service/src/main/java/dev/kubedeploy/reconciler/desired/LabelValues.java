package dev.kubedeploy.reconciler.desired;

/** Turns free text (tenant keys, product slugs) into valid Kubernetes label values. */
final class LabelValues {

  private static final int MAX_LENGTH = 63;

  private LabelValues() {}

  /**
   * Letters, digits, '-', '_' and '.' kept, anything else becomes '-', cut to 63 characters, with
   * an alphanumeric character at both ends; empty when nothing is left (a valid label value).
   */
  static String of(String text) {
    if (text == null) {
      return "";
    }
    var value = text.replaceAll("[^A-Za-z0-9._-]", "-");
    value = value.substring(0, Math.min(value.length(), MAX_LENGTH));
    return value.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
  }
}
