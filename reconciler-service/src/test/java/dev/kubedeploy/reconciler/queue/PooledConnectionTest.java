package dev.kubedeploy.reconciler.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;

/**
 * A pooled connection whose backend died while it sat in the pool (a terminated backend, as after
 * an administrator's kill or a failover) is never handed to the next caller: the pool is the
 * services' own setup, with one connection so that the dead one is the only candidate.
 */
class PooledConnectionTest {

  @RegisterExtension static final QueueDatabase db = QueueDatabase.create();

  @Test
  void aConnectionWhoseBackendWasTerminatedIsNotHandedOut() throws SQLException {
    try (var pool = QueueDatabase.pool(db.coordinates, 1)) {
      int killed;
      try (var connection = pool.getConnection()) {
        killed = connection.unwrap(PGConnection.class).getBackendPID();
      }
      assertThat(db.sql.column("SELECT pg_terminate_backend(?)", killed)).containsExactly(true);

      try (var connection = pool.getConnection();
          var statement = connection.createStatement();
          var rows = statement.executeQuery("SELECT pg_backend_pid()")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isNotEqualTo(killed);
      }
    }
  }
}
