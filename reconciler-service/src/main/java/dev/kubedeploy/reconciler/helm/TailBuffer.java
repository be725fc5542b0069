package dev.kubedeploy.reconciler.helm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Keeps the last {@code limit} bytes written to it: the end of an output is where errors are. */
final class TailBuffer {

  private final byte[] ring;
  private long written;

  TailBuffer(int limit) {
    ring = new byte[limit];
  }

  /** Copies {@code in} until it ends; a read error ends the copy (the process is gone). */
  void drain(InputStream in) {
    var chunk = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(chunk)) >= 0) {
        write(chunk, n);
      }
    } catch (IOException e) {
      // the pipe closed under us because the process was killed: keep what arrived
    }
  }

  synchronized void write(byte[] bytes, int length) {
    for (var i = 0; i < length; i++) {
      ring[(int) (written++ % ring.length)] = bytes[i];
    }
  }

  /** Whether bytes were dropped from the start. */
  synchronized boolean truncated() {
    return written > ring.length;
  }

  /** The kept bytes as UTF-8, marked when the start was dropped. */
  synchronized String text() {
    if (!truncated()) {
      return new String(ring, 0, (int) written, StandardCharsets.UTF_8);
    }
    var start = (int) (written % ring.length);
    var ordered = new byte[ring.length];
    System.arraycopy(ring, start, ordered, 0, ring.length - start);
    System.arraycopy(ring, 0, ordered, ring.length - start, start);
    return "["
        + (written - ring.length)
        + " earlier bytes dropped]\n"
        + new String(ordered, StandardCharsets.UTF_8);
  }
}
