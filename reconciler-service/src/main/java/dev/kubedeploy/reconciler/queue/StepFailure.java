package dev.kubedeploy.reconciler.queue;

/**
 * A failure whose message already names the reconcile step and carries the informative cause
 * ({@code upgrade: release web failed ...}): its own class name adds nothing for the reader of
 * {@code last_error}.
 */
public interface StepFailure {}
