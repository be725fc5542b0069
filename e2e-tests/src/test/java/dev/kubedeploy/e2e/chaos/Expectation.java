package dev.kubedeploy.e2e.chaos;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a client may expect of one field after its writes: the value of the last write the API
 * acknowledged, or that of any later write whose answer never came (it may have committed).
 */
final class Expectation<T> {

  private T acknowledged;
  private final Set<T> possible = new HashSet<>();

  Expectation(T initial) {
    this.acknowledged = initial;
  }

  synchronized void acknowledge(T value) {
    acknowledged = value;
    possible.clear();
  }

  synchronized void maybe(T value) {
    possible.add(value);
  }

  synchronized boolean allows(T value) {
    return Objects.equals(acknowledged, value) || possible.contains(value);
  }

  synchronized T acknowledged() {
    return acknowledged;
  }

  @Override
  public synchronized String toString() {
    return possible.isEmpty() ? String.valueOf(acknowledged) : acknowledged + " or " + possible;
  }
}
