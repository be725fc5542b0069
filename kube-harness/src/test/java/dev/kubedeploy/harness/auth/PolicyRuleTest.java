package dev.kubedeploy.harness.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.harness.resource.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rule matching and covering as the RBAC documentation and its escalation check define them. */
class PolicyRuleTest {

  @ParameterizedTest(name = "{0} allows {1} {2}/{3} named {4}: {5}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"verbs\":[\"get\"]}|get|''|pods|web|true",
        "{\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"verbs\":[\"get\"]}|list|''|pods||false",
        "{\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"verbs\":[\"get\"]}|get|''|pods/log|web|false",
        "{\"apiGroups\":[\"\"],\"resources\":[\"pods/log\"],\"verbs\":[\"get\"]}|get|''|pods/log|web|true",
        "{\"apiGroups\":[\"\"],\"resources\":[\"pods/*\"],\"verbs\":[\"get\"]}|get|''|pods/log|web|true",
        "{\"apiGroups\":[\"apps\"],\"resources\":[\"*/status\"],\"verbs\":[\"update\"]}|update|apps|deployments/status|web|true",
        "{\"apiGroups\":[\"*\"],\"resources\":[\"*\"],\"verbs\":[\"*\"]}|delete|apps|deployments|web|true",
        "{\"apiGroups\":[\"apps\"],\"resources\":[\"deployments\"],\"verbs\":[\"*\"]}|delete|''|deployments|web|false",
        "{\"apiGroups\":[\"\"],\"resources\":[\"configmaps\"],\"resourceNames\":[\"a\"],\"verbs\":[\"get\"]}|get|''|configmaps|a|true",
        "{\"apiGroups\":[\"\"],\"resources\":[\"configmaps\"],\"resourceNames\":[\"a\"],\"verbs\":[\"get\"]}|get|''|configmaps|b|false",
        "{\"apiGroups\":[\"\"],\"resources\":[\"configmaps\"],\"resourceNames\":[\"a\"],\"verbs\":[\"list\"]}|list|''|configmaps||false",
      })
  void aRuleAllowsExactlyTheRequestsItNames(
      String rule, String verb, String group, String resource, String name, boolean allowed) {
    var slash = resource.indexOf('/');
    var attributes =
        new RequestAttributes(
            true,
            "",
            verb,
            group,
            slash < 0 ? resource : resource.substring(0, slash),
            slash < 0 ? "" : resource.substring(slash + 1),
            "ns",
            name == null ? "" : name);

    assertThat(PolicyRule.parse(Json.parseObject(rule)).allows(attributes)).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "{0} covers {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"apiGroups\":[\"*\"],\"resources\":[\"*\"],\"verbs\":[\"*\"]}|{\"apiGroups\":[\"apps\"],\"resources\":[\"deployments\"],\"verbs\":[\"get\",\"list\"]}|true",
        "{\"apiGroups\":[\"apps\"],\"resources\":[\"deployments\"],\"verbs\":[\"get\"]}|{\"apiGroups\":[\"apps\"],\"resources\":[\"*\"],\"verbs\":[\"get\"]}|false",
        "{\"apiGroups\":[\"\"],\"resources\":[\"configmaps\"],\"resourceNames\":[\"a\"],\"verbs\":[\"get\"]}|{\"apiGroups\":[\"\"],\"resources\":[\"configmaps\"],\"verbs\":[\"get\"]}|false",
        "{\"apiGroups\":[\"\"],\"resources\":[\"configmaps\"],\"verbs\":[\"get\"]}|{\"apiGroups\":[\"\"],\"resources\":[\"configmaps\"],\"resourceNames\":[\"a\"],\"verbs\":[\"get\"]}|true",
        "{\"apiGroups\":[\"\"],\"resources\":[\"pods/*\"],\"verbs\":[\"get\"]}|{\"apiGroups\":[\"\"],\"resources\":[\"pods/log\"],\"verbs\":[\"get\"]}|true",
        "{\"nonResourceURLs\":[\"/healthz/*\"],\"verbs\":[\"get\"]}|{\"nonResourceURLs\":[\"/healthz/etcd\"],\"verbs\":[\"get\"]}|true",
      })
  void aHeldRuleCoversAGrantedOneOnlyWhenItGrantsAtLeastAsMuch(
      String held, String granted, boolean covered) {
    var owner = PolicyRule.parse(Json.parseObject(held));
    var atoms = PolicyRule.parse(Json.parseObject(granted)).atoms();

    assertThat(atoms).isNotEmpty();
    assertThat(atoms.stream().allMatch(owner::covers)).isEqualTo(covered);
  }
}
