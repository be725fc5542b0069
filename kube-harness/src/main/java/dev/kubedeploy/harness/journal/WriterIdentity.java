package dev.kubedeploy.harness.journal;

/**
 * Who sent the request being served, for the {@link ReleaseWriteJournal}: the one place that turns
 * a request's credentials into a writer's name.
 *
 * <p>The harness does not authenticate yet, so the writer is the bearer token itself: a test that
 * wants writes told apart gives each client a kubeconfig with a token of its own. When the harness
 * issues tokens per user, this class is where the token is looked up instead.
 *
 * <p>The name is kept per thread while a request is served, because the journal hears of a write
 * from the store, on the writing thread, where the HTTP request is no longer in sight.
 */
public final class WriterIdentity {

  /** The writer of changes no request made: the simulated controllers and garbage collector. */
  public static final String CLUSTER = "kube-harness";

  private static final String BEARER = "Bearer ";
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private WriterIdentity() {}

  /** The writer a request's {@code Authorization} header names, or {@code anonymous}. */
  public static String fromAuthorization(String authorization) {
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return "anonymous";
    }
    var token = authorization.substring(BEARER.length()).strip();
    return token.isEmpty() ? "anonymous" : token;
  }

  /** Marks the current thread as serving a request with this {@code Authorization} header. */
  public static Scope serving(String authorization) {
    CURRENT.set(fromAuthorization(authorization));
    return CURRENT::remove;
  }

  /** The writer of the request this thread serves, or {@link #CLUSTER} outside of a request. */
  public static String current() {
    var writer = CURRENT.get();
    return writer == null ? CLUSTER : writer;
  }

  /** Ends the request's scope; closing never fails. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
