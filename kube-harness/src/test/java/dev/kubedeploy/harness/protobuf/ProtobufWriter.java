package dev.kubedeploy.harness.protobuf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes the protobuf wire format, to build the bodies client-go sends. */
final class ProtobufWriter {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  ProtobufWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  ProtobufWriter bytes(int field, byte[] value) {
    tag(field, 2);
    varint(value.length);
    out.writeBytes(value);
    return this;
  }

  ProtobufWriter message(int field, ProtobufWriter message) {
    return bytes(field, message.toByteArray());
  }

  ProtobufWriter number(int field, long value) {
    tag(field, 0);
    varint(value);
    return this;
  }

  ProtobufWriter fixed32(int field, int value) {
    tag(field, 5);
    for (var i = 0; i < 4; i++) {
      out.write((value >>> (8 * i)) & 0xff);
    }
    return this;
  }

  ProtobufWriter entry(int field, String key, String value) {
    return message(field, new ProtobufWriter().string(1, key).string(2, value));
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  private void tag(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  private void varint(long value) {
    while ((value & ~0x7fL) != 0) {
      out.write((int) ((value & 0x7f) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }
}
