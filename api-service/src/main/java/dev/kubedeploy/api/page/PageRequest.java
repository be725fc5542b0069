package dev.kubedeploy.api.page;

import dev.kubedeploy.api.error.InvalidInputException;
import dev.kubedeploy.api.error.MalformedRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Which page of a list to read: at most {@code limit} rows older than the row {@code beforeId}
 * (lists are newest first). Keyset paging: every page costs one index range scan, however deep.
 *
 * @param beforeId the id of the last row of the previous page, or null for the first page
 */
public record PageRequest(int limit, Long beforeId) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  /** Reads the {@code limit} and {@code cursor} query parameters; null means absent. */
  public static PageRequest of(String limit, String cursor) {
    return new PageRequest(limit(limit), cursor == null ? null : decode(cursor));
  }

  /** The opaque cursor that continues after the row {@code lastId}. */
  static String encode(long lastId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Long.toString(lastId).getBytes(StandardCharsets.US_ASCII));
  }

  /** Reads the {@code limit} query parameter; null means absent. */
  public static int limit(String text) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    int limit;
    try {
      limit = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new MalformedRequestException("limit", "must be an integer");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT);
    }
    return limit;
  }

  private static long decode(String cursor) {
    try {
      var id =
          Long.parseLong(
              new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII));
      if (id < 1) {
        throw new NumberFormatException();
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw new MalformedRequestException("cursor", "is not a cursor this API returned");
    }
  }
}
