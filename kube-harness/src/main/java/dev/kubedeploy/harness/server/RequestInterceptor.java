package dev.kubedeploy.harness.server;

import java.time.Duration;

/** Decides, before a request is served, whether to delay it or to fail it (test faults). */
@FunctionalInterface
public interface RequestInterceptor {

  /**
   * @param target the path with its query, as the client sent it
   */
  Interception intercept(String method, String target);

  /**
   * @param delay how long to hold the request first
   * @param status the error status to answer with, or 0 to serve the request
   */
  record Interception(Duration delay, int status) {
    public static final Interception PROCEED = new Interception(Duration.ZERO, 0);
  }
}
