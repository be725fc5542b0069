package dev.kubedeploy.reconciler.reconcile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A benchmark run's table: printed, and appended to the file {@code bench.report} names. */
final class BenchReport {

  private final String title;
  private final List<String[]> rows = new ArrayList<>();

  BenchReport(String title) {
    this.title = title;
  }

  BenchReport row(String figure, String format, Object... args) {
    rows.add(new String[] {figure, String.format(Locale.ROOT, format, args)});
    return this;
  }

  String render() {
    var out = new StringBuilder("\n### " + title + "\n\n| figure | value |\n| --- | --- |\n");
    rows.forEach(
        row -> out.append("| ").append(row[0]).append(" | ").append(row[1]).append(" |\n"));
    return out.toString();
  }

  void publish() throws IOException {
    var text = render();
    System.out.println(text);
    var file = System.getProperty("bench.report");
    if (file != null && !file.isBlank()) {
      Files.writeString(Path.of(file), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }
}
