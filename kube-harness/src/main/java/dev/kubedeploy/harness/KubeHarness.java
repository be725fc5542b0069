package dev.kubedeploy.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.admission.AdmissionChain;
import dev.kubedeploy.harness.auth.Authentication;
import dev.kubedeploy.harness.auth.Authorizer;
import dev.kubedeploy.harness.auth.BootstrapPolicy;
import dev.kubedeploy.harness.auth.EscalationCheck;
import dev.kubedeploy.harness.auth.Identity;
import dev.kubedeploy.harness.auth.RbacIndex;
import dev.kubedeploy.harness.auth.Tokens;
import dev.kubedeploy.harness.controller.ControllerManager;
import dev.kubedeploy.harness.journal.ReleaseWriteJournal;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.server.ApiServer;
import dev.kubedeploy.harness.server.ServerTls;
import dev.kubedeploy.harness.store.ClusterNetwork;
import dev.kubedeploy.harness.store.ObjectOperations;
import dev.kubedeploy.harness.store.ObjectStore;
import dev.kubedeploy.harness.store.WatchHub;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * A Kubernetes API on localhost for tests and local runs: the Fabric8 mock server's CRUD store
 * behind an HTTP front that adds what Helm and the reconciler need (discovery, OpenAPI v3, watches,
 * typed lists, full label selectors, every patch type, protobuf Secrets), plus simulated
 * controllers that run workloads to ready pods. See the module's README for what it does not
 * simulate.
 *
 * <pre>{@code
 * try (var harness = KubeHarness.start()) {
 *   // helm --kubeconfig harness.kubeconfig() ...
 *   harness.client().pods().inNamespace("web").list();
 * }
 * }</pre>
 */
public final class KubeHarness implements AutoCloseable {

  private static final List<String> BUILT_IN_NAMESPACES =
      List.of("default", "kube-system", "kube-public", "kube-node-lease");

  private final ApiServer server;
  private final ControllerManager controllers;
  private final WatchHub watches;
  private final Faults faults;
  private final ReleaseWriteJournal releaseWrites = new ReleaseWriteJournal();
  private final Path kubeconfig;
  private final boolean temporaryKubeconfig;
  private final Tokens tokens = new Tokens();
  private final Map<Identity, Path> identityKubeconfigs = new ConcurrentHashMap<>();
  private final List<KubernetesClient> identityClients = new ArrayList<>();
  private KubernetesClient client;

  private KubeHarness(HarnessOptions options) {
    var network = new ClusterNetwork();
    var store = new ObjectStore();
    store.addListener(releaseWrites);
    var cache = store.cache();
    var rbac = new RbacIndex();
    store.addListener(rbac::apply);
    var authorizer = new Authorizer(rbac);
    watches = new WatchHub(store);
    var operations =
        new ObjectOperations(
            store, network, new AdmissionChain(cache, new EscalationCheck(authorizer)));
    faults = new Faults();
    controllers =
        new ControllerManager(
            operations, cache, network, faults.podFaults(), options.podStartDelay());
    faults.onPodRulesChanged(controllers::resyncPods);
    bootstrap(operations, options.kubernetesVersion());
    server =
        new ApiServer(
            options.port(),
            operations,
            watches,
            faults.interceptor(),
            new Authentication(tokens, authorizer),
            authorizer,
            options.kubernetesVersion(),
            options.requestLog());
    temporaryKubeconfig = options.kubeconfig() == null;
    kubeconfig = temporaryKubeconfig ? temporaryFile() : options.kubeconfig();
    Kubeconfig.write(kubeconfig, server.url(), Tokens.ADMIN_TOKEN);
  }

  /** Starts a harness on a free port of 127.0.0.1. */
  public static KubeHarness start() {
    return start(HarnessOptions.defaults());
  }

  public static KubeHarness start(HarnessOptions options) {
    return new KubeHarness(options);
  }

  /**
   * A kubeconfig file for {@code helm --kubeconfig}, kubectl and Fabric8 (context {@code
   * kube-harness}), acting as the cluster's admin: user {@code kubernetes-admin} in group {@code
   * system:masters}, which no authorization refuses.
   */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /**
   * The API server's URL, {@code https://127.0.0.1:<port>}, with a certificate that {@link
   * #sslContext()} and the kubeconfigs trust.
   */
  public String url() {
    return server.url();
  }

  /** A Fabric8 client for this harness, built from its kubeconfig; closed with the harness. */
  public synchronized KubernetesClient client() {
    if (client == null) {
      client = clientOf(kubeconfig);
    }
    return client;
  }

  /**
   * Creates every object of {@code manifests} (YAML documents) as the admin: what {@code kubectl
   * create -f} does, for the RBAC a test or the local run needs in place before it starts.
   */
  public void apply(byte[] manifests) {
    var admin = client();
    for (var object : admin.load(new ByteArrayInputStream(manifests)).items()) {
      admin.resource(object).create();
    }
  }

  private static KubernetesClient clientOf(Path kubeconfig) {
    try {
      return new KubernetesClientBuilder()
          .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A kubeconfig acting as {@code user} with {@code groups}, by a bearer token the harness issued
   * for that identity: the groups a cluster's authenticator adds come with it ({@code
   * system:authenticated}, and for a service account user {@code system:serviceaccount:NS:NAME}
   * also {@code system:serviceaccounts} and {@code system:serviceaccounts:NS}). Requests it makes
   * are authorized by RBAC. The file is written once per identity, removed on close.
   */
  public Path kubeconfigFor(String user, String... groups) {
    var identity = Identity.authenticated(user, List.of(groups));
    return identityKubeconfigs.computeIfAbsent(
        identity,
        i -> {
          var path = temporaryFile();
          Kubeconfig.write(path, server.url(), tokens.issue(i));
          return path;
        });
  }

  /** Writes a kubeconfig acting as {@code user} with {@code groups} to {@code path}. */
  public void writeKubeconfigFor(Path path, String user, String... groups) {
    Kubeconfig.write(path, server.url(), tokenFor(user, groups));
  }

  /** The bearer token {@link #kubeconfigFor} uses for this identity, for raw HTTP. */
  public String tokenFor(String user, String... groups) {
    return tokens.issue(Identity.authenticated(user, List.of(groups)));
  }

  /** The admin kubeconfig's bearer token, for raw HTTP. */
  public String adminToken() {
    return Tokens.ADMIN_TOKEN;
  }

  /**
   * A new Fabric8 client acting as {@code user} with {@code groups} (see {@link #kubeconfigFor}),
   * closed with the harness.
   */
  public KubernetesClient clientFor(String user, String... groups) {
    var identityClient = clientOf(kubeconfigFor(user, groups));
    synchronized (this) {
      identityClients.add(identityClient);
    }
    return identityClient;
  }

  /** An SSL context trusting the harness's certificate, for raw HTTPS clients. */
  public SSLContext sslContext() {
    return ServerTls.clientContext();
  }

  public Faults faults() {
    return faults;
  }

  /** Every write to Helm's release Secrets so far, with its writer (the request's token). */
  public ReleaseWriteJournal releaseWrites() {
    return releaseWrites;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (client != null) {
        client.close();
      }
      identityClients.forEach(KubernetesClient::close);
    }
    server.close();
    watches.closeAll();
    controllers.close();
    var temporary = new ArrayList<>(identityKubeconfigs.values());
    if (temporaryKubeconfig) {
      temporary.add(kubeconfig);
    }
    for (var path : temporary) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        // a leftover temporary file is harmless
      }
    }
  }

  private static void bootstrap(ObjectOperations operations, String kubernetesVersion) {
    var policy = BootstrapPolicy.objects();
    for (var role : policy.clusterRoles()) {
      operations.create(ResourceCatalog.CLUSTER_ROLES, null, role, false);
    }
    for (var binding : policy.clusterRoleBindings()) {
      operations.create(ResourceCatalog.CLUSTER_ROLE_BINDINGS, null, binding, false);
    }
    for (var name : BUILT_IN_NAMESPACES) {
      var namespace = Json.object();
      Json.metadata(namespace).put("name", name);
      operations.create(ResourceCatalog.NAMESPACES, null, namespace, false);
    }
    var node = Json.object();
    var metadata = Json.metadata(node);
    metadata.put("name", ClusterNetwork.NODE_NAME);
    var labels = metadata.putObject("labels");
    labels.put("kubernetes.io/hostname", ClusterNetwork.NODE_NAME);
    labels.put("kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", "amd64");
    labels.put("node-role.kubernetes.io/control-plane", "");
    Json.child(node, "spec").put("podCIDR", "10.244.0.0/16");
    var created = operations.create(ResourceCatalog.NODES, null, node, false);
    var withStatus = created.deepCopy();
    withStatus.set("status", nodeStatus(kubernetesVersion));
    operations.update(
        ResourceCatalog.NODES, null, ClusterNetwork.NODE_NAME, "status", withStatus, false);
  }

  private static ObjectNode nodeStatus(String kubernetesVersion) {
    var status = Json.object();
    var capacity = status.putObject("capacity");
    capacity.put("cpu", "16");
    capacity.put("memory", "64Gi");
    capacity.put("pods", "1000");
    capacity.put("ephemeral-storage", "500Gi");
    status.set("allocatable", capacity.deepCopy());
    var ready = status.putArray("conditions").addObject();
    ready.put("type", "Ready");
    ready.put("status", "True");
    ready.put("reason", "KubeletReady");
    ready.put("message", "kubelet is posting ready status (simulated by kube-harness)");
    ready.put("lastHeartbeatTime", Json.now());
    ready.put("lastTransitionTime", Json.now());
    var addresses = status.putArray("addresses");
    var internal = addresses.addObject();
    internal.put("type", "InternalIP");
    internal.put("address", ClusterNetwork.NODE_IP);
    var hostname = addresses.addObject();
    hostname.put("type", "Hostname");
    hostname.put("address", ClusterNetwork.NODE_NAME);
    var info = status.putObject("nodeInfo");
    info.put("kubeletVersion", kubernetesVersion);
    info.put("containerRuntimeVersion", "containerd://2.0.0");
    info.put("operatingSystem", "linux");
    info.put("architecture", "amd64");
    info.put("osImage", "kube-harness");
    return status;
  }

  private static Path temporaryFile() {
    try {
      return Files.createTempFile("kube-harness-", ".kubeconfig");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
