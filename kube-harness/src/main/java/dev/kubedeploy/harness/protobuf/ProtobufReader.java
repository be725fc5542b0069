package dev.kubedeploy.harness.protobuf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads the protocol buffers wire format: tags, varints and length-delimited fields. */
final class ProtobufReader {

  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private final byte[] data;
  private final int end;
  private int position;
  private int wireType;

  ProtobufReader(byte[] data, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > data.length) {
      throw new MalformedProtobufException("field runs past the end of the message");
    }
    this.data = data;
    this.position = offset;
    this.end = offset + length;
  }

  boolean hasMore() {
    return position < end;
  }

  /** Reads the next tag and returns its field number; {@link #wireType()} tells its encoding. */
  int nextField() {
    var tag = readVarint();
    wireType = (int) (tag & 7);
    return (int) (tag >>> 3);
  }

  int wireType() {
    return wireType;
  }

  long readVarint() {
    long result = 0;
    for (var shift = 0; shift < 64; shift += 7) {
      if (position >= end) {
        throw new MalformedProtobufException("truncated varint");
      }
      var b = data[position++];
      result |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new MalformedProtobufException("varint longer than 64 bits");
  }

  byte[] readBytes() {
    expect(LENGTH_DELIMITED);
    var length = (int) readVarint();
    if (length < 0 || position + length > end) {
      throw new MalformedProtobufException("field runs past the end of the message");
    }
    var bytes = Arrays.copyOfRange(data, position, position + length);
    position += length;
    return bytes;
  }

  String readString() {
    return new String(readBytes(), StandardCharsets.UTF_8);
  }

  ProtobufReader readMessage() {
    var bytes = readBytes();
    return new ProtobufReader(bytes, 0, bytes.length);
  }

  void skip() {
    switch (wireType) {
      case VARINT -> readVarint();
      case FIXED64 -> advance(8);
      case LENGTH_DELIMITED -> advance((int) readVarint());
      case FIXED32 -> advance(4);
      default -> throw new MalformedProtobufException("unsupported wire type " + wireType);
    }
  }

  private void advance(int count) {
    if (count < 0 || position + count > end) {
      throw new MalformedProtobufException("field runs past the end of the message");
    }
    position += count;
  }

  private void expect(int type) {
    if (wireType != type) {
      throw new MalformedProtobufException("expected wire type " + type + ", found " + wireType);
    }
  }
}
