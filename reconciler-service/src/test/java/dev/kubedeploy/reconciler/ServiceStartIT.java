package dev.kubedeploy.reconciler;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link ServiceStartTest} against the packaged artifact (the JVM jar here, a native build where
 * one exists).
 */
@QuarkusIntegrationTest
class ServiceStartIT extends ServiceStartTest {}
