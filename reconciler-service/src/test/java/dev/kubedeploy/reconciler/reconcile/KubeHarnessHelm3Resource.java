package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.reconciler.helm.HelmBinaries;

/** {@link KubeHarnessResource} with Helm 3 as the step's helm. */
public class KubeHarnessHelm3Resource extends KubeHarnessResource {

  @Override
  protected String helmBinary() {
    return HelmBinaries.helm(3);
  }
}
