package dev.kubedeploy.harness;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A fault of the API server for {@link Faults#inject}: matching requests are answered with an error
 * status (as a {@code Status} body) or held for a while first. Built fluently:
 *
 * <pre>{@code
 * ApiFault.respond(503).onPath("/secrets").times(2)        // the next two requests on secrets
 * ApiFault.respond(500).onMethod("PATCH")                  // every PATCH until cleared
 * ApiFault.delay(Duration.ofSeconds(30)).onPath("/apis/apps/v1/")  // a hanging API
 * }</pre>
 *
 * @param status the status to answer with, or 0 to serve the request normally after the delay
 * @param method the HTTP method to match, or null for any
 * @param target a pattern searched for in the request's path and query, or null for any
 * @param times how many requests it applies to, or -1 until {@link Faults#clear()}
 * @param delay how long a matching request is held before it is answered
 */
public record ApiFault(int status, String method, Pattern target, int times, Duration delay) {

  public ApiFault {
    Objects.requireNonNull(delay, "delay");
    if (status != 0 && (status < 400 || status > 599)) {
      throw new IllegalArgumentException("an API fault answers a 4xx or 5xx status, not " + status);
    }
    if (times == 0 || times < -1) {
      throw new IllegalArgumentException("times must be positive, or -1 for unlimited");
    }
  }

  /** Answers every request with {@code status} until cleared. */
  public static ApiFault respond(int status) {
    return new ApiFault(status, null, null, -1, Duration.ZERO);
  }

  /** Holds every request for {@code delay}, then serves it, until cleared. */
  public static ApiFault delay(Duration delay) {
    return new ApiFault(0, null, null, -1, delay);
  }

  public ApiFault onMethod(String method) {
    return new ApiFault(status, method, target, times, delay);
  }

  /** Only requests whose path and query contain a match of {@code regex}. */
  public ApiFault onPath(String regex) {
    return new ApiFault(status, method, Pattern.compile(regex), times, delay);
  }

  public ApiFault times(int count) {
    return new ApiFault(status, method, target, count, delay);
  }

  boolean matches(String requestMethod, String requestTarget) {
    return (method == null || method.equalsIgnoreCase(requestMethod))
        && (target == null || target.matcher(requestTarget).find());
  }
}
