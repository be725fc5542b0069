package dev.kubedeploy.harness.auth;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bearer tokens the harness accepts, each standing for one identity (a static token file, in
 * kube-apiserver's terms). The admin kubeconfig's token, {@value #ADMIN_TOKEN}, is always known.
 */
public final class Tokens {

  public static final String ADMIN_TOKEN = "kube-harness";

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Identity> identities = new ConcurrentHashMap<>();
  private final Map<Identity, String> issued = new ConcurrentHashMap<>();

  public Tokens() {
    identities.put(ADMIN_TOKEN, Identity.admin());
    issued.put(Identity.admin(), ADMIN_TOKEN);
  }

  /** A token for {@code identity}: the same one each time it is asked for. */
  public String issue(Identity identity) {
    return issued.computeIfAbsent(
        identity,
        i -> {
          var bytes = new byte[24];
          random.nextBytes(bytes);
          var token = "kh-" + HexFormat.of().formatHex(bytes);
          identities.put(token, i);
          return token;
        });
  }

  public Optional<Identity> identify(String token) {
    return Optional.ofNullable(identities.get(token));
  }
}
