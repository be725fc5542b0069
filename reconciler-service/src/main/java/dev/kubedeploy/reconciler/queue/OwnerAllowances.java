package dev.kubedeploy.reconciler.queue;

import java.util.Map;

/**
 * How many more jobs of each owner (a deployment's user) one claim may take: {@code perOwner} for
 * the owners named, {@code others} for every other owner.
 */
record OwnerAllowances(Map<Long, Integer> perOwner, int others) {

  /** No cap: the claim takes jobs in due order whoever owns them. */
  static final OwnerAllowances UNLIMITED = new OwnerAllowances(Map.of(), Integer.MAX_VALUE);

  OwnerAllowances {
    perOwner = Map.copyOf(perOwner);
  }

  boolean unlimited() {
    return others == Integer.MAX_VALUE && perOwner.isEmpty();
  }

  int of(long owner) {
    return perOwner.getOrDefault(owner, others);
  }
}
