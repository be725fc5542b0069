package dev.kubedeploy.reconciler.helm;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One {@code helm upgrade --install}.
 *
 * @param timeout Helm's own --timeout for the rollout to become ready
 * @param description written into the release revision, so that a later reconcile can tell its own
 *     revisions from a rollback or a hand-made upgrade
 */
public record UpgradeCommand(
    String release,
    String namespace,
    Path chart,
    Path valuesFile,
    Duration timeout,
    String description) {}
