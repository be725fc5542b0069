package dev.kubedeploy.reconciler.helm;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
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
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final LoginFingerprints loginFingerprints = new LoginFingerprints();

  ChartResolver(HelmCli helm, HelmConfig config) {
    this.helm = helm;
    this.config = config;
  }

  /**
   * The chart {@code chartRef} at {@code version}, verified against {@code digest}, read with the
   * template's chart source {@code credentials} ({@link ChartCredentials#NONE} for a public one).
   *
   * @throws ChartVerificationException when the chart is not there or is not the pinned one
   */
  public ResolvedChart resolve(
      String chartRef, String version, String digest, ChartCredentials credentials) {
    return switch (ChartSource.parse(chartRef)) {
      case ChartSource.Local local -> resolveLocal(local, digest);
      case ChartSource.Repository repository ->
          cached(
              chartRef,
              version,
              required(chartRef, version, digest),
              credentials,
              folder -> fetch(repository, version, digest, credentials, folder));
      case ChartSource.Oci oci ->
          cached(
              chartRef,
              version,
              required(chartRef, version, digest),
              credentials,
              folder -> helmPull(oci, version, digest, credentials, folder));
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

  /**
   * Downloads from a chart repository after checking the digest its index publishes; the platform
   * reads the repository itself, so credentials never reach a helm process.
   */
  private Path fetch(
      ChartSource.Repository repository,
      String version,
      String digest,
      ChartCredentials credentials,
      Path folder)
      throws IOException {
    var client =
        new RepositoryClient(repository.repository(), credentials, config.commandTimeout());
    var index = RepositoryIndex.parse(client.text(repository.indexUri()));
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
    if (entry.digest() == null || entry.urls() == null || entry.urls().isEmpty()) {
      throw new ChartVerificationException(
          repository.indexUri()
              + " publishes no digest or no URL for "
              + repository.chart()
              + " "
              + version);
    }
    ChartDigests.verify(
        repository.chart() + " " + version + " in the index", digest, entry.digest());
    var archive =
        client.download(repository.resolve(entry.urls().getFirst()), folder.resolve("chart.tgz"));
    ChartDigests.verify(repository.chart() + " " + version, digest, ChartDigests.ofFile(archive));
    return archive;
  }

  /**
   * Pulls from an OCI registry; Helm reports the manifest digest it pulled. Registries take tokens
   * as the password of a login (what {@code helm registry login} sends), so a token needs a user
   * name there.
   */
  private Path helmPull(
      ChartSource.Oci oci,
      String version,
      String digest,
      ChartCredentials credentials,
      Path folder) {
    if (credentials.token().isPresent()) {
      throw new ChartVerificationException(
          oci.reference()
              + ": an OCI registry takes a login with a user name and the token as its password,"
              + " not a token alone");
    }
    var pulled = helm.pullOci(oci.reference(), version, folder, credentials);
    ChartDigests.verify(oci.reference() + ":" + version, digest, pulled.manifestDigest());
    return pulled.archive();
  }

  private interface Fetch {
    /**
     * Fetches into {@code folder}, a private folder deleted afterwards, and returns the archive.
     */
    Path into(Path folder) throws IOException;
  }

  /**
   * One fetch per cache key at a time; a cached archive is hashed again before use so that a
   * damaged cache is noticed and refilled rather than installed.
   */
  private ResolvedChart cached(
      String chartRef, String version, String digest, ChartCredentials credentials, Fetch fetch) {
    var key = cacheKey(chartRef, version, digest, credentials);
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
      fetchInto(entry, archive, fetch);
      return new ResolvedChart(archive, ChartDigests.normalize(digest));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot fetch chart " + chartRef + " " + version + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs a fetch in a private temporary folder (owner-only, it may hold a registry login) that is
   * deleted whatever the outcome: a failed pull leaves nothing behind.
   */
  private void fetchInto(Path entry, Path archive, Fetch fetch) throws IOException {
    var folder = Files.createTempDirectory(chartsDir(), "pull-");
    try {
      var fetched = fetch.into(folder);
      Files.createDirectories(entry);
      Files.move(
          fetched, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      deleteQuietly(folder);
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

  /**
   * A folder name: the first 32 hex digits of the sha256 of reference, version, digest and the
   * login's fingerprint. A chart pulled with one login is not handed to a template whose login (or
   * lack of one) the source would refuse.
   */
  private String cacheKey(
      String chartRef, String version, String digest, ChartCredentials credentials) {
    var text =
        chartRef
            + "\n"
            + version
            + "\n"
            + ChartDigests.normalize(digest)
            + "\n"
            + loginFingerprints.of(credentials);
    return ChartDigests.ofText(text).substring("sha256:".length(), "sha256:".length() + 32);
  }

  private Path chartsDir() throws IOException {
    return Files.createDirectories(config.workDir().resolve("charts"));
  }

  private static void deleteQuietly(Path folder) {
    try (var files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // what could not be deleted now is in the work dir, which no other user can read
    }
  }
}
