package dev.kubedeploy.reconciler.helm;

import dev.kubedeploy.reconciler.desired.ReleaseIdentity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The {@code helm} CLI as the reconciler uses it (docs/architecture.md says why a child process and
 * not a library). Every call has a deadline, runs with Helm's homes under the work folder (never
 * the user's) and a minimal environment ({@link HelmEnvironment}), passes the configured
 * kubeconfig, and turns a failure into a {@link HelmCommandException} carrying Helm's own message.
 * Every call about a release acts as the release's ServiceAccount ({@link ReleaseIdentity}), so the
 * API server refuses whatever the chart may not do in its namespace. Every call is timed ({@link
 * HelmCallTimer}) and traced ({@link HelmCallSpans}).
 */
@ApplicationScoped
public class HelmCli {

  private static final Logger LOG = Logger.getLogger(HelmCli.class);
  private static final Pattern DIGEST_LINE =
      Pattern.compile("(?m)^Digest:\\s*(sha256:[0-9a-f]{64})\\s*$");

  private final HelmConfig config;
  private final CommandRunner runner;
  private final Map<String, String> environment;
  private final HelmCallTimer timer;
  private final HelmCallSpans spans;
  private volatile HelmVersion version;

  HelmCli(HelmConfig config, HelmCallTimer timer, Tracer tracer) {
    this.config = config;
    this.timer = timer;
    this.spans = new HelmCallSpans(tracer);
    this.runner = new CommandRunner(config.killGrace());
    this.environment = HelmEnvironment.of(config.workDir().resolve("helm"), System.getenv());
  }

  /** The binary's version, asked once; an unsupported version is refused. */
  public HelmVersion version() {
    var known = version;
    if (known == null) {
      known = detectVersion();
    }
    return known;
  }

  private synchronized HelmVersion detectVersion() {
    var known = version;
    if (known == null) {
      var output =
          call(HelmCall.of("version"), List.of("version", "--template", "{{.Version}}"), false);
      known = HelmVersion.parse(output);
      if (!known.isSupported()) {
        throw new IllegalStateException(
            "helm " + known + " at " + config.binary() + " is not supported: use 3.17+ or 4.x");
      }
      version = known;
    }
    return known;
  }

  /** {@code helm upgrade --install}, waiting for readiness and rolling back when it fails. */
  public void upgradeInstall(UpgradeCommand command) {
    var args = new ArrayList<>(List.of("upgrade", "--install", command.release()));
    args.add(command.chart().toString());
    args.addAll(asRelease(command.namespace()));
    args.addAll(List.of("--values", command.valuesFile().toString()));
    args.addAll(List.of("--timeout", helmDuration(command.timeout())));
    args.addAll(List.of("--history-max", Integer.toString(config.historyMax())));
    args.addAll(List.of("--description", command.description()));
    // The chart's values come from the values file alone, never from an earlier revision.
    args.add("--reset-values");
    if (version().isHelm4OrLater()) {
      args.add("--wait=" + config.waitStrategy());
      args.add("--rollback-on-failure");
      // The platform owns the release's objects: drift made by others is overwritten, not refused.
      // Forcing conflicts needs server-side apply, which also converts releases a Helm 3 made.
      args.add("--server-side=true");
      args.add("--force-conflicts");
    } else {
      args.add("--wait");
      args.add("--atomic");
    }
    // --atomic / --rollback-on-failure wait the timeout again for the rollback of a failed upgrade
    waitingCall(
        HelmCall.about("upgrade", command.release(), command.namespace()),
        args,
        command.timeout().multipliedBy(2));
  }

  /** Rolls the release back to {@code revision} and waits for it. */
  public void rollback(String release, String namespace, int revision, Duration timeout) {
    var args =
        new ArrayList<>(withRelease(namespace, "rollback", release, Integer.toString(revision)));
    args.addAll(List.of("--timeout", helmDuration(timeout)));
    args.addAll(List.of("--history-max", Integer.toString(config.historyMax())));
    args.add(version().isHelm4OrLater() ? "--wait=" + config.waitStrategy() : "--wait");
    waitingCall(HelmCall.about("rollback", release, namespace), args, timeout);
  }

  /** Uninstalls the release and waits until its objects are gone; fine when it does not exist. */
  public void uninstall(String release, String namespace, Duration timeout) {
    var args = new ArrayList<>(withRelease(namespace, "uninstall", release));
    args.addAll(List.of("--timeout", helmDuration(timeout), "--ignore-not-found"));
    args.add(version().isHelm4OrLater() ? "--wait=" + config.waitStrategy() : "--wait");
    waitingCall(HelmCall.about("uninstall", release, namespace), args, timeout);
  }

  /**
   * {@code helm template}: the chart rendered with the values file as an upgrade of the release
   * would render it, offline (no cluster is asked, nothing is written). Hooks and tests are left
   * out, as they are from a release's manifest.
   *
   * @param upgrade whether the release exists, so that the chart sees {@code .Release.IsUpgrade}
   */
  public String template(
      String release, String namespace, Path chart, Path valuesFile, boolean upgrade) {
    var args = new ArrayList<>(List.of("template", release, chart.toString()));
    args.addAll(List.of("--namespace", namespace));
    args.addAll(List.of("--values", valuesFile.toString()));
    args.addAll(List.of("--no-hooks", "--skip-tests"));
    if (upgrade) {
      args.add("--is-upgrade");
    }
    return call(HelmCall.about("template", release, namespace), args, true);
  }

  /** The values the release's current revision was given (its values file), as JSON. */
  public String suppliedValues(String release, String namespace) {
    return call(
        HelmCall.about("get values", release, namespace),
        withRelease(namespace, "get", "values", release, "--output", "json"),
        true);
  }

  /**
   * Downloads an OCI chart into {@code folder}, a private folder of this call: a registry login and
   * CA bundle go there as helm's registry config and {@code --ca-file}, never on the command line.
   *
   * @return the archive and the manifest digest Helm reports
   */
  public PulledChart pullOci(
      String reference, String version, Path folder, ChartCredentials credentials) {
    var destination = createDirectories(folder.resolve("pulled"));
    var args =
        new ArrayList<>(
            List.of(
                "pull", reference, "--version", version, "--destination", destination.toString()));
    if (credentials.hasBasicLogin()) {
      var registryConfig = RegistryLogin.write(reference, credentials, folder);
      args.addAll(List.of("--registry-config", registryConfig.toString()));
    }
    credentials
        .caBundle()
        .ifPresent(
            pem ->
                args.addAll(
                    List.of("--ca-file", RegistryLogin.writeCaFile(pem, folder).toString())));
    if (config.ociPlainHttpEnabled()) {
      args.add("--plain-http");
    }
    var result = run(HelmCall.of("pull"), args, config.commandTimeout(), false);
    var matcher = DIGEST_LINE.matcher(result.stdout() + "\n" + result.stderr());
    if (!matcher.find()) {
      throw new HelmCommandException("pull", "helm reported no digest for " + reference);
    }
    return new PulledChart(onlyArchiveIn(destination), matcher.group(1));
  }

  /** An OCI chart as pulled: the archive and the digest of the manifest it came from. */
  public record PulledChart(Path archive, String manifestDigest) {}

  private static Path createDirectories(Path folder) {
    try {
      return Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path onlyArchiveIn(Path folder) {
    try (var files = Files.list(folder)) {
      var archives = files.filter(file -> file.toString().endsWith(".tgz")).toList();
      if (archives.size() != 1) {
        throw new HelmCommandException(
            "pull", "expected one chart archive in " + folder + ", found " + archives);
      }
      return archives.getFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code --namespace} and the release's identity there: what every release call passes. */
  static List<String> asRelease(String namespace) {
    return List.of("--namespace", namespace, "--kube-as-user", ReleaseIdentity.username(namespace));
  }

  private static List<String> withRelease(String namespace, String... args) {
    var all = new ArrayList<>(List.of(args));
    all.addAll(asRelease(namespace));
    return all;
  }

  /** A call that waits for workloads: its process deadline is Helm's timeout plus the grace. */
  private void waitingCall(HelmCall call, List<String> args, Duration helmTimeout) {
    run(call, args, helmTimeout.plus(config.deadlineGrace()), false);
  }

  private String call(HelmCall call, List<String> args, boolean returnsData) {
    return run(call, args, config.commandTimeout(), returnsData).stdout();
  }

  private CommandResult run(
      HelmCall call, List<String> args, Duration deadline, boolean returnsData) {
    var span = spans.start(call);
    try {
      return run(call.operation(), args, deadline, returnsData, span);
    } catch (RuntimeException e) {
      HelmCallSpans.failed(span, e);
      throw e;
    } finally {
      span.end();
    }
  }

  private CommandResult run(
      String operation, List<String> args, Duration deadline, boolean returnsData, Span span) {
    var command = new ArrayList<String>();
    command.add(config.binary());
    command.addAll(args);
    config.kubeconfig().ifPresent(path -> command.addAll(List.of("--kubeconfig", path.toString())));
    var stdoutLimit = returnsData ? config.dataMaxBytes() : config.outputMaxBytes();
    CommandResult result;
    var started = System.nanoTime();
    try {
      result = runner.run(command, environment, deadline, stdoutLimit, config.outputMaxBytes());
    } catch (CommandDeadlineException e) {
      throw new HelmDeadlineException(
          operation, e.getMessage() + "; " + HelmMessages.errorOf(e.stderr()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HelmCommandException(operation, "interrupted; the helm process was killed");
    } finally {
      timer.record(operation, Duration.ofNanos(System.nanoTime() - started));
    }
    HelmCallSpans.exited(span, result);
    LOG.debugf("helm %s exited %d after %s", operation, result.exitCode(), result.elapsed());
    if (!result.succeeded()) {
      throw new HelmCommandException(operation, HelmMessages.errorOf(result.stderr()));
    }
    if (returnsData && result.stdoutTruncated()) {
      throw new HelmCommandException(
          operation, "output exceeded app.helm.data-max-bytes (" + config.dataMaxBytes() + ")");
    }
    return result;
  }

  /** Helm reads Go durations: whole seconds are enough here. */
  static String helmDuration(Duration duration) {
    return Math.max(1, duration.toSeconds()) + "s";
  }
}
