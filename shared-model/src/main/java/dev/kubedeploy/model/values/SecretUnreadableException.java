package dev.kubedeploy.model.values;

/** Sealed secret values that the key ring cannot open; the message never holds key or value. */
public class SecretUnreadableException extends RuntimeException {

  public SecretUnreadableException(String message) {
    super(message);
  }
}
