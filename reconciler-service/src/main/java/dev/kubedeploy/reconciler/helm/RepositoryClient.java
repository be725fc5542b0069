package dev.kubedeploy.reconciler.helm;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Reads a chart repository over HTTP(S): its index and its archives. Redirects are followed by hand
 * and only on the host that was asked (a repository cannot send the platform, or its credentials,
 * to another host) and never from https to http. The login goes only to the repository's own host,
 * as helm does without {@code --pass-credentials}, so an index pointing its archives elsewhere
 * leaks nothing.
 */
final class RepositoryClient {

  private static final int MAX_REDIRECTS = 5;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private final HttpClient http;
  private final Duration timeout;
  private final String loginHost;
  private final ChartCredentials credentials;

  RepositoryClient(URI repository, ChartCredentials credentials, Duration timeout) {
    var builder =
        HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
    credentials.caBundle().ifPresent(pem -> builder.sslContext(trusting(pem)));
    this.http = builder.build();
    this.timeout = timeout;
    this.loginHost = host(repository);
    this.credentials = credentials;
  }

  /** The body of {@code uri} as text. */
  String text(URI uri) throws IOException {
    try (var body = get(uri)) {
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Saves the body of {@code uri} as {@code file}. */
  Path download(URI uri, Path file) throws IOException {
    try (var body = get(uri)) {
      Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }

  private InputStream get(URI uri) throws IOException {
    var current = uri;
    for (var hop = 0; hop <= MAX_REDIRECTS; hop++) {
      var response = send(current);
      var status = response.statusCode();
      if (status == 200) {
        return response.body();
      }
      response.body().close();
      if (status == 401 || status == 403 || status == 404) {
        throw refusal(current, status);
      }
      if (!REDIRECTS.contains(status)) {
        throw new IOException(current + " answered HTTP " + status);
      }
      var location =
          response
              .headers()
              .firstValue("Location")
              .orElseThrow(() -> new IOException(uri + " redirected without a Location"));
      var next = current.resolve(location);
      if (!sameHostNoDowngrade(current, next)) {
        throw new ChartVerificationException(
            current
                + " redirected to "
                + next
                + ": chart repositories may redirect only within their own host, never to"
                + " another host or from https to http");
      }
      current = next;
    }
    throw new ChartVerificationException(uri + " redirected more than " + MAX_REDIRECTS + " times");
  }

  private HttpResponse<InputStream> send(URI uri) throws IOException {
    var request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
    if (credentials.hasLogin() && host(uri).equals(loginHost)) {
      request.header("Authorization", authorization());
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (SSLHandshakeException e) {
      throw new IOException(
          "TLS with "
              + uri.getHost()
              + " failed ("
              + e.getMessage()
              + "): is the chart source's CA bundle the one its certificate chains to?",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + uri, e);
    }
  }

  private String authorization() {
    if (credentials.token().isPresent()) {
      return "Bearer " + credentials.token().get();
    }
    var pair = credentials.username().orElseThrow() + ":" + credentials.password().orElseThrow();
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static ChartVerificationException refusal(URI uri, int status) {
    return new ChartVerificationException(
        status == 404
            ? uri + " answered 404: chart_ref does not name a chart repository or chart"
            : uri
                + " answered HTTP "
                + status
                + ": the repository wants credentials the template's chart source does not give"
                + " (none, or wrong ones)");
  }

  /** Same host name, and the same port unless http went to https. */
  static boolean sameHostNoDowngrade(URI from, URI to) {
    var fromScheme = from.getScheme().toLowerCase(Locale.ROOT);
    var toScheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
    if (to.getHost() == null || !from.getHost().equalsIgnoreCase(to.getHost())) {
      return false;
    }
    if (fromScheme.equals(toScheme)) {
      return port(from) == port(to);
    }
    return fromScheme.equals("http") && toScheme.equals("https");
  }

  private static String host(URI uri) {
    return uri.getScheme().toLowerCase(Locale.ROOT)
        + "://"
        + uri.getHost().toLowerCase(Locale.ROOT)
        + ":"
        + port(uri);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /** A TLS context that trusts exactly the certificates of a PEM bundle, as helm's --ca-file. */
  private static SSLContext trusting(String pem) {
    try {
      var certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
      var store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      var n = 0;
      for (var certificate : certificates) {
        store.setCertificateEntry("ca-" + n++, certificate);
      }
      var managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      managers.init(store);
      var context = SSLContext.getInstance("TLS");
      context.init(null, managers.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new ChartVerificationException(
          "the chart source's CA bundle is not a PEM certificate bundle: " + e.getMessage(), e);
    }
  }
}
