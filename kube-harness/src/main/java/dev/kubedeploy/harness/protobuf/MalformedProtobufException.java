package dev.kubedeploy.harness.protobuf;

/** A protobuf body that does not follow the wire format or the Kubernetes envelope. */
public class MalformedProtobufException extends RuntimeException {

  public MalformedProtobufException(String message) {
    super(message);
  }
}
