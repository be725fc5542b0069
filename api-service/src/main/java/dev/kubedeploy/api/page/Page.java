package dev.kubedeploy.api.page;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of a list, newest first.
 *
 * @param nextCursor pass as {@code cursor} to read the next page; null on the last page
 */
public record Page<T>(List<T> items, @Schema(example = "MTIz", nullable = true) String nextCursor) {

  /**
   * Builds the page from up to {@code limit + 1} rows read newest first: the extra row only says
   * that another page exists.
   */
  public static <R, T> Page<T> of(
      List<R> rows, PageRequest request, ToLongFunction<R> id, Function<R, T> toItem) {
    return ofBatch(rows, request, id, pageRows -> pageRows.stream().map(toItem).toList());
  }

  /** Like {@link #of}, for items built from all rows of the page at once. */
  public static <R, T> Page<T> ofBatch(
      List<R> rows, PageRequest request, ToLongFunction<R> id, Function<List<R>, List<T>> toItems) {
    var more = rows.size() > request.limit();
    var pageRows = more ? rows.subList(0, request.limit()) : rows;
    var next = more ? PageRequest.encode(id.applyAsLong(pageRows.getLast())) : null;
    return new Page<>(toItems.apply(pageRows), next);
  }
}
