package dev.kubedeploy.reconciler.helm;

import java.nio.file.Path;

/**
 * A chart ready for {@code helm upgrade}: verified, on local disk.
 *
 * @param digest the digest it was verified with, or null for a local chart without one
 */
public record ResolvedChart(Path path, String digest) {}
