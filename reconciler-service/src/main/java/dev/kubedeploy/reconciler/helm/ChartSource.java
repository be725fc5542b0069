package dev.kubedeploy.reconciler.helm;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Where a template's chart comes from, parsed from {@code chart_ref}:
 *
 * <ul>
 *   <li>{@code oci://registry/path/chart}: an OCI registry; {@code chart_version} is the tag and
 *       {@code chart_digest} the manifest digest;
 *   <li>{@code https://host/path#chart} (or {@code http://}): the chart repository whose {@code
 *       index.yaml} is at {@code https://host/path/index.yaml}, and the chart's name after '#';
 *       {@code chart_digest} is the archive's digest as the index publishes it;
 *   <li>anything else: a chart folder or {@code .tgz} archive, relative to {@code
 *       app.helm.local-chart-dir}; {@code chart_digest} is optional there.
 * </ul>
 */
public sealed interface ChartSource {

  /** An OCI chart reference such as {@code oci://registry/charts/webapp}. */
  record Oci(String reference) implements ChartSource {}

  /** A chart named {@code chart} in the HTTP(S) chart repository at {@code repository}. */
  record Repository(URI repository, String chart) implements ChartSource {

    /** Where the repository publishes its index. */
    public URI indexUri() {
      var base = repository.toString();
      return URI.create(base.endsWith("/") ? base + "index.yaml" : base + "/index.yaml");
    }

    /** Resolves an index entry's URL, which may be relative to the repository. */
    public URI resolve(String url) {
      var base = repository.toString();
      return URI.create(base.endsWith("/") ? base : base + "/").resolve(url);
    }
  }

  /** A chart folder or archive on the reconciler's own disk. */
  record Local(Path relativePath) implements ChartSource {}

  /** Parses {@code chart_ref}; a reference that fits no form is the admin's mistake. */
  static ChartSource parse(String chartRef) {
    if (chartRef == null || chartRef.isBlank()) {
      throw new ChartVerificationException("the template has no chart_ref");
    }
    var ref = chartRef.strip();
    if (ref.startsWith("oci://")) {
      return new Oci(ref);
    }
    if (ref.startsWith("https://") || ref.startsWith("http://")) {
      try {
        var uri = new URI(ref);
        var chart = uri.getFragment();
        if (chart == null || chart.isBlank()) {
          throw new ChartVerificationException(
              "chart_ref '" + ref + "' names a repository but no chart: write URL#chart-name");
        }
        var repository =
            new URI(uri.getScheme(), uri.getAuthority(), uri.getPath(), uri.getQuery(), null);
        return new Repository(repository, chart);
      } catch (URISyntaxException e) {
        throw new ChartVerificationException("chart_ref '" + ref + "' is not a valid URL", e);
      }
    }
    if (ref.contains("://")) {
      throw new ChartVerificationException(
          "chart_ref '" + ref + "': only oci://, http(s):// and local paths are supported");
    }
    return new Local(Path.of(ref));
  }
}
