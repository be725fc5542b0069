package dev.kubedeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void columnsAreAsWideAsTheirWidestCellAndNullsPrintAsADash() {
    var table =
        new Table("UID", "STATUS", "LAST ERROR")
            .row("web-1", "running", null)
            .row("w", "failed", "boom");

    assertThat(table.render())
        .isEqualTo(
            """
            UID    STATUS   LAST ERROR
            web-1  running  -
            w      failed   boom
            """);
  }

  @Test
  void aRowOfTheWrongWidthIsRefused() {
    assertThatThrownBy(() -> new Table("A", "B").row("only one"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
