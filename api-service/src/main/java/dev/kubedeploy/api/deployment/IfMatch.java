package dev.kubedeploy.api.deployment;

import dev.kubedeploy.api.error.PreconditionFailedException;
import java.util.Arrays;
import java.util.List;

/**
 * An {@code If-Match} precondition (RFC 9110): absent, {@code *}, or a list of entity tags compared
 * strongly (weak tags never match).
 */
record IfMatch(boolean present, List<String> tags) {

  static IfMatch parse(String header) {
    if (header == null || header.isBlank()) {
      return new IfMatch(false, List.of());
    }
    return new IfMatch(true, Arrays.stream(header.split(",")).map(String::trim).toList());
  }

  /** Passes when there is no precondition or {@code currentEtag} satisfies it; else 412. */
  void check(String currentEtag) {
    if (present && !tags.contains("*") && !tags.contains(currentEtag)) {
      throw new PreconditionFailedException(currentEtag);
    }
  }
}
