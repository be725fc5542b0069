package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.testsupport.HelmBinary;

/** {@link KubeHarnessResource} with Helm 3 as the step's helm. */
public class KubeHarnessHelm3Resource extends KubeHarnessResource {

  @Override
  protected String helmBinary() {
    return HelmBinary.ofMajor(3).toString();
  }
}
