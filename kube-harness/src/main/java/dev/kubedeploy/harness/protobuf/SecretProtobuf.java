package dev.kubedeploy.harness.protobuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Decodes a {@code v1.Secret} sent as {@code application/vnd.kubernetes.protobuf} (what Helm's
 * release storage sends) into its JSON form. The body is the Kubernetes envelope: the magic bytes
 * {@code k8s\0} and a {@code runtime.Unknown} whose {@code raw} field holds the Secret message.
 * Field numbers follow {@code k8s.io/api/core/v1/generated.proto} and {@code
 * k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto}; fields Helm never sets (managed fields,
 * self links) are skipped.
 */
public final class SecretProtobuf {

  private static final byte[] MAGIC = {'k', '8', 's', 0};

  private SecretProtobuf() {}

  public static ObjectNode decode(byte[] body) {
    var envelope = envelope(body);
    if (!"Secret".equals(envelope.kind) || envelope.raw == null) {
      throw new MalformedProtobufException("only Secret bodies are decoded, not " + envelope.kind);
    }
    var secret = Json.object();
    secret.put("apiVersion", envelope.apiVersion == null ? "v1" : envelope.apiVersion);
    secret.put("kind", "Secret");
    var reader = new ProtobufReader(envelope.raw, 0, envelope.raw.length);
    while (reader.hasMore()) {
      switch (reader.nextField()) {
        case 1 -> secret.set("metadata", objectMeta(reader.readMessage()));
        case 2 -> {
          var entry = mapEntry(reader.readMessage());
          Json.child(secret, "data")
              .put(entry.key, Base64.getEncoder().encodeToString(entry.value));
        }
        case 3 -> secret.put("type", reader.readString());
        case 4 -> {
          var entry = mapEntry(reader.readMessage());
          Json.child(secret, "stringData").put(entry.key, entry.text());
        }
        case 5 -> secret.put("immutable", reader.readVarint() != 0);
        default -> reader.skip();
      }
    }
    return secret;
  }

  private static final class Envelope {
    String apiVersion;
    String kind;
    byte[] raw;
  }

  private static Envelope envelope(byte[] body) {
    if (body.length < MAGIC.length) {
      throw new MalformedProtobufException("body shorter than the protobuf envelope");
    }
    for (var i = 0; i < MAGIC.length; i++) {
      if (body[i] != MAGIC[i]) {
        throw new MalformedProtobufException("body does not start with the k8s protobuf magic");
      }
    }
    var envelope = new Envelope();
    var unknown = new ProtobufReader(body, MAGIC.length, body.length - MAGIC.length);
    while (unknown.hasMore()) {
      switch (unknown.nextField()) {
        case 1 -> {
          var typeMeta = unknown.readMessage();
          while (typeMeta.hasMore()) {
            switch (typeMeta.nextField()) {
              case 1 -> envelope.apiVersion = typeMeta.readString();
              case 2 -> envelope.kind = typeMeta.readString();
              default -> typeMeta.skip();
            }
          }
        }
        case 2 -> envelope.raw = unknown.readBytes();
        default -> unknown.skip();
      }
    }
    return envelope;
  }

  private static ObjectNode objectMeta(ProtobufReader reader) {
    var meta = Json.object();
    while (reader.hasMore()) {
      switch (reader.nextField()) {
        case 1 -> meta.put("name", reader.readString());
        case 2 -> meta.put("generateName", reader.readString());
        case 3 -> meta.put("namespace", reader.readString());
        case 5 -> meta.put("uid", reader.readString());
        case 6 -> meta.put("resourceVersion", reader.readString());
        case 7 -> meta.put("generation", reader.readVarint());
        case 8 -> meta.put("creationTimestamp", time(reader.readMessage()));
        case 9 -> meta.put("deletionTimestamp", time(reader.readMessage()));
        case 10 -> meta.put("deletionGracePeriodSeconds", reader.readVarint());
        case 11 -> {
          var entry = mapEntry(reader.readMessage());
          Json.child(meta, "labels").put(entry.key, entry.text());
        }
        case 12 -> {
          var entry = mapEntry(reader.readMessage());
          Json.child(meta, "annotations").put(entry.key, entry.text());
        }
        case 13 -> {
          if (!meta.has("ownerReferences")) {
            meta.putArray("ownerReferences");
          }
          meta.withArray("ownerReferences").add(ownerReference(reader.readMessage()));
        }
        case 14 -> {
          if (!meta.has("finalizers")) {
            meta.putArray("finalizers");
          }
          meta.withArray("finalizers").add(reader.readString());
        }
        default -> reader.skip();
      }
    }
    return meta;
  }

  private static ObjectNode ownerReference(ProtobufReader reader) {
    var reference = Json.object();
    while (reader.hasMore()) {
      switch (reader.nextField()) {
        case 1 -> reference.put("kind", reader.readString());
        case 3 -> reference.put("name", reader.readString());
        case 4 -> reference.put("uid", reader.readString());
        case 5 -> reference.put("apiVersion", reader.readString());
        case 6 -> reference.put("controller", reader.readVarint() != 0);
        case 7 -> reference.put("blockOwnerDeletion", reader.readVarint() != 0);
        default -> reader.skip();
      }
    }
    return reference;
  }

  private static String time(ProtobufReader reader) {
    long seconds = 0;
    while (reader.hasMore()) {
      if (reader.nextField() == 1) {
        seconds = reader.readVarint();
      } else {
        reader.skip();
      }
    }
    return Json.timestamp(Instant.ofEpochSecond(seconds));
  }

  private record MapEntry(String key, byte[] value) {
    String text() {
      return new String(value, StandardCharsets.UTF_8);
    }
  }

  private static MapEntry mapEntry(ProtobufReader reader) {
    String key = "";
    byte[] value = new byte[0];
    while (reader.hasMore()) {
      switch (reader.nextField()) {
        case 1 -> key = reader.readString();
        case 2 -> value = reader.readBytes();
        default -> reader.skip();
      }
    }
    return new MapEntry(key, value);
  }
}
