package dev.kubedeploy.api.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Signs a bearer token (RS256) with the dev private key that only the dev and test profiles trust.
 * JDK only, so that {@code bin/mint-token} runs it as a single-file program without a build; the
 * tests sign their tokens with it too.
 *
 * <pre>
 * java DevTokenMinter.java --subject alice [--username alice] [--email alice@example.com]
 *     [--issuer kubedeploy-dev] [--audience kubedeploy-api] [--ttl PT1H] [--key private-key.pem]
 * </pre>
 */
public final class DevTokenMinter {

  /** The issuer the dev and test profiles expect. */
  public static final String DEV_ISSUER = "kubedeploy-dev";

  /** The audience the dev and test profiles expect; a claim {@code aud} given to mint wins. */
  public static final String DEV_AUDIENCE = "kubedeploy-api";

  /** The dev private key, relative to the api-service module. */
  public static final Path DEV_KEY =
      Path.of("src", "test", "resources", "dev-keys", "private-key.pem");

  private DevTokenMinter() {}

  public static void main(String[] args) throws IOException, GeneralSecurityException {
    var options = new LinkedHashMap<String, String>();
    for (var i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        usage("unexpected argument " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    if (args.length % 2 != 0 || !options.containsKey("subject")) {
      usage("--subject is required");
    }
    var key = readPrivateKey(Path.of(options.getOrDefault("key", DEV_KEY.toString())));
    var claims = new LinkedHashMap<String, Object>();
    claims.put("sub", options.get("subject"));
    claims.put("preferred_username", options.getOrDefault("username", options.get("subject")));
    if (options.containsKey("email")) {
      claims.put("email", options.get("email"));
    }
    claims.put("aud", options.getOrDefault("audience", DEV_AUDIENCE));
    var ttl = Duration.parse(options.getOrDefault("ttl", "PT1H"));
    System.out.println(mint(key, options.getOrDefault("issuer", DEV_ISSUER), claims, ttl));
  }

  /** A token from {@code issuer} with {@code claims}, valid from now for {@code ttl}. */
  public static String mint(PrivateKey key, String issuer, Map<String, Object> claims, Duration ttl)
      throws GeneralSecurityException {
    var now = Instant.now().getEpochSecond();
    var payload = new LinkedHashMap<String, Object>();
    payload.put("iss", issuer);
    payload.put("iat", now);
    payload.put("exp", now + ttl.toSeconds());
    payload.put("jti", UUID.randomUUID().toString());
    payload.put("aud", DEV_AUDIENCE);
    payload.putAll(claims);
    payload.values().removeIf(Objects::isNull); // a null claim leaves the member out
    var signingInput =
        base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + base64Url(json(payload));
    var signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(key);
    signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput
        + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
  }

  /** Reads a PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----}). */
  public static PrivateKey readPrivateKey(Path pem) throws IOException, GeneralSecurityException {
    var base64 =
        Files.readString(pem)
            .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  private static String json(Map<String, Object> members) {
    var json = new StringBuilder("{");
    for (var member : members.entrySet()) {
      json.append(json.length() > 1 ? "," : "").append(quote(member.getKey())).append(':');
      json.append(
          member.getValue() instanceof Number n
              ? n.toString()
              : quote(member.getValue().toString()));
    }
    return json.append('}').toString();
  }

  private static String quote(String text) {
    var quoted = new StringBuilder("\"");
    for (var c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }

  private static String base64Url(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println(
        "usage: mint-token --subject SUB [--username NAME] [--email ADDRESS] [--issuer ISS]"
            + " [--audience AUD] [--ttl PT1H] [--key PRIVATE_KEY_PEM]");
    System.exit(2);
  }
}
