package dev.kubedeploy.reconciler.preview;

/** A preview could not be rendered; the message says why, with every secret value redacted. */
class PreviewFailedException extends Exception {

  PreviewFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
