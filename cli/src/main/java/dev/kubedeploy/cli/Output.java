package dev.kubedeploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine.Option;

/** The {@code -o} option every command that prints data shares: a table, or JSON for scripts. */
public class Output {

  /** The formats {@code -o} accepts. */
  public enum Format {
    table,
    json
  }

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "table or json (the API's own objects, snake_case). Default: ${DEFAULT-VALUE}")
  Format format = Format.table;

  /** Prints {@code value} as JSON when asked for, otherwise {@code table}. */
  public void print(PrintWriter out, Object value, Table table) {
    out.print(format == Format.json ? json(value) + "\n" : table.render());
    out.flush();
  }

  /** {@code value} as the API writes it. */
  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
