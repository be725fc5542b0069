package dev.kubedeploy.api.catalog;

import dev.kubedeploy.api.error.FieldError;
import dev.kubedeploy.model.catalog.ChartSourceAuth;
import dev.kubedeploy.model.catalog.PrivateChartSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a chart may come from: {@code oci://} and {@code https://} repositories, plain {@code
 * http://} only for hosts an admin allowed, or a relative path inside the reconciler's local chart
 * folder. Nothing in a reference may pass for a helm flag.
 */
final class ChartRefRules {

  /** A chart name as Helm writes them; never starting with '-', which helm reads as a flag. */
  private static final Pattern CHART_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]*$");

  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  private ChartRefRules() {}

  /** Why {@code chartRef} is refused, or empty. */
  static Optional<FieldError> violation(String chartRef, List<String> insecureHosts) {
    if (chartRef.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      return refuse("must not contain spaces or control characters");
    }
    if (chartRef.startsWith("-")) {
      return refuse("must not start with '-'");
    }
    if (!SCHEME.matcher(chartRef).find()) {
      return localPath(chartRef);
    }
    URI uri;
    try {
      uri = new URI(chartRef);
    } catch (URISyntaxException e) {
      return refuse("is not a valid URI: " + e.getReason());
    }
    var scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || uri.getRawUserInfo() != null) {
      return refuse("must name a host, without user information");
    }
    return switch (scheme) {
      case "oci" ->
          uri.getRawFragment() != null || uri.getRawQuery() != null
              ? refuse("an oci:// reference has no query or '#'")
              : lastSegmentIsChartName(uri.getPath());
      case "https" -> repositoryChart(uri);
      case "http" ->
          insecureHosts.stream().anyMatch(host -> matchesHost(host, uri))
              ? repositoryChart(uri)
              : refuse(
                  "must use https:// or oci://; plain http:// only for the hosts in"
                      + " app.catalog.insecure-chart-hosts");
      default -> refuse("must use https:// or oci:// (or a path in the local chart folder)");
    };
  }

  /**
   * Why a template version may not read {@code chartRef} through the chart source named {@code
   * name} ({@code source} is null when there is none by that name), or empty.
   */
  static Optional<FieldError> sourceViolation(
      String name, PrivateChartSource source, String chartRef) {
    if (source == null) {
      return Optional.of(
          FieldError.forField("chart_source", "no chart source named '" + name + "' exists"));
    }
    if (chartRef == null || !SCHEME.matcher(chartRef).find()) {
      return Optional.of(
          FieldError.forField("chart_source", "only a remote chart_ref is read through a source"));
    }
    if (source.auth == ChartSourceAuth.TOKEN && chartRef.startsWith("oci://")) {
      return Optional.of(
          FieldError.forField(
              "chart_source",
              "an OCI registry takes a username with the token as password, not a token alone"));
    }
    return Optional.empty();
  }

  private static Optional<FieldError> repositoryChart(URI uri) {
    var chart = uri.getRawFragment();
    if (chart == null || chart.isEmpty()) {
      return refuse("a repository reference names its chart after '#': https://HOST/PATH#CHART");
    }
    if (!CHART_NAME.matcher(chart).matches()) {
      return refuse(
          "the chart name after '#' must start with a letter or digit and hold only letters,"
              + " digits, '.', '_' and '-'");
    }
    return Optional.empty();
  }

  private static Optional<FieldError> lastSegmentIsChartName(String path) {
    var name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    return CHART_NAME.matcher(name).matches()
        ? Optional.empty()
        : refuse("an oci:// reference ends in a chart name that starts with a letter or digit");
  }

  private static Optional<FieldError> localPath(String path) {
    if (path.startsWith("/") || path.contains("\\")) {
      return refuse("a local chart is a relative path inside the local chart folder");
    }
    for (var segment : path.split("/", -1)) {
      if (segment.equals("..") || segment.isEmpty() || segment.startsWith("-")) {
        return refuse(
            "a local chart path has no '..', empty segments or segments starting with '-'");
      }
    }
    return Optional.empty();
  }

  private static boolean matchesHost(String allowed, URI uri) {
    var host = uri.getHost().toLowerCase(Locale.ROOT);
    var withPort = uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    var wanted = allowed.trim().toLowerCase(Locale.ROOT);
    return wanted.equals(host) || wanted.equals(withPort);
  }

  private static Optional<FieldError> refuse(String message) {
    return Optional.of(FieldError.forField("chart_ref", message));
  }
}
