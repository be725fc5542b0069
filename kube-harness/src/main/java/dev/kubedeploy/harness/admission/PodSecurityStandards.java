package dev.kubedeploy.harness.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The checks of the Pod Security Standards (latest version) on a pod's metadata and spec, with the
 * reasons and details Pod Security Admission prints: {@code allowPrivilegeEscalation != false
 * (container "app" must set securityContext.allowPrivilegeEscalation=false)}.
 */
final class PodSecurityStandards {

  enum Level {
    PRIVILEGED,
    BASELINE,
    RESTRICTED;

    static Level parse(String label) {
      return switch (label == null ? "" : label) {
        case "baseline" -> BASELINE;
        case "restricted" -> RESTRICTED;
        default -> PRIVILEGED;
      };
    }

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Set<String> BASELINE_CAPABILITIES =
      Set.of(
          "AUDIT_WRITE",
          "CHOWN",
          "DAC_OVERRIDE",
          "FOWNER",
          "FSETID",
          "KILL",
          "MKNOD",
          "NET_BIND_SERVICE",
          "SETFCAP",
          "SETGID",
          "SETPCAP",
          "SETUID",
          "SYS_CHROOT");
  private static final Set<String> SAFE_SYSCTLS =
      Set.of(
          "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
          "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies",
          "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
          "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
          "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
  private static final Set<String> SELINUX_TYPES =
      Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");
  private static final Set<String> RESTRICTED_VOLUME_TYPES =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");

  private PodSecurityStandards() {}

  /** The violations, reason to details in check order; empty when the pod meets the level. */
  static Map<String, List<String>> violations(Level level, JsonNode metadata, JsonNode spec) {
    var found = new LinkedHashMap<String, List<String>>();
    if (level == Level.PRIVILEGED) {
      return found;
    }
    var containers = containers(spec);
    var podContext = spec.path("securityContext");
    hostProcess(podContext, containers, found);
    hostNamespaces(spec, found);
    privileged(containers, found);
    if (level == Level.BASELINE) {
      baselineCapabilities(containers, found);
    }
    hostPathVolumes(spec, found);
    hostPorts(containers, found);
    appArmor(metadata, podContext, containers, found);
    seLinux(podContext, containers, found);
    procMount(containers, found);
    if (level == Level.BASELINE) {
      seccompNotUnconfined(podContext, containers, found);
    }
    sysctls(podContext, found);
    if (level == Level.RESTRICTED) {
      volumeTypes(spec, found);
      allowPrivilegeEscalation(containers, found);
      restrictedCapabilities(containers, found);
      runAsNonRoot(podContext, containers, found);
      runAsUser(podContext, containers, found);
      seccompRestricted(podContext, containers, found);
    }
    return found;
  }

  /** {@code reason (detail; detail), reason (detail)}, as the admission message lists them. */
  static String describe(Map<String, List<String>> violations) {
    return violations.entrySet().stream()
        .map(e -> e.getKey() + " (" + String.join("; ", e.getValue()) + ")")
        .collect(Collectors.joining(", "));
  }

  private static List<JsonNode> containers(JsonNode spec) {
    var all = new ArrayList<JsonNode>();
    for (var field : List.of("initContainers", "containers", "ephemeralContainers")) {
      spec.path(field).forEach(all::add);
    }
    return all;
  }

  private static void add(Map<String, List<String>> found, String reason, String detail) {
    found.computeIfAbsent(reason, r -> new ArrayList<>()).add(detail);
  }

  /** {@code container "a"} or {@code containers "a", "b"}. */
  private static String named(String singular, String plural, List<String> names) {
    var quoted = names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
    return (names.size() == 1 ? singular : plural) + " " + quoted;
  }

  private static String containersNamed(List<String> names) {
    return named("container", "containers", names);
  }

  private static String name(JsonNode container) {
    return container.path("name").asText();
  }

  /** The names of the containers whose {@code securityContext} breaks the control. */
  private static List<String> containersWhere(
      List<JsonNode> containers, Predicate<JsonNode> securityContextBreaks) {
    return containers.stream()
        .filter(container -> securityContextBreaks.test(container.path("securityContext")))
        .map(PodSecurityStandards::name)
        .toList();
  }

  private static void hostProcess(
      JsonNode podContext, List<JsonNode> containers, Map<String, List<String>> found) {
    var pod = podContext.path("windowsOptions").path("hostProcess").asBoolean(false);
    var bad =
        containersWhere(
            containers, context -> context.path("windowsOptions").path("hostProcess").asBoolean());
    if (pod || !bad.isEmpty()) {
      var subject = pod && bad.isEmpty() ? "pod" : (pod ? "pod and " : "") + containersNamed(bad);
      add(
          found,
          "hostProcess",
          subject + " must not set securityContext.windowsOptions.hostProcess=true");
    }
  }

  private static void hostNamespaces(JsonNode spec, Map<String, List<String>> found) {
    var set = new ArrayList<String>();
    for (var field : List.of("hostNetwork", "hostPID", "hostIPC")) {
      if (spec.path(field).asBoolean(false)) {
        set.add(field + "=true");
      }
    }
    if (!set.isEmpty()) {
      add(found, "host namespaces", String.join(", ", set));
    }
  }

  private static void privileged(List<JsonNode> containers, Map<String, List<String>> found) {
    var bad = containersWhere(containers, context -> context.path("privileged").asBoolean());
    if (!bad.isEmpty()) {
      add(
          found,
          "privileged",
          containersNamed(bad) + " must not set securityContext.privileged=true");
    }
  }

  private static void baselineCapabilities(
      List<JsonNode> containers, Map<String, List<String>> found) {
    var bad = new ArrayList<String>();
    var capabilities = new LinkedHashSet<String>();
    for (var container : containers) {
      var added = false;
      for (var capability : container.path("securityContext").path("capabilities").path("add")) {
        if (!BASELINE_CAPABILITIES.contains(capability.asText())) {
          capabilities.add("\"" + capability.asText() + "\"");
          added = true;
        }
      }
      if (added) {
        bad.add(name(container));
      }
    }
    if (!bad.isEmpty()) {
      add(
          found,
          "non-default capabilities",
          containersNamed(bad)
              + " must not include "
              + String.join(", ", capabilities)
              + " in securityContext.capabilities.add");
    }
  }

  private static void hostPathVolumes(JsonNode spec, Map<String, List<String>> found) {
    var bad = new ArrayList<String>();
    for (var volume : spec.path("volumes")) {
      if (volume.has("hostPath")) {
        bad.add(volume.path("name").asText());
      }
    }
    if (!bad.isEmpty()) {
      add(found, "hostPath volumes", named("volume", "volumes", bad));
    }
  }

  private static void hostPorts(List<JsonNode> containers, Map<String, List<String>> found) {
    var bad = new ArrayList<String>();
    var ports = new LinkedHashSet<String>();
    for (var container : containers) {
      var uses = false;
      for (var port : container.path("ports")) {
        var hostPort = port.path("hostPort").asInt(0);
        if (hostPort != 0) {
          ports.add(Integer.toString(hostPort));
          uses = true;
        }
      }
      if (uses) {
        bad.add(name(container));
      }
    }
    if (!bad.isEmpty()) {
      add(
          found,
          "hostPort",
          containersNamed(bad)
              + (bad.size() == 1 ? " uses " : " use ")
              + (ports.size() == 1 ? "hostPort " : "hostPorts ")
              + String.join(", ", ports));
    }
  }

  private static void appArmor(
      JsonNode metadata,
      JsonNode podContext,
      List<JsonNode> containers,
      Map<String, List<String>> found) {
    var bad = new LinkedHashSet<String>();
    metadata
        .path("annotations")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getKey().startsWith("container.apparmor.security.beta.kubernetes.io/")) {
                var value = e.getValue().asText();
                if (!value.equals("runtime/default") && !value.startsWith("localhost/")) {
                  bad.add(e.getKey() + "=\"" + value + "\"");
                }
              }
            });
    if ("Unconfined".equals(podContext.path("appArmorProfile").path("type").asText())) {
      bad.add("pod must not set securityContext.appArmorProfile.type to \"Unconfined\"");
    }
    for (var container : containers) {
      var type = container.path("securityContext").path("appArmorProfile").path("type").asText();
      if ("Unconfined".equals(type)) {
        bad.add(
            "container \""
                + name(container)
                + "\" must not set securityContext.appArmorProfile.type to \"Unconfined\"");
      }
    }
    if (!bad.isEmpty()) {
      add(
          found,
          bad.size() == 1 ? "forbidden AppArmor profile" : "forbidden AppArmor profiles",
          String.join(", ", bad));
    }
  }

  private static void seLinux(
      JsonNode podContext, List<JsonNode> containers, Map<String, List<String>> found) {
    var forbidden = new LinkedHashSet<String>();
    var subjects = new ArrayList<String>();
    if (forbiddenSeLinux(podContext.path("seLinuxOptions"), forbidden)) {
      subjects.add("pod");
    }
    var bad = new ArrayList<String>();
    for (var container : containers) {
      if (forbiddenSeLinux(container.path("securityContext").path("seLinuxOptions"), forbidden)) {
        bad.add(name(container));
      }
    }
    if (!bad.isEmpty()) {
      subjects.add(containersNamed(bad));
    }
    if (!subjects.isEmpty()) {
      add(
          found,
          "seLinuxOptions",
          String.join(" and ", subjects)
              + " set forbidden securityContext.seLinuxOptions: "
              + String.join(", ", forbidden));
    }
  }

  private static boolean forbiddenSeLinux(JsonNode options, Set<String> forbidden) {
    var bad = false;
    var type = options.path("type").asText("");
    if (!SELINUX_TYPES.contains(type)) {
      forbidden.add("type \"" + type + "\"");
      bad = true;
    }
    for (var field : List.of("user", "role")) {
      var value = options.path(field).asText("");
      if (!value.isEmpty()) {
        forbidden.add(field + " \"" + value + "\"");
        bad = true;
      }
    }
    return bad;
  }

  private static void procMount(List<JsonNode> containers, Map<String, List<String>> found) {
    var bad = new ArrayList<String>();
    var values = new LinkedHashSet<String>();
    for (var container : containers) {
      var value = container.path("securityContext").path("procMount").asText("");
      if (!value.isEmpty() && !value.equals("Default")) {
        bad.add(name(container));
        values.add("\"" + value + "\"");
      }
    }
    if (!bad.isEmpty()) {
      add(
          found,
          "procMount",
          containersNamed(bad)
              + " must not set securityContext.procMount to "
              + String.join(", ", values));
    }
  }

  private static void seccompNotUnconfined(
      JsonNode podContext, List<JsonNode> containers, Map<String, List<String>> found) {
    var subjects = new ArrayList<String>();
    if ("Unconfined".equals(podContext.path("seccompProfile").path("type").asText())) {
      subjects.add("pod");
    }
    var bad =
        containersWhere(
            containers,
            context -> "Unconfined".equals(context.path("seccompProfile").path("type").asText()));
    if (!bad.isEmpty()) {
      subjects.add(containersNamed(bad));
    }
    if (!subjects.isEmpty()) {
      add(
          found,
          "seccompProfile",
          String.join(" and ", subjects)
              + " must not set securityContext.seccompProfile.type to \"Unconfined\"");
    }
  }

  private static void sysctls(JsonNode podContext, Map<String, List<String>> found) {
    var bad = new ArrayList<String>();
    for (var sysctl : podContext.path("sysctls")) {
      var name = sysctl.path("name").asText();
      if (!SAFE_SYSCTLS.contains(name)) {
        bad.add(name);
      }
    }
    if (!bad.isEmpty()) {
      add(found, "forbidden sysctls", String.join(", ", bad));
    }
  }

  private static void volumeTypes(JsonNode spec, Map<String, List<String>> found) {
    var bad = new ArrayList<String>();
    var types = new LinkedHashSet<String>();
    for (var volume : spec.path("volumes")) {
      var restricted = false;
      var fields = volume.fieldNames();
      while (fields.hasNext()) {
        var field = fields.next();
        if (!field.equals("name") && !RESTRICTED_VOLUME_TYPES.contains(field)) {
          types.add("\"" + field + "\"");
          restricted = true;
        }
      }
      if (restricted) {
        bad.add(volume.path("name").asText());
      }
    }
    if (!bad.isEmpty()) {
      add(
          found,
          "restricted volume types",
          named("volume", "volumes", bad)
              + (bad.size() == 1 ? " uses " : " use ")
              + (types.size() == 1 ? "restricted volume type " : "restricted volume types ")
              + String.join(", ", types));
    }
  }

  private static void allowPrivilegeEscalation(
      List<JsonNode> containers, Map<String, List<String>> found) {
    var bad =
        containersWhere(
            containers,
            context -> {
              var value = context.path("allowPrivilegeEscalation");
              return !value.isBoolean() || value.asBoolean();
            });
    if (!bad.isEmpty()) {
      add(
          found,
          "allowPrivilegeEscalation != false",
          containersNamed(bad) + " must set securityContext.allowPrivilegeEscalation=false");
    }
  }

  private static void restrictedCapabilities(
      List<JsonNode> containers, Map<String, List<String>> found) {
    var notDropping = new ArrayList<String>();
    var adding = new ArrayList<String>();
    var added = new LinkedHashSet<String>();
    for (var container : containers) {
      var capabilities = container.path("securityContext").path("capabilities");
      var dropsAll = false;
      for (var dropped : capabilities.path("drop")) {
        dropsAll |= dropped.asText().equals("ALL");
      }
      if (!dropsAll) {
        notDropping.add(name(container));
      }
      var addsForbidden = false;
      for (var capability : capabilities.path("add")) {
        if (!capability.asText().equals("NET_BIND_SERVICE")) {
          added.add("\"" + capability.asText() + "\"");
          addsForbidden = true;
        }
      }
      if (addsForbidden) {
        adding.add(name(container));
      }
    }
    if (!notDropping.isEmpty()) {
      add(
          found,
          "unrestricted capabilities",
          containersNamed(notDropping) + " must set securityContext.capabilities.drop=[\"ALL\"]");
    }
    if (!adding.isEmpty()) {
      add(
          found,
          "unrestricted capabilities",
          containersNamed(adding)
              + " must not include "
              + String.join(", ", added)
              + " in securityContext.capabilities.add");
    }
  }

  private static void runAsNonRoot(
      JsonNode podContext, List<JsonNode> containers, Map<String, List<String>> found) {
    var pod = podContext.path("runAsNonRoot");
    var podTrue = pod.isBoolean() && pod.asBoolean();
    if (pod.isBoolean() && !pod.asBoolean()) {
      add(found, "runAsNonRoot != true", "pod must not set securityContext.runAsNonRoot=false");
    }
    var explicitFalse = new ArrayList<String>();
    var unset = new ArrayList<String>();
    for (var container : containers) {
      var value = container.path("securityContext").path("runAsNonRoot");
      if (value.isBoolean() && !value.asBoolean()) {
        explicitFalse.add(name(container));
      } else if (!value.isBoolean() && !podTrue) {
        unset.add(name(container));
      }
    }
    if (!explicitFalse.isEmpty()) {
      add(
          found,
          "runAsNonRoot != true",
          containersNamed(explicitFalse) + " must not set securityContext.runAsNonRoot=false");
    }
    if (!unset.isEmpty() && !(pod.isBoolean() && !pod.asBoolean())) {
      add(
          found,
          "runAsNonRoot != true",
          "pod or " + containersNamed(unset) + " must set securityContext.runAsNonRoot=true");
    }
  }

  private static void runAsUser(
      JsonNode podContext, List<JsonNode> containers, Map<String, List<String>> found) {
    var subjects = new ArrayList<String>();
    if (podContext.path("runAsUser").isNumber() && podContext.path("runAsUser").asLong() == 0) {
      subjects.add("pod");
    }
    var bad =
        containersWhere(
            containers,
            context ->
                context.path("runAsUser").isNumber() && context.path("runAsUser").asLong() == 0);
    if (!bad.isEmpty()) {
      subjects.add(containersNamed(bad));
    }
    if (!subjects.isEmpty()) {
      add(found, "runAsUser=0", String.join(" and ", subjects) + " must not set runAsUser=0");
    }
  }

  private static void seccompRestricted(
      JsonNode podContext, List<JsonNode> containers, Map<String, List<String>> found) {
    var podType = podContext.path("seccompProfile").path("type").asText("");
    var podValid = podType.equals("RuntimeDefault") || podType.equals("Localhost");
    if (!podType.isEmpty() && !podValid) {
      add(
          found,
          "seccompProfile",
          "pod must not set securityContext.seccompProfile.type to \"" + podType + "\"");
    }
    var invalid = new ArrayList<String>();
    var invalidTypes = new LinkedHashSet<String>();
    var unset = new ArrayList<String>();
    for (var container : containers) {
      var type = container.path("securityContext").path("seccompProfile").path("type").asText("");
      if (type.isEmpty()) {
        if (!podValid) {
          unset.add(name(container));
        }
      } else if (!type.equals("RuntimeDefault") && !type.equals("Localhost")) {
        invalid.add(name(container));
        invalidTypes.add("\"" + type + "\"");
      }
    }
    if (!invalid.isEmpty()) {
      add(
          found,
          "seccompProfile",
          containersNamed(invalid)
              + " must not set securityContext.seccompProfile.type to "
              + String.join(", ", invalidTypes));
    }
    if (!unset.isEmpty() && podType.isEmpty()) {
      add(
          found,
          "seccompProfile",
          "pod or "
              + containersNamed(unset)
              + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");
    }
  }
}
