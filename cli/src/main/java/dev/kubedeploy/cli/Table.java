package dev.kubedeploy.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table: a header row and left-aligned columns as wide as their widest cell. */
public final class Table {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... header) {
    this.header = List.of(header);
  }

  /** Adds a row; null cells print as {@code -}. */
  public Table row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "a row of " + cells.length + " cells in a table of " + header.size() + " columns");
    }
    rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : c.toString()).toList());
    return this;
  }

  /** The table as lines ending in a newline, columns two spaces apart. */
  public String render() {
    var widths = new int[header.size()];
    for (var line : lines()) {
      for (int i = 0; i < line.size(); i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    var out = new StringBuilder();
    for (var line : lines()) {
      var text = new StringBuilder();
      for (int i = 0; i < line.size(); i++) {
        text.append(i == line.size() - 1 ? line.get(i) : pad(line.get(i), widths[i] + 2));
      }
      out.append(text.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private List<List<String>> lines() {
    var all = new ArrayList<List<String>>();
    all.add(header);
    all.addAll(rows);
    return all;
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }
}
