package dev.kubedeploy.reconciler.helm;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Turns a template's chart reference into a verified chart on local disk. Remote charts are fetched
 * once into a cache keyed by reference, version and digest, and checked against {@code
 * chart_digest} before first use and again (for archives) on every use from the cache.
 */
@ApplicationScoped
public class ChartResolver {

  private final HelmCli helm;
  private final HelmConfig config;
  private final HttpClient http;
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  ChartResolver(HelmCli helm, HelmConfig config) {
    this.helm = helm;
    this.config = config;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(config.commandTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /**
   * The chart {@code chartRef} at {@code version}, verified against {@code digest}.
   *
   * @throws ChartVerificationException when the chart is not there or is not the pinned one
   */
  public ResolvedChart resolve(String chartRef, String version, String digest) {
    return switch (ChartSource.parse(chartRef)) {
      case ChartSource.Local local -> resolveLocal(local, digest);
      case ChartSource.Repository repository ->
          cached(
              chartRef,
              version,
              required(chartRef, version, digest),
              () -> fetch(repository, version, digest));
      case ChartSource.Oci oci ->
          cached(
              chartRef,
              version,
              required(chartRef, version, digest),
              () -> fetch(oci, version, digest));
    };
  }

  private ResolvedChart resolveLocal(ChartSource.Local local, String digest) {
    var root =
        config
            .localChartDir()
            .orElseThrow(
                () ->
                    new ChartVerificationException(
                        "local chart '"
                            + local.relativePath()
                            + "' refused: app.helm.local-chart-dir is not set"))
            .toAbsolutePath()
            .normalize();
    var path = root.resolve(local.relativePath()).normalize();
    if (!path.startsWith(root)) {
      throw new ChartVerificationException(
          "local chart '" + local.relativePath() + "' lies outside app.helm.local-chart-dir");
    }
    if (!Files.exists(path)) {
      throw new ChartVerificationException("chart not found: no local chart at " + path);
    }
    if (digest == null) {
      return new ResolvedChart(path, null);
    }
    var actual = Files.isDirectory(path) ? ChartDigests.ofFolder(path) : ChartDigests.ofFile(path);
    ChartDigests.verify(local.relativePath().toString(), digest, actual);
    return new ResolvedChart(path, actual);
  }

  /** Downloads from a chart repository after checking the digest its index publishes. */
  private Path fetch(ChartSource.Repository repository, String version, String digest)
      throws IOException {
    var index = RepositoryIndex.parse(get(repository.indexUri()));
    var entry =
        index
            .find(repository.chart(), version)
            .orElseThrow(
                () ->
                    new ChartVerificationException(
                        "chart not found: "
                            + repository.chart()
                            + " "
                            + version
                            + " is not in "
                            + repository.indexUri()));
    if (entry.digest() == null) {
      throw new ChartVerificationException(
          repository.indexUri() + " publishes no digest for " + repository.chart() + " " + version);
    }
    ChartDigests.verify(
        repository.chart() + " " + version + " in the index", digest, entry.digest());
    var download = Files.createTempDirectory(chartsDir(), "pull-");
    var archive =
        helm.pullFromRepository(repository.repository(), repository.chart(), version, download);
    ChartDigests.verify(repository.chart() + " " + version, digest, ChartDigests.ofFile(archive));
    return archive;
  }

  /** Pulls from an OCI registry; Helm reports the manifest digest it pulled. */
  private Path fetch(ChartSource.Oci oci, String version, String digest) throws IOException {
    var download = Files.createTempDirectory(chartsDir(), "pull-");
    var pulled = helm.pullOci(oci.reference(), version, download);
    ChartDigests.verify(oci.reference() + ":" + version, digest, pulled.manifestDigest());
    return pulled.archive();
  }

  private String get(URI uri) throws IOException {
    var request = HttpRequest.newBuilder(uri).timeout(config.commandTimeout()).GET().build();
    try {
      var response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() == 404) {
        throw new ChartVerificationException(
            uri + " answered 404: chart_ref does not name a chart repository");
      }
      if (response.statusCode() != 200) {
        throw new IOException(uri + " answered HTTP " + response.statusCode());
      }
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + uri, e);
    }
  }

  private interface Fetch {
    Path into() throws IOException;
  }

  /**
   * One fetch per cache key at a time; a cached archive is hashed again before use so that a
   * damaged cache is noticed and refilled rather than installed.
   */
  private ResolvedChart cached(String chartRef, String version, String digest, Fetch fetch) {
    var key = cacheKey(chartRef, version, digest);
    var lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lock();
    try {
      var entry = chartsDir().resolve(key);
      var archive = entry.resolve("chart.tgz");
      var isOci = ChartSource.parse(chartRef) instanceof ChartSource.Oci;
      if (Files.exists(archive)
          && (isOci || ChartDigests.normalize(digest).equals(ChartDigests.ofFile(archive)))) {
        return new ResolvedChart(archive, ChartDigests.normalize(digest));
      }
      var fetched = fetch.into();
      Files.createDirectories(entry);
      Files.move(
          fetched, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      deleteQuietly(fetched.getParent());
      return new ResolvedChart(archive, ChartDigests.normalize(digest));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot fetch chart " + chartRef + " " + version, e);
    } finally {
      lock.unlock();
    }
  }

  private static String required(String chartRef, String version, String digest) {
    if (version == null || version.isBlank()) {
      throw new ChartVerificationException(
          "chart_ref '" + chartRef + "' is remote: its template must name chart_version");
    }
    if (digest == null || digest.isBlank()) {
      throw new ChartVerificationException(
          "chart_ref '" + chartRef + "' is remote: its template must pin chart_digest");
    }
    return digest;
  }

  /** A folder name: the first 32 hex digits of the sha256 of reference, version and digest. */
  private static String cacheKey(String chartRef, String version, String digest) {
    var text = chartRef + "\n" + version + "\n" + ChartDigests.normalize(digest);
    return ChartDigests.ofText(text).substring("sha256:".length(), "sha256:".length() + 32);
  }

  private Path chartsDir() throws IOException {
    return Files.createDirectories(config.workDir().resolve("charts"));
  }

  private static void deleteQuietly(Path folder) {
    try (var files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary folder under the work dir is harmless
    }
  }
}
