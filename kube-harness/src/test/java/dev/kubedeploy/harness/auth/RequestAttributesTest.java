package dev.kubedeploy.harness.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Request attributes derived as kube-apiserver's RequestInfoFactory derives them. */
class RequestAttributesTest {

  @ParameterizedTest(name = "{0} {1}{2} -> {3} {4}/{5}/{6} ns={7} name={8}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET|/api/v1/namespaces/shop/pods/web||get||pods||shop|web",
        "GET|/api/v1/namespaces/shop/pods||list||pods||shop|",
        "GET|/api/v1/namespaces/shop/pods|watch=true|watch||pods||shop|",
        "GET|/api/v1/watch/namespaces/shop/pods/web||watch||pods||shop|web",
        "GET|/api/v1/pods||list||pods|||",
        "GET|/api/v1/namespaces/shop/pods|fieldSelector=metadata.name%3Dweb|list||pods||shop|web",
        "POST|/apis/apps/v1/namespaces/shop/deployments||create|apps|deployments||shop|",
        "PUT|/apis/apps/v1/namespaces/shop/deployments/web||update|apps|deployments||shop|web",
        "PATCH|/apis/apps/v1/namespaces/shop/deployments/web/status||patch|apps|deployments|status|shop|web",
        "DELETE|/api/v1/namespaces/shop/configmaps/a||delete||configmaps||shop|a",
        "DELETE|/api/v1/namespaces/shop/configmaps||deletecollection||configmaps||shop|",
        "GET|/api/v1/namespaces/shop||get||namespaces||shop|shop",
        "PUT|/api/v1/namespaces/shop/finalize||update||namespaces|finalize|shop|shop",
        "GET|/api/v1/namespaces/shop/pods/web/log||get||pods|log|shop|web",
        "GET|/apis/rbac.authorization.k8s.io/v1/clusterroles/admin||get|rbac.authorization.k8s.io|clusterroles|||admin",
        "GET|/apis/example.com/v1/namespaces/shop/widgets||list|example.com|widgets||shop|",
      })
  void resourceRequestsGetTheirVerbGroupResourceNamespaceAndName(
      String method,
      String path,
      String query,
      String verb,
      String group,
      String resource,
      String subresource,
      String namespace,
      String name) {
    var attributes = RequestAttributes.of(method, path, query(query));

    assertThat(attributes.resourceRequest()).isTrue();
    assertThat(attributes.verb()).isEqualTo(verb);
    assertThat(attributes.apiGroup()).isEqualTo(empty(group));
    assertThat(attributes.resource()).isEqualTo(resource);
    assertThat(attributes.subresource()).isEqualTo(empty(subresource));
    assertThat(attributes.namespace()).isEqualTo(empty(namespace));
    assertThat(attributes.name()).isEqualTo(empty(name));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GET, /api",
    "GET, /api/v1",
    "GET, /apis/apps/v1",
    "GET, /version",
    "GET, /openapi/v3",
    "POST, /healthz"
  })
  void discoveryAndOtherPathsAreNonResourceRequestsWithTheMethodAsVerb(String method, String path) {
    var attributes = RequestAttributes.of(method, path, Map.of());

    assertThat(attributes.resourceRequest()).isFalse();
    assertThat(attributes.verb()).isEqualTo(method.toLowerCase(Locale.ROOT));
    assertThat(attributes.path()).isEqualTo(path);
  }

  private static Map<String, String> query(String query) {
    if (query == null) {
      return Map.of();
    }
    var at = query.indexOf('=');
    return Map.of(query.substring(0, at), query.substring(at + 1).replace("%3D", "="));
  }

  private static String empty(String value) {
    return value == null ? "" : value;
  }
}
