package dev.kubedeploy.api.deployment;

import dev.kubedeploy.api.error.MalformedRequestException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Where a page of a deployment's merged events ended: the last item's time, source and row id. The
 * merged list is ordered by time, then source (platform before cluster), then id, all descending,
 * so each source is read from the cursor on with one range condition of its own.
 */
record EventCursor(Instant time, EventSource source, long id) {

  /**
   * The JPQL condition that an item of {@code of}, whose time and id are at these paths, comes
   * after this cursor; its parameters are {@code cursorTime} and {@code cursorId}.
   */
  String after(EventSource of, String timePath, String idPath) {
    if (of.ordinal() < source.ordinal()) {
      return timePath + " <= :cursorTime";
    }
    if (of.ordinal() > source.ordinal()) {
      return timePath + " < :cursorTime";
    }
    return "(%1$s < :cursorTime or (%1$s = :cursorTime and %2$s < :cursorId))"
        .formatted(timePath, idPath);
  }

  String encode() {
    var micros = ChronoUnit.MICROS.between(Instant.EPOCH, time);
    var text = micros + "." + source.ordinal() + "." + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** The cursor a previous page returned; null for the first page. */
  static EventCursor decode(String cursor) {
    if (cursor == null) {
      return null;
    }
    try {
      var parts =
          new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split("\\.");
      if (parts.length != 3) {
        throw new IllegalArgumentException();
      }
      var sources = EventSource.values();
      var source = Integer.parseInt(parts[1]);
      var id = Long.parseLong(parts[2]);
      if (source < 0 || source >= sources.length || id < 1) {
        throw new IllegalArgumentException();
      }
      return new EventCursor(
          Instant.EPOCH.plus(Long.parseLong(parts[0]), ChronoUnit.MICROS), sources[source], id);
    } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
      throw new MalformedRequestException("cursor", "is not a cursor this API returned");
    }
  }
}
