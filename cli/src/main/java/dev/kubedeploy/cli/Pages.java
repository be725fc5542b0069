package dev.kubedeploy.cli;

import dev.kubedeploy.client.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Reads every page of a list of the API by following {@code next_cursor}. */
final class Pages {

  /** Rows per request: the API's largest page. */
  static final int PAGE_SIZE = 200;

  /** At most this many pages: a bound on the loop, far above any catalog. */
  private static final int MAX_PAGES = 1000;

  private Pages() {}

  /** One list call of the generated client: (cursor, limit) to a page. */
  @FunctionalInterface
  interface PageCall<P> {
    P read(String cursor, Integer limit) throws ApiException;
  }

  /** Every item of the list that {@code call} reads, in the API's order. */
  static <T, P> List<T> all(
      PageCall<P> call, Function<P, List<T>> items, Function<P, String> nextCursor)
      throws ApiException {
    var all = new ArrayList<T>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      var result = call.read(cursor, PAGE_SIZE);
      all.addAll(items.apply(result));
      cursor = nextCursor.apply(result);
      if (cursor == null) {
        return all;
      }
    }
    throw new CliException(
        ExitCode.API_ERROR, "the list did not end after " + MAX_PAGES + " pages");
  }
}
