package dev.kubedeploy.harness;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Roles and bindings created by the admin, for tests of what they grant. */
final class RbacTestSupport {

  private final KubernetesClient admin;

  RbacTestSupport(KubernetesClient admin) {
    this.admin = admin;
  }

  static PolicyRule rule(String group, String resource, String... verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(group)
        .withResources(resource)
        .withVerbs(verbs)
        .build();
  }

  static PolicyRule namedRule(String group, String resource, List<String> names, String... verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(group)
        .withResources(resource)
        .withResourceNames(names)
        .withVerbs(verbs)
        .build();
  }

  static Subject user(String name) {
    return new SubjectBuilder()
        .withKind("User")
        .withApiGroup("rbac.authorization.k8s.io")
        .withName(name)
        .build();
  }

  static Subject group(String name) {
    return new SubjectBuilder()
        .withKind("Group")
        .withApiGroup("rbac.authorization.k8s.io")
        .withName(name)
        .build();
  }

  static Subject serviceAccount(String namespace, String name) {
    return new SubjectBuilder()
        .withKind("ServiceAccount")
        .withNamespace(namespace)
        .withName(name)
        .build();
  }

  void namespace(String name) {
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  void role(String namespace, String name, PolicyRule... rules) {
    admin
        .rbac()
        .roles()
        .inNamespace(namespace)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withRules(rules)
                .build())
        .create();
  }

  /** A Role named {@code role} in {@code namespace} holding {@code rules}, bound to {@code to}. */
  void grant(String namespace, String role, Subject to, PolicyRule... rules) {
    role(namespace, role, rules);
    roleBinding(namespace, "Role", role, to);
  }

  void clusterRole(String name, PolicyRule... rules) {
    admin
        .rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withRules(rules)
                .build())
        .create();
  }

  /** A RoleBinding in {@code namespace} to a Role ({@code roleKind} "Role") or ClusterRole. */
  void roleBinding(String namespace, String roleKind, String role, Subject... subjects) {
    admin
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(role + "-" + subjects[0].getName().replace(':', '-'))
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", roleKind, role)
                .withSubjects(subjects)
                .build())
        .create();
  }

  void clusterRoleBinding(String role, Subject... subjects) {
    admin
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName(role + "-" + subjects[0].getName().replace(':', '-'))
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
                .withSubjects(subjects)
                .build())
        .create();
  }
}
