package dev.kubedeploy.harness.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** One rule of a Role or ClusterRole, matched against requests as the RBAC authorizer does. */
public record PolicyRule(
    Set<String> verbs,
    Set<String> apiGroups,
    Set<String> resources,
    Set<String> resourceNames,
    Set<String> nonResourceUrls) {

  private static final String ALL = "*";

  public static PolicyRule parse(JsonNode rule) {
    return new PolicyRule(
        strings(rule.path("verbs")),
        strings(rule.path("apiGroups")),
        strings(rule.path("resources")),
        strings(rule.path("resourceNames")),
        strings(rule.path("nonResourceURLs")));
  }

  public static List<PolicyRule> parseAll(JsonNode rules) {
    var parsed = new ArrayList<PolicyRule>();
    for (var rule : rules) {
      parsed.add(parse(rule));
    }
    return parsed;
  }

  public boolean allows(RequestAttributes request) {
    if (!matchesVerb(request.verb())) {
      return false;
    }
    if (!request.resourceRequest()) {
      return nonResourceUrls.stream().anyMatch(url -> urlMatches(url, request.path()));
    }
    return (apiGroups.contains(ALL) || apiGroups.contains(request.apiGroup()))
        && matchesResource(request.resourceWithSubresource(), request.subresource())
        && (resourceNames.isEmpty() || resourceNames.contains(request.name()));
  }

  private boolean matchesVerb(String verb) {
    return verbs.contains(ALL) || verbs.contains(verb);
  }

  private boolean matchesResource(String combined, String subresource) {
    if (resources.contains(ALL) || resources.contains(combined)) {
      return true;
    }
    // "*/status" matches the status of everything, "pods/*" every subresource of pods
    if (!subresource.isEmpty()) {
      var slash = combined.indexOf('/');
      return resources.contains("*/" + subresource)
          || resources.contains(combined.substring(0, slash) + "/*");
    }
    return false;
  }

  private static boolean urlMatches(String rule, String path) {
    if (rule.equals(ALL)) {
      return true;
    }
    if (rule.endsWith(ALL)) {
      return path.startsWith(rule.substring(0, rule.length() - 1));
    }
    return rule.equals(path);
  }

  /**
   * The rule split into single-verb, single-group, single-resource, single-name rules, which is how
   * the escalation check compares what is granted with what the granter holds.
   */
  public List<PolicyRule> atoms() {
    var atoms = new ArrayList<PolicyRule>();
    if (!nonResourceUrls.isEmpty()) {
      for (var verb : verbs) {
        for (var url : nonResourceUrls) {
          atoms.add(new PolicyRule(Set.of(verb), Set.of(), Set.of(), Set.of(), Set.of(url)));
        }
      }
    }
    for (var verb : verbs) {
      for (var group : apiGroups) {
        for (var resource : resources) {
          if (resourceNames.isEmpty()) {
            atoms.add(
                new PolicyRule(Set.of(verb), Set.of(group), Set.of(resource), Set.of(), Set.of()));
          }
          for (var name : resourceNames) {
            atoms.add(
                new PolicyRule(
                    Set.of(verb), Set.of(group), Set.of(resource), Set.of(name), Set.of()));
          }
        }
      }
    }
    return atoms;
  }

  /**
   * Whether this rule grants everything {@code atom} (one of {@link #atoms()}) grants. A wildcard
   * asked for is covered only by a wildcard held, as in Kubernetes' {@code ruleCovers}.
   */
  public boolean covers(PolicyRule atom) {
    if (!(verbs.contains(ALL) || verbs.containsAll(atom.verbs))) {
      return false;
    }
    if (!atom.nonResourceUrls.isEmpty()) {
      var url = atom.nonResourceUrls.iterator().next();
      return nonResourceUrls.stream()
          .anyMatch(
              held ->
                  held.equals(url)
                      || (held.endsWith(ALL)
                          && url.startsWith(held.substring(0, held.length() - 1))));
    }
    if (!(apiGroups.contains(ALL) || apiGroups.containsAll(atom.apiGroups))) {
      return false;
    }
    var resource = atom.resources.iterator().next();
    var resourceCovered = resources.contains(ALL) || resources.contains(resource);
    if (!resourceCovered && resource.contains("/")) {
      var slash = resource.indexOf('/');
      resourceCovered =
          resources.contains(resource.substring(0, slash) + "/*")
              || resources.contains("*" + resource.substring(slash));
    }
    if (!resourceCovered) {
      return false;
    }
    return resourceNames.isEmpty()
        || resourceNames.containsAll(atom.resourceNames) && !atom.resourceNames.isEmpty();
  }

  /**
   * {@code {APIGroups:["apps"], Resources:["deployments"], Verbs:["create"]}}, as RBAC prints it.
   */
  public String compact() {
    var parts = new ArrayList<String>();
    if (!apiGroups.isEmpty()) {
      parts.add("APIGroups:" + quoted(apiGroups));
    }
    if (!resources.isEmpty()) {
      parts.add("Resources:" + quoted(resources));
    }
    if (!resourceNames.isEmpty()) {
      parts.add("ResourceNames:" + quoted(resourceNames));
    }
    if (!nonResourceUrls.isEmpty()) {
      parts.add("NonResourceURLs:" + quoted(nonResourceUrls));
    }
    parts.add("Verbs:" + quoted(verbs));
    return "{" + String.join(", ", parts) + "}";
  }

  private static String quoted(Set<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(" ", "[", "]"));
  }

  private static Set<String> strings(JsonNode array) {
    var values = new LinkedHashSet<String>();
    for (var value : array) {
      values.add(value.asText());
    }
    return values;
  }
}
