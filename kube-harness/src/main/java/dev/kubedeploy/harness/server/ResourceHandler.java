package dev.kubedeploy.harness.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.protobuf.MalformedProtobufException;
import dev.kubedeploy.harness.protobuf.SecretProtobuf;
import dev.kubedeploy.harness.resource.ApiException;
import dev.kubedeploy.harness.resource.FieldSelector;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.LabelSelector;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.resource.ResourceType;
import dev.kubedeploy.harness.store.ObjectOperations;
import java.util.List;

/** Serves get, list, create, update, patch and delete of objects and their subresources. */
final class ResourceHandler {

  private static final String PROTOBUF = "application/vnd.kubernetes.protobuf";

  private final ObjectOperations operations;

  ResourceHandler(ObjectOperations operations) {
    this.operations = operations;
  }

  Reply handle(ApiRequest request, ApiPath path) {
    var type = path.type();
    var namespace = path.namespace();
    var name = path.name();
    var subresource = path.subresource();
    var dryRun = request.dryRun();
    if (subresource != null && !subresourceExists(type, subresource)) {
      throw ApiException.resourceNotServed(request.path());
    }
    return switch (request.method()) {
      case "GET" -> {
        if (name == null) {
          yield Reply.ok(list(request, type, namespace));
        }
        if ("scale".equals(subresource)) {
          yield Reply.ok(operations.scale(type, namespace, name));
        }
        yield Reply.ok(operations.store().require(type, namespace, name));
      }
      case "POST" -> {
        if (name != null) {
          throw new ApiException(
              405,
              "MethodNotAllowed",
              "the server does not allow this method on the requested resource");
        }
        yield new Reply(201, operations.create(type, namespace, body(request, type), dryRun));
      }
      case "PUT" -> {
        requireName(name, request);
        if ("scale".equals(subresource)) {
          yield Reply.ok(
              operations.updateScale(type, namespace, name, body(request, type), dryRun));
        }
        yield Reply.ok(
            operations.update(type, namespace, name, subresource, body(request, type), dryRun));
      }
      case "PATCH" -> {
        requireName(name, request);
        var patch =
            new ObjectOperations.Patch(
                request.contentType(), request.body(), request.param("fieldManager"));
        if ("scale".equals(subresource)) {
          yield Reply.ok(operations.patchScale(type, namespace, name, patch, dryRun));
        }
        var existed = operations.store().get(type, namespace, name).isPresent();
        var result = operations.patch(type, namespace, name, subresource, patch, dryRun);
        yield new Reply(existed ? 200 : 201, result);
      }
      case "DELETE" -> {
        if (name == null) {
          var deleted =
              operations.deleteCollection(
                  type,
                  namespace,
                  LabelSelector.parse(request.param("labelSelector")),
                  FieldSelector.parse(request.param("fieldSelector")),
                  dryRun);
          yield Reply.ok(
              typedList(type, deleted, operations.store().list(type, namespace).resourceVersion()));
        }
        yield Reply.ok(operations.delete(type, namespace, name, dryRun));
      }
      default ->
          throw new ApiException(
              405, "MethodNotAllowed", "method " + request.method() + " is not supported");
    };
  }

  private ObjectNode list(ApiRequest request, ResourceType type, String namespace) {
    var labels = LabelSelector.parse(request.param("labelSelector"));
    var fields = FieldSelector.parse(request.param("fieldSelector"));
    var listing = operations.store().list(type, namespace);
    var items =
        listing.items().stream().filter(o -> labels.matches(o) && fields.matches(o)).toList();
    return typedList(type, items, listing.resourceVersion());
  }

  /** A list as the API server sends it: {@code kind: DeploymentList}, never {@code kind: List}. */
  static ObjectNode typedList(ResourceType type, List<ObjectNode> items, String resourceVersion) {
    var list = Json.object();
    list.put("kind", type.listKind());
    list.put("apiVersion", type.apiVersion());
    list.putObject("metadata").put("resourceVersion", resourceVersion);
    var array = list.putArray("items");
    items.forEach(array::add);
    return list;
  }

  private static ObjectNode body(ApiRequest request, ResourceType type) {
    var contentType = request.contentType() == null ? "" : request.contentType();
    if (contentType.startsWith(PROTOBUF)) {
      if (type != ResourceCatalog.SECRETS) {
        throw new ApiException(
            415,
            "UnsupportedMediaType",
            "the harness decodes protobuf bodies of Secrets only, not of "
                + type.qualifiedPlural());
      }
      try {
        return SecretProtobuf.decode(request.body());
      } catch (MalformedProtobufException e) {
        throw new ApiException(400, "BadRequest", "invalid protobuf body: " + e.getMessage());
      }
    }
    return Json.parseObject(request.body());
  }

  private static boolean subresourceExists(ResourceType type, String subresource) {
    return (subresource.equals("status") && type.hasStatus())
        || (subresource.equals("scale") && type.hasScale())
        || (subresource.equals("finalize") && type == ResourceCatalog.NAMESPACES);
  }

  private static void requireName(String name, ApiRequest request) {
    if (name == null) {
      throw new ApiException(405, "MethodNotAllowed", "a name is required for " + request.method());
    }
  }
}
