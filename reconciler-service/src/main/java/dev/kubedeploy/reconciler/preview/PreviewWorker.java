package dev.kubedeploy.reconciler.preview;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.kubedeploy.model.deployment.DeploymentPreview;
import dev.kubedeploy.reconciler.desired.DesiredStateException;
import dev.kubedeploy.reconciler.queue.InstanceName;
import dev.kubedeploy.reconciler.queue.NotificationListener;
import dev.kubedeploy.reconciler.reconcile.DesiredStateReader;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Renders the previews the API asks for: woken by the API's NOTIFY (polling as the fallback), it
 * claims pending previews one at a time and writes each one's result or error. One thread per
 * instance: a preview is one chart pull and a few short helm calls, and several instances share the
 * work through the claim.
 */
@ApplicationScoped
public class PreviewWorker {

  private static final Logger LOG = Logger.getLogger(PreviewWorker.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  private static final Duration LISTEN_RECONNECT_MAX_DELAY = Duration.ofSeconds(30);

  private final PreviewSettings settings;
  private final PreviewClaims claims;
  private final DesiredStateReader reader;
  private final PreviewRenderer renderer;
  private final DataSource dataSource;
  private final Semaphore wake = new Semaphore(0);
  private final String owner = InstanceName.ofThisProcess();
  private volatile boolean stopped;
  private NotificationListener listener;
  private Thread thread;

  PreviewWorker(
      PreviewSettings settings,
      PreviewClaims claims,
      DesiredStateReader reader,
      PreviewRenderer renderer,
      DataSource dataSource) {
    this.settings = settings;
    this.claims = claims;
    this.reader = reader;
    this.renderer = renderer;
    this.dataSource = dataSource;
  }

  void start(@Observes StartupEvent event) {
    if (!settings.enabled()) {
      LOG.info("previews disabled (app.previews.enabled=false): this instance renders none");
      return;
    }
    listener =
        new NotificationListener(
            dataSource,
            DeploymentPreview.NOTIFY_CHANNEL,
            wake::release,
            LISTEN_RECONNECT_MAX_DELAY,
            "preview-listener");
    listener.start();
    thread = new Thread(this::run, "preview-worker");
    thread.setDaemon(true);
    thread.start();
  }

  void stop(@Observes ShutdownEvent event) {
    stopped = true;
    if (listener != null) {
      listener.close();
    }
    if (thread != null) {
      thread.interrupt();
    }
  }

  @Scheduled(
      every = "${app.previews.prune-interval}",
      delayed = "30s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void prune() {
    if (!settings.enabled()) {
      return;
    }
    try {
      var deleted = claims.prune(settings.retention());
      if (deleted > 0) {
        LOG.debugf("pruned %d previews older than %s", deleted, settings.retention());
      }
    } catch (RuntimeException e) {
      LOG.warnf("pruning previews failed: %s", e.getMessage());
    }
  }

  private void run() {
    while (!stopped) {
      try {
        wake.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        wake.drainPermits();
        while (!stopped && renderNext()) {
          // until no preview is pending
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warnf("rendering previews failed: %s", e.getMessage());
      }
    }
  }

  /**
   * Claims one pending preview and writes its outcome.
   *
   * @return whether there was one
   */
  public boolean renderNext() {
    var claimed = claims.claim(owner, settings.claimTimeout());
    claimed.ifPresent(this::render);
    return claimed.isPresent();
  }

  private void render(long id) {
    String error;
    try {
      var previewed = reader.readPreview(id);
      if (previewed.isEmpty()) {
        return;
      }
      var result = renderer.render(previewed.get());
      if (!claims.finish(id, owner, json(result))) {
        LOG.debugf("preview %d was taken over before it was rendered here", id);
      }
      return;
    } catch (PreviewFailedException | DesiredStateException e) {
      error = e.getMessage();
    }
    LOG.debugf("preview %d failed: %s", id, error);
    claims.fail(id, owner, error);
  }

  private static String json(PreviewResult result) {
    try {
      return JSON.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
