package dev.kubedeploy.api.chartsource;

import dev.kubedeploy.api.error.ConflictException;
import dev.kubedeploy.api.error.FieldError;
import dev.kubedeploy.api.error.InvalidInputException;
import dev.kubedeploy.api.error.ResourceNotFoundException;
import dev.kubedeploy.model.catalog.ChartSourceAuth;
import dev.kubedeploy.model.catalog.ChartSourceSecrets;
import dev.kubedeploy.model.catalog.PrivateChartSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Registers private chart sources (admins only, the resource checks). The password or token is
 * encrypted before it is stored and never read back by the API.
 */
@ApplicationScoped
public class ChartSourceService {

  private final ChartSourceSecrets secrets;

  ChartSourceService(ChartSourceSecrets secrets) {
    this.secrets = secrets;
  }

  @Transactional
  public ChartSourceRead create(ChartSourceCreate request) {
    if (request.name() == null) {
      throw new InvalidInputException("name", "is required");
    }
    if (PrivateChartSource.findByName(request.name()).isPresent()) {
      throw new ConflictException("name", "is already taken");
    }
    var source = new PrivateChartSource();
    source.name = request.name();
    apply(source, request);
    source.persistAndFlush();
    return read(source);
  }

  /** Replaces the login and CA bundle: how a password is changed or re-encrypted after rotation. */
  @Transactional
  public ChartSourceRead replace(String name, ChartSourceCreate request) {
    if (request.name() != null && !request.name().equals(name)) {
      throw new InvalidInputException("name", "must be the name in the path, or absent");
    }
    var source = byName(name);
    apply(source, request);
    source.updatedAt = Instant.now();
    source.persistAndFlush();
    return read(source);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public List<ChartSourceRead> list() {
    return PrivateChartSource.<PrivateChartSource>listAll().stream()
        .sorted((a, b) -> a.name.compareTo(b.name))
        .map(this::read)
        .toList();
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public ChartSourceRead get(String name) {
    return read(byName(name));
  }

  private void apply(PrivateChartSource source, ChartSourceCreate request) {
    check(request);
    source.caBundle = blankToNull(request.caBundle());
    if (request.token() != null) {
      source.auth = ChartSourceAuth.TOKEN;
      source.username = null;
      source.secretCiphertext = encrypt(request.token(), source.name, "token");
    } else if (request.username() != null) {
      source.auth = ChartSourceAuth.BASIC;
      source.username = request.username();
      source.secretCiphertext = encrypt(request.password(), source.name, "password");
    } else {
      source.auth = ChartSourceAuth.NONE;
      source.username = null;
      source.secretCiphertext = null;
    }
  }

  private static void check(ChartSourceCreate request) {
    var errors = new ArrayList<FieldError>();
    if (request.token() != null && (request.username() != null || request.password() != null)) {
      errors.add(FieldError.forField("token", "goes alone: give a token or username and password"));
    }
    if ((request.username() == null) != (request.password() == null)) {
      errors.add(
          FieldError.forField(
              request.username() == null ? "username" : "password",
              "username and password go together"));
    }
    printable("username", request.username(), errors);
    printable("password", request.password(), errors);
    printable("token", request.token(), errors);
    if (request.username() != null && request.username().contains(":")) {
      errors.add(FieldError.forField("username", "must not contain ':'"));
    }
    if (request.caBundle() != null && !request.caBundle().isBlank()) {
      caBundleError(request.caBundle()).ifPresent(errors::add);
    }
    if (request.token() == null
        && request.username() == null
        && (request.caBundle() == null || request.caBundle().isBlank())) {
      errors.add(
          FieldError.forField(
              "username",
              "a chart source gives a login (username and password, or token), a"
                  + " ca_bundle, or both"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
  }

  private static void printable(String field, String value, List<FieldError> errors) {
    if (value != null && (value.isEmpty() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
      errors.add(FieldError.forField(field, "must be non-empty, without control characters"));
    }
  }

  private static Optional<FieldError> caBundleError(String pem) {
    try {
      var certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
      return certificates.isEmpty()
          ? Optional.of(FieldError.forField("ca_bundle", "holds no certificate"))
          : Optional.empty();
    } catch (CertificateException e) {
      return Optional.of(
          FieldError.forField("ca_bundle", "must be PEM X.509 certificates: " + e.getMessage()));
    }
  }

  private String encrypt(String secret, String sourceName, String field) {
    if (!secrets.canSeal()) {
      throw new InvalidInputException(
          field, "cannot be stored: the platform has no key in app.secrets.keys");
    }
    return secrets.seal(secret, sourceName);
  }

  private ChartSourceRead read(PrivateChartSource source) {
    var current =
        source.secretCiphertext == null || secrets.sealedWithCurrentKey(source.secretCiphertext);
    return ChartSourceRead.of(source, current);
  }

  private static PrivateChartSource byName(String name) {
    return PrivateChartSource.findByName(name)
        .orElseThrow(() -> new ResourceNotFoundException("chart source", name));
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
