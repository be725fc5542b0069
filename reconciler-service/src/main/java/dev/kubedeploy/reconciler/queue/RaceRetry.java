package dev.kubedeploy.reconciler.queue;

import java.sql.SQLException;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Runs a statement or transaction of the queue again when it lost a race to another transaction: it
 * changed nothing, and the next try starts after the winner's commit, so it sees what the winner
 * wrote. A bounded number of tries, since a race lost that often is no race but a fault.
 */
final class RaceRetry {

  private static final Logger LOG = Logger.getLogger(RaceRetry.class);

  static final int MAX_TRIES = 5;

  /** A call to the database. */
  interface SqlCall<T> {
    T call() throws SQLException;
  }

  private RaceRetry() {}

  /**
   * Calls {@code call} until it succeeds, fails otherwise than {@code lostRace}, or tries run out.
   */
  static <T> T retrying(String what, Predicate<SQLException> lostRace, SqlCall<T> call)
      throws SQLException {
    for (var tries = 1; ; tries++) {
      try {
        return call.call();
      } catch (SQLException e) {
        if (!lostRace.test(e) || tries == MAX_TRIES) {
          throw e;
        }
        LOG.debugf("%s raced with another transaction (%s); trying again", what, e.getMessage());
      }
    }
  }
}
