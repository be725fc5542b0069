package dev.kubedeploy.harness.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A request the API refuses, answered as a {@code Status} object the way kube-apiserver does. */
public class ApiException extends RuntimeException {

  private final int code;
  private final String reason;
  private final ObjectNode details;

  public ApiException(int code, String reason, String message) {
    this(code, reason, message, null);
  }

  private ApiException(int code, String reason, String message, ObjectNode details) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  /**
   * A 403 as kube-apiserver's {@code NewForbidden} builds it: {@code deployments.apps "web" is
   * forbidden: <cause>}, without the name when there is none (a create), and details naming the
   * group, the resource (as {@code kind}) and the name.
   */
  public static ApiException forbidden(String group, String resource, String name, String cause) {
    var qualified = group.isEmpty() ? resource : resource + "." + group;
    String message;
    if (resource.isEmpty()) {
      message = "forbidden: " + cause;
    } else if (name == null || name.isEmpty()) {
      message = qualified + " is forbidden: " + cause;
    } else {
      message = "%s \"%s\" is forbidden: %s".formatted(qualified, name, cause);
    }
    var details = Json.object();
    if (name != null && !name.isEmpty()) {
      details.put("name", name);
    }
    if (!group.isEmpty()) {
      details.put("group", group);
    }
    if (!resource.isEmpty()) {
      details.put("kind", resource);
    }
    return new ApiException(403, "Forbidden", message, details);
  }

  public static ApiException forbidden(ResourceType type, String name, String cause) {
    return forbidden(type.group(), type.plural(), name, cause);
  }

  public static ApiException notFound(ResourceType type, String name) {
    return new ApiException(
        404, "NotFound", "%s \"%s\" not found".formatted(type.qualifiedPlural(), name));
  }

  public static ApiException alreadyExists(ResourceType type, String name) {
    return new ApiException(
        409, "AlreadyExists", "%s \"%s\" already exists".formatted(type.qualifiedPlural(), name));
  }

  public static ApiException conflict(ResourceType type, String name) {
    return new ApiException(
        409,
        "Conflict",
        "Operation cannot be fulfilled on %s \"%s\": the object has been modified; please apply your changes to the latest version and try again"
            .formatted(type.qualifiedPlural(), name));
  }

  public static ApiException resourceNotServed(String path) {
    return new ApiException(
        404, "NotFound", "the server could not find the requested resource (" + path + ")");
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  public ObjectNode toStatus() {
    var status = status(code, reason, getMessage());
    if (details != null) {
      status.set("details", details);
    }
    return status;
  }

  public static ObjectNode status(int code, String reason, String message) {
    var status = Json.object();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", code < 400 ? "Success" : "Failure");
    status.put("message", message);
    status.put("reason", reason);
    status.put("code", code);
    return status;
  }
}
