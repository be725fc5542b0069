package dev.kubedeploy.reconciler.helm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** How the reconciler runs the {@code helm} binary (docs/configuration.md lists every key). */
@ConfigMapping(prefix = "app.helm")
public interface HelmConfig {

  /** The helm binary: a path, or a name looked up on PATH. Helm 3.17+ and 4.x are supported. */
  @WithDefault("helm")
  String binary();

  /** Helm's cache, config and data homes, the chart cache and values files live under it. */
  @WithDefault("${java.io.tmpdir}/kubedeploy-reconciler")
  Path workDir();

  /**
   * The kubeconfig both helm and the Fabric8 client use; when unset both find the cluster the usual
   * way (KUBECONFIG, ~/.kube/config, then the pod's service account).
   */
  Optional<Path> kubeconfig();

  /** Local chart references resolve inside this folder; without it they are refused. */
  Optional<Path> localChartDir();

  /** Deadline of helm calls that do not wait for workloads (history, pull, get, rollback...). */
  @WithDefault("60s")
  Duration commandTimeout();

  /** How far past Helm's own --timeout the process may run before it is killed. */
  @WithDefault("30s")
  Duration deadlineGrace();

  /**
   * Time between SIGTERM (Helm marks the release failed) and SIGKILL of a process past its
   * deadline.
   */
  @WithDefault("10s")
  Duration killGrace();

  /** How much of each stream of a helm call is kept for errors and logs (the tail). */
  @WithDefault("65536")
  int outputMaxBytes();

  /** Largest output a helm call that returns data (history, manifest) may produce. */
  @WithDefault("16777216")
  int dataMaxBytes();

  /** Helm 4's --wait strategy for installs and upgrades: watcher or legacy. */
  @WithDefault("watcher")
  String waitStrategy();

  /** Release revisions Helm keeps per release (--history-max). */
  @WithDefault("10")
  int historyMax();

  /** Reach OCI registries over plain HTTP (--plain-http), for registries inside the cluster. */
  @WithName("oci-plain-http.enabled")
  @WithDefault("false")
  boolean ociPlainHttpEnabled();
}
