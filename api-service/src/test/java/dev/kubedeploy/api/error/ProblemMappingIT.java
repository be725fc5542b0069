package dev.kubedeploy.api.error;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link ProblemMappingTest} against the packaged artifact (the JVM jar here, a native build where
 * one exists).
 */
@QuarkusIntegrationTest
class ProblemMappingIT extends ProblemMappingTest {}
