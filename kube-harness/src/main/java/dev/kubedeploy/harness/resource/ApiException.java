package dev.kubedeploy.harness.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A request the API refuses, answered as a {@code Status} object the way kube-apiserver does. */
public class ApiException extends RuntimeException {

  private final int code;
  private final String reason;

  public ApiException(int code, String reason, String message) {
    super(message);
    this.code = code;
    this.reason = reason;
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
    return status(code, reason, getMessage());
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
