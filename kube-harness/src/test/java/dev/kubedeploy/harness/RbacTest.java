package dev.kubedeploy.harness;

import static dev.kubedeploy.harness.RbacTestSupport.group;
import static dev.kubedeploy.harness.RbacTestSupport.namedRule;
import static dev.kubedeploy.harness.RbacTestSupport.rule;
import static dev.kubedeploy.harness.RbacTestSupport.serviceAccount;
import static dev.kubedeploy.harness.RbacTestSupport.user;
import static dev.kubedeploy.harness.Refusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.kubedeploy.harness.resource.Json;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Authentication, impersonation and RBAC authorization as the Kubernetes documentation describes
 * them ("Using RBAC Authorization", "Authenticating: user impersonation"), through HTTP with
 * Fabric8.
 */
class RbacTest {

  private static final AtomicInteger NAMES = new AtomicInteger();

  private static KubeHarness harness;
  private static KubernetesClient admin;
  private static RbacTestSupport rbac;

  @BeforeAll
  static void start() {
    harness = KubeHarness.start();
    admin = harness.client();
    rbac = new RbacTestSupport(admin);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static String newNamespace() {
    var name = "rbac-" + NAMES.incrementAndGet();
    rbac.namespace(name);
    return name;
  }

  private static String unique(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet();
  }

  private static ConfigMap configMap(String name) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addToData("k", "v")
        .build();
  }

  @Test
  void theDefaultKubeconfigActsAsAMemberOfSystemMastersWhichNothingRefuses() throws Exception {
    var kubeconfig = Files.readString(harness.kubeconfig());

    admin
        .rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(unique("anything"))
                .endMetadata()
                .withRules(rule("*", "*", "*"))
                .build())
        .create();

    assertThat(kubeconfig).contains("token: " + harness.adminToken());
  }

  @Test
  void anUnknownBearerTokenIsAnsweredUnauthorized() {
    var response =
        HarnessHttp.send(
            HarnessHttp.request(harness, "/api/v1/namespaces")
                .setHeader("Authorization", "Bearer not-a-token-the-harness-issued")
                .GET()
                .build());

    assertThat(response.statusCode()).isEqualTo(401);
    var status = Json.parseObject(response.body());
    assertThat(Json.text(status, "reason")).isEqualTo("Unauthorized");
    assertThat(Json.text(status, "kind")).isEqualTo("Status");
  }

  @Test
  void aRequestWithoutTokenIsAnonymousAndMayReadOnlyHealthAndVersion() {
    var version = anonymousGet("/version");
    var discovery = anonymousGet("/api");
    var namespaces = anonymousGet("/api/v1/namespaces");

    assertThat(version.statusCode()).isEqualTo(200);
    assertThat(discovery.statusCode()).isEqualTo(403);
    assertThat(Json.text(Json.parseObject(discovery.body()), "message"))
        .isEqualTo("forbidden: User \"system:anonymous\" cannot get path \"/api\"");
    assertThat(namespaces.statusCode()).isEqualTo(403);
    assertThat(Json.text(Json.parseObject(namespaces.body()), "message"))
        .isEqualTo(
            "namespaces is forbidden: User \"system:anonymous\" cannot list resource \"namespaces\" in API group \"\" at the cluster scope");
  }

  private static HttpResponse<String> getAs(String user, String target) {
    return HarnessHttp.send(
        HarnessHttp.request(harness, target)
            .setHeader("Authorization", "Bearer " + harness.tokenFor(user))
            .GET()
            .build());
  }

  private static HttpResponse<String> anonymousGet(String target) {
    return HarnessHttp.send(
        HttpRequest.newBuilder(URI.create(harness.url() + target)).GET().build());
  }

  @Test
  void anAuthenticatedUserWithoutBindingsMayUseDiscoveryButNothingElse() {
    var client = harness.clientFor(unique("nobody"));

    assertThatCode(() -> client.getApiGroups()).doesNotThrowAnyException();
    var refused = refusal(() -> client.namespaces().list());

    assertThat(refused.getCode()).isEqualTo(403);
  }

  @Test
  void aServiceAccountIsRefusedWithTheApiServersWordingAndStatusDetails() {
    var namespace = newNamespace();
    var account = "system:serviceaccount:" + namespace + ":release";
    var client = harness.clientFor(account);
    var deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("web")
            .endMetadata()
            .withNewSpec()
            .withNewSelector()
            .addToMatchLabels("app", "web")
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "web")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage("nginx")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();

    var create =
        refusal(
            () ->
                client
                    .apps()
                    .deployments()
                    .inNamespace("kube-system")
                    .resource(deployment)
                    .create());
    var get =
        refusal(() -> client.apps().deployments().inNamespace("kube-system").withName("web").get());
    var clusterScoped = refusal(() -> client.rbac().clusterRoles().withName("admin").get());

    assertThat(create.getCode()).isEqualTo(403);
    assertThat(create.getStatus().getReason()).isEqualTo("Forbidden");
    assertThat(create.getStatus().getMessage())
        .isEqualTo(
            "deployments.apps is forbidden: User \"%s\" cannot create resource \"deployments\" in API group \"apps\" in the namespace \"kube-system\""
                .formatted(account));
    assertThat(get.getStatus().getMessage())
        .isEqualTo(
            "deployments.apps \"web\" is forbidden: User \"%s\" cannot get resource \"deployments\" in API group \"apps\" in the namespace \"kube-system\""
                .formatted(account));
    assertThat(get.getStatus().getDetails().getName()).isEqualTo("web");
    assertThat(get.getStatus().getDetails().getGroup()).isEqualTo("apps");
    assertThat(get.getStatus().getDetails().getKind()).isEqualTo("deployments");
    assertThat(clusterScoped.getStatus().getMessage())
        .isEqualTo(
            "clusterroles.rbac.authorization.k8s.io \"admin\" is forbidden: User \"%s\" cannot get resource \"clusterroles\" in API group \"rbac.authorization.k8s.io\" at the cluster scope"
                .formatted(account));
  }

  @Test
  void aRoleBindingGrantsItsRoleInItsOwnNamespaceOnly() {
    var namespace = newNamespace();
    var other = newNamespace();
    var name = unique("dev");
    rbac.grant(namespace, "config-writer", user(name), rule("", "configmaps", "create", "get"));
    var client = harness.clientFor(name);

    client.configMaps().inNamespace(namespace).resource(configMap("a")).create();
    var elsewhere =
        refusal(() -> client.configMaps().inNamespace(other).resource(configMap("a")).create());
    var listing = refusal(() -> client.configMaps().inNamespace(namespace).list());

    assertThat(admin.configMaps().inNamespace(namespace).withName("a").get()).isNotNull();
    assertThat(elsewhere.getCode()).isEqualTo(403);
    assertThat(listing.getStatus().getMessage()).contains("cannot list resource \"configmaps\"");
  }

  @Test
  void aRoleBindingToAClusterRoleGrantsItsRulesInTheBindingsNamespace() {
    var namespace = newNamespace();
    var other = newNamespace();
    var name = "system:serviceaccount:" + namespace + ":release";
    rbac.roleBinding(namespace, "ClusterRole", "edit", serviceAccount(namespace, "release"));
    var client = harness.clientFor(name);

    client.configMaps().inNamespace(namespace).resource(configMap("a")).create();
    var elsewhere = refusal(() -> client.configMaps().inNamespace(other).list());
    var rbacObjects = refusal(() -> client.rbac().roles().inNamespace(namespace).list());

    assertThat(client.configMaps().inNamespace(namespace).list().getItems()).hasSize(1);
    assertThat(elsewhere.getCode()).isEqualTo(403);
    assertThat(rbacObjects.getCode()).as("edit does not include roles; admin does").isEqualTo(403);
  }

  @Test
  void resourceNamesLimitARuleToTheNamedObjects() {
    var namespace = newNamespace();
    var name = unique("reader");
    admin.configMaps().inNamespace(namespace).resource(configMap("allowed")).create();
    admin.configMaps().inNamespace(namespace).resource(configMap("other")).create();
    rbac.grant(
        namespace,
        "one-map",
        user(name),
        namedRule("", "configmaps", List.of("allowed"), "get", "update"));
    var client = harness.clientFor(name);

    assertThat(client.configMaps().inNamespace(namespace).withName("allowed").get()).isNotNull();
    assertThat(
            refusal(() -> client.configMaps().inNamespace(namespace).withName("other").get())
                .getCode())
        .isEqualTo(403);
    assertThat(refusal(() -> client.configMaps().inNamespace(namespace).list()).getCode())
        .isEqualTo(403);
  }

  @Test
  void aSubresourceNeedsARuleOfItsOwn() {
    var namespace = newNamespace();
    var name = unique("status-writer");
    rbac.grant(namespace, "deployments", user(name), rule("apps", "deployments", "get", "list"));

    var withoutStatusRule =
        getAs(name, "/apis/apps/v1/namespaces/" + namespace + "/deployments/web/status");
    rbac.grant(
        namespace, "deployment-status", user(name), rule("apps", "deployments/status", "get"));
    var withStatusRule =
        getAs(name, "/apis/apps/v1/namespaces/" + namespace + "/deployments/web/status");

    assertThat(withoutStatusRule.statusCode()).isEqualTo(403);
    assertThat(Json.text(Json.parseObject(withoutStatusRule.body()), "message"))
        .contains("cannot get resource \"deployments/status\" in API group \"apps\"");
    assertThat(withStatusRule.statusCode()).as("allowed, then not found").isEqualTo(404);
  }

  @Test
  void aWatchIsAuthorizedAsTheWatchVerb() {
    var namespace = newNamespace();
    var name = unique("lister");
    rbac.grant(namespace, "lister", user(name), rule("", "configmaps", "list"));

    var watch =
        getAs(name, "/api/v1/namespaces/" + namespace + "/configmaps?watch=true&timeoutSeconds=1");

    assertThat(watch.statusCode()).isEqualTo(403);
    assertThat(Json.text(Json.parseObject(watch.body()), "message"))
        .contains("cannot watch resource \"configmaps\"");
  }

  @Test
  void aClusterRoleBindingToAGroupGrantsEveryMemberEverywhere() {
    var namespace = newNamespace();
    var team = unique("team");
    rbac.clusterRole(team + "-reader", rule("", "configmaps", "list"));
    rbac.clusterRoleBinding(team + "-reader", group(team));

    var member = harness.clientFor(unique("member"), team);
    var stranger = harness.clientFor(unique("stranger"));

    assertThatCode(() -> member.configMaps().inNamespace(namespace).list())
        .doesNotThrowAnyException();
    assertThatCode(() -> member.configMaps().inAnyNamespace().list()).doesNotThrowAnyException();
    assertThat(refusal(() -> stranger.configMaps().inNamespace(namespace).list()).getCode())
        .isEqualTo(403);
  }

  @Test
  void anAggregatedClusterRoleGrantsTheRulesOfTheClusterRolesItsSelectorMatches() {
    var name = unique("aggregated");
    var label = "example.com/aggregate-to-" + name;
    admin
        .rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewAggregationRule()
                .addNewClusterRoleSelector()
                .addToMatchLabels(label, "true")
                .endClusterRoleSelector()
                .endAggregationRule()
                .build())
        .create();
    var user = unique("aggregated-user");
    rbac.clusterRoleBinding(name, user(user));
    var client = harness.clientFor(user);
    var before = refusal(() -> client.nodes().list());

    admin
        .rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(name + "-nodes")
                .addToLabels(label, "true")
                .endMetadata()
                .withRules(rule("", "nodes", "list"))
                .build())
        .create();

    assertThat(before.getCode()).isEqualTo(403);
    assertThat(client.nodes().list().getItems()).isNotEmpty();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(admin.rbac().clusterRoles().withName(name).get().getRules())
                    .as("the aggregation controller writes the aggregated rules")
                    .singleElement()
                    .satisfies(rule -> assertThat(rule.getResources()).containsExactly("nodes")));
  }

  @Test
  void theBuiltInAdminRoleAggregatesEditAndViewAsInKubernetes() {
    var namespace = newNamespace();
    var account = "system:serviceaccount:" + namespace + ":owner";
    rbac.roleBinding(namespace, "ClusterRole", "admin", serviceAccount(namespace, "owner"));
    var client = harness.clientFor(account);

    assertThatCode(() -> client.rbac().roles().inNamespace(namespace).list())
        .doesNotThrowAnyException();
    assertThatCode(() -> client.pods().inNamespace(namespace).list()).doesNotThrowAnyException();
    assertThatCode(() -> client.secrets().inNamespace(namespace).list()).doesNotThrowAnyException();
    assertThat(refusal(() -> client.nodes().list()).getCode()).isEqualTo(403);
  }

  @Test
  void creatingARoleWithPermissionsTheCreatorLacksIsAnEscalationAndForbidden() {
    var namespace = newNamespace();
    var name = unique("role-writer");
    rbac.grant(
        namespace,
        "role-writer",
        user(name),
        rule("rbac.authorization.k8s.io", "roles", "create"),
        rule("", "configmaps", "get"));
    var client = harness.clientFor(name);

    client
        .rbac()
        .roles()
        .inNamespace(namespace)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("held")
                .endMetadata()
                .withRules(rule("", "configmaps", "get"))
                .build())
        .create();
    var escalation =
        refusal(
            () ->
                client
                    .rbac()
                    .roles()
                    .inNamespace(namespace)
                    .resource(
                        new RoleBuilder()
                            .withNewMetadata()
                            .withName("more")
                            .endMetadata()
                            .withRules(rule("", "secrets", "get"))
                            .build())
                    .create());

    assertThat(escalation.getCode()).isEqualTo(403);
    assertThat(escalation.getStatus().getMessage())
        .startsWith(
            "roles.rbac.authorization.k8s.io \"more\" is forbidden: user \"%s\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:"
                .formatted(name))
        .contains("{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\"]}");
  }

  @Test
  void theEscalateVerbAllowsCreatingARoleBeyondTheCreatorsPermissions() {
    var namespace = newNamespace();
    var name = unique("escalator");
    rbac.grant(
        namespace,
        "escalator",
        user(name),
        rule("rbac.authorization.k8s.io", "roles", "create", "escalate"));
    var client = harness.clientFor(name);

    assertThatCode(
            () ->
                client
                    .rbac()
                    .roles()
                    .inNamespace(namespace)
                    .resource(
                        new RoleBuilder()
                            .withNewMetadata()
                            .withName("more")
                            .endMetadata()
                            .withRules(rule("", "secrets", "get"))
                            .build())
                    .create())
        .doesNotThrowAnyException();
  }

  @Test
  void theBindVerbOnOneClusterRoleAllowsBindingThatRoleOnly() {
    var namespace = newNamespace();
    var reconciler = "system:serviceaccount:kube-system:" + unique("reconciler");
    var releaseRole = unique("release");
    rbac.clusterRole(releaseRole, rule("apps", "deployments", "*"));
    rbac.clusterRole(
        reconciler.replace(':', '-'),
        rule("rbac.authorization.k8s.io", "rolebindings", "create", "get"),
        namedRule("rbac.authorization.k8s.io", "clusterroles", List.of(releaseRole), "bind"));
    rbac.clusterRoleBinding(reconciler.replace(':', '-'), user(reconciler));
    var client = harness.clientFor(reconciler);

    client
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .resource(binding("release", releaseRole, namespace))
        .create();
    var toAdmin =
        refusal(
            () ->
                client
                    .rbac()
                    .roleBindings()
                    .inNamespace(namespace)
                    .resource(binding("admin", "admin", namespace))
                    .create());

    assertThat(admin.rbac().roleBindings().inNamespace(namespace).withName("release").get())
        .isNotNull();
    assertThat(toAdmin.getCode()).isEqualTo(403);
    assertThat(toAdmin.getStatus().getMessage())
        .startsWith(
            "rolebindings.rbac.authorization.k8s.io \"admin\" is forbidden: user \"%s\""
                .formatted(reconciler))
        .contains("is attempting to grant RBAC permissions not currently held");
  }

  @Test
  void bindingARoleWhoseRulesTheCreatorHoldsNeedsNoBindVerb() {
    var namespace = newNamespace();
    var name = unique("holder");
    rbac.role(namespace, "configs", rule("", "configmaps", "get"));
    rbac.grant(
        namespace,
        "binder",
        user(name),
        rule("rbac.authorization.k8s.io", "rolebindings", "create"),
        rule("", "configmaps", "get"));
    var client = harness.clientFor(name);

    assertThatCode(
            () ->
                client
                    .rbac()
                    .roleBindings()
                    .inNamespace(namespace)
                    .resource(
                        new RoleBindingBuilder()
                            .withNewMetadata()
                            .withName("configs")
                            .endMetadata()
                            .withNewRoleRef("rbac.authorization.k8s.io", "Role", "configs")
                            .withSubjects(user("someone"))
                            .build())
                    .create())
        .doesNotThrowAnyException();
  }

  private static RoleBinding binding(String name, String clusterRole, String namespace) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole)
        .withSubjects(serviceAccount(namespace, "release"))
        .build();
  }

  @Test
  void impersonatingAUserNeedsTheImpersonateVerbOnUsers() {
    var name = unique("alice");
    var config = Config.fromKubeconfig(read(harness.kubeconfigFor(name)));
    config.setImpersonateUsername("bob");
    try (var client = new KubernetesClientBuilder().withConfig(config).build()) {
      var refused = refusal(() -> client.namespaces().list());

      assertThat(refused.getCode()).isEqualTo(403);
      assertThat(refused.getStatus().getMessage())
          .isEqualTo(
              "users \"bob\" is forbidden: User \"%s\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope"
                  .formatted(name));
    }
  }

  @Test
  void impersonatingAServiceAccountNeedsImpersonateOnThatAccountAndActsAsIt() {
    var namespace = newNamespace();
    var name = unique("operator");
    rbac.grant(
        namespace,
        "impersonate-release",
        user(name),
        namedRule("", "serviceaccounts", List.of("release"), "impersonate"));
    rbac.grant(
        namespace,
        "config-reader",
        serviceAccount(namespace, "release"),
        rule("", "configmaps", "list"));
    var asRelease = impersonating(name, "system:serviceaccount:" + namespace + ":release");
    var asOther = impersonating(name, "system:serviceaccount:" + namespace + ":other");
    try (asRelease;
        asOther) {
      assertThatCode(() -> asRelease.configMaps().inNamespace(namespace).list())
          .doesNotThrowAnyException();
      var secrets = refusal(() -> asRelease.secrets().inNamespace(namespace).list());
      var other = refusal(() -> asOther.configMaps().inNamespace(namespace).list());

      assertThat(secrets.getStatus().getMessage())
          .contains("User \"system:serviceaccount:%s:release\" cannot list".formatted(namespace));
      assertThat(other.getStatus().getMessage())
          .isEqualTo(
              "serviceaccounts \"other\" is forbidden: User \"%s\" cannot impersonate resource \"serviceaccounts\" in API group \"\" in the namespace \"%s\""
                  .formatted(name, namespace));
    }
  }

  @Test
  void theImpersonatedServiceAccountGetsItsGroupsSoGroupBindingsApply() {
    var namespace = newNamespace();
    rbac.grant(
        namespace,
        "all-accounts",
        group("system:serviceaccounts:" + namespace),
        rule("", "configmaps", "list"));
    try (var client = impersonating(null, "system:serviceaccount:" + namespace + ":anyone")) {
      assertThatCode(() -> client.configMaps().inNamespace(namespace).list())
          .doesNotThrowAnyException();
    }
  }

  @Test
  void impersonatingAGroupNeedsTheImpersonateVerbOnGroups() {
    var name = unique("group-impersonator");
    rbac.clusterRole(name, rule("", "users", "impersonate"));
    rbac.clusterRoleBinding(name, user(name));
    var config = Config.fromKubeconfig(read(harness.kubeconfigFor(name)));
    config.setImpersonateUsername("carol");
    config.setImpersonateGroups("admins");
    try (var client = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(refusal(() -> client.namespaces().list()).getStatus().getMessage())
          .isEqualTo(
              "groups \"admins\" is forbidden: User \"%s\" cannot impersonate resource \"groups\" in API group \"\" at the cluster scope"
                  .formatted(name));
    }
  }

  @Test
  void impersonatingAUidNeedsTheImpersonateVerbOnUidsOfTheAuthenticationGroup() {
    var name = unique("uid-impersonator");
    rbac.clusterRole(name, rule("", "users", "impersonate"));
    rbac.clusterRoleBinding(name, user(name));

    var response =
        HarnessHttp.send(
            HarnessHttp.request(harness, "/api/v1/namespaces")
                .setHeader("Authorization", "Bearer " + harness.tokenFor(name))
                .header("Impersonate-User", "dave")
                .header("Impersonate-Uid", "uid-1")
                .GET()
                .build());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(Json.text(Json.parseObject(response.body()), "message"))
        .isEqualTo(
            "uids.authentication.k8s.io \"uid-1\" is forbidden: User \"%s\" cannot impersonate resource \"uids\" in API group \"authentication.k8s.io\" at the cluster scope"
                .formatted(name));
  }

  /** A client impersonating {@code target}, authenticated as {@code user} (null: the admin). */
  private static KubernetesClient impersonating(String user, String target) {
    var config =
        Config.fromKubeconfig(
            read(user == null ? harness.kubeconfig() : harness.kubeconfigFor(user)));
    config.setImpersonateUsername(target);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
