package dev.kubedeploy.harness.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The harness's TLS identity: one self-signed certificate for 127.0.0.1 and localhost, valid for a
 * century, with its key shipped in the jar. It secures nothing (the key is public); it exists
 * because client-go, and so helm and kubectl, send a kubeconfig's credentials only over TLS, and
 * the harness authenticates requests by their bearer tokens.
 */
public final class ServerTls {

  private static final String KEY_STORE = "kube-harness-tls.p12";
  private static final String CERTIFICATE = "kube-harness-tls.crt";
  private static final char[] PASSWORD = "kube-harness".toCharArray();

  private ServerTls() {}

  /** The server side: the key and certificate (also for the HTTPS servers tests stand up). */
  public static SSLContext serverContext() {
    try (var in = resource(KEY_STORE)) {
      var keys = KeyStore.getInstance("PKCS12");
      keys.load(in, PASSWORD);
      var managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      managers.init(keys, PASSWORD);
      var context = SSLContext.getInstance("TLS");
      context.init(managers.getKeyManagers(), null, null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the harness's key store cannot be read", e);
    }
  }

  /** A client side that trusts the harness's certificate, for raw HTTP clients. */
  public static SSLContext clientContext() {
    try (var in = resource(CERTIFICATE)) {
      var certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
      var trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      trusted.setCertificateEntry("kube-harness", certificate);
      var managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      managers.init(trusted);
      var context = SSLContext.getInstance("TLS");
      context.init(null, managers.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the harness's certificate cannot be read", e);
    }
  }

  /** The certificate in PEM, base64-encoded: a kubeconfig's {@code certificate-authority-data}. */
  public static String certificateAuthorityData() {
    try (var in = resource(CERTIFICATE)) {
      return Base64.getEncoder().encodeToString(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String name) {
    var in = ServerTls.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("missing resource " + name);
    }
    return in;
  }
}
