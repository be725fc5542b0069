package dev.kubedeploy.api.catalog;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link CatalogTest} against the packaged artifact (the JVM jar here, a native build where one
 * exists).
 */
@QuarkusIntegrationTest
class CatalogIT extends CatalogTest {}
