package dev.kubedeploy.api.security;

import dev.kubedeploy.api.error.AccessDeniedException;
import dev.kubedeploy.model.identity.Tenant;
import dev.kubedeploy.model.identity.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Maps a verified token to its {@code users} row. Unknown subjects are refused unless
 * auto-provisioning is on. The bootstrap admin subject is created or promoted when the service
 * starts, or on its first request if the database could not be reached at start.
 */
@ApplicationScoped
public class CallerResolver {

  private static final Logger LOG = Logger.getLogger(CallerResolver.class);

  /** Given to provisioned users whose token carries no e-mail claim (RFC 2606 reserved name). */
  private static final String NO_EMAIL_DOMAIN = "@users.invalid";

  private final AuthConfig config;
  private final EntityManager entityManager;
  private final AtomicBoolean bootstrapDone = new AtomicBoolean();

  CallerResolver(AuthConfig config, EntityManager entityManager) {
    this.config = config;
    this.entityManager = entityManager;
  }

  void bootstrapAdminAtStart(@Observes StartupEvent event) {
    config
        .bootstrapAdminSubject()
        .ifPresent(
            subject -> {
              try {
                QuarkusTransaction.requiringNew()
                    .run(() -> provision(subject, subject, subject + NO_EMAIL_DOMAIN, true));
                bootstrapDone.set(true);
              } catch (RuntimeException e) {
                LOG.warnf(
                    "The bootstrap admin '%s' is not set up yet (%s); its first request does it.",
                    subject, e.getMessage());
              }
            });
  }

  /**
   * The caller the token stands for; 403 when its subject names no user. The common case is one
   * read outside any transaction; only provisioning writes, in a transaction of its own.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Caller resolve(JsonWebToken token) {
    var subject = token.getSubject();
    if (subject == null || subject.isBlank()) {
      throw new UnauthorizedException("the token names no subject");
    }
    if (isBootstrapAdmin(subject) && !bootstrapDone.get()) {
      QuarkusTransaction.requiringNew().call(() -> provision(token, true));
      bootstrapDone.set(true);
    }
    var user = User.findBySubject(subject);
    if (user.isPresent()) {
      if (user.get().disabled) {
        throw new AccessDeniedException("The user '" + subject + "' is disabled; ask an admin.");
      }
      return toCaller(user.get());
    }
    if (!config.autoProvision().enabled()) {
      throw new AccessDeniedException(
          "No user has the subject '" + subject + "'; ask an admin to create one.");
    }
    return QuarkusTransaction.requiringNew().call(() -> provision(token, false));
  }

  private boolean isBootstrapAdmin(String subject) {
    return config.bootstrapAdminSubject().map(subject::equals).orElse(false);
  }

  /**
   * Creates the user in the default tenant unless it exists (concurrent first requests race
   * harmlessly: ON CONFLICT DO NOTHING). An existing user is left as it is: the bootstrap admin is
   * created once, so that demoting or disabling it sticks across restarts.
   */
  private Caller provision(JsonWebToken token, boolean admin) {
    var subject = token.getSubject();
    return provision(
        subject,
        claim(token, "preferred_username").orElse(subject),
        claim(token, "email").orElse(subject + NO_EMAIL_DOMAIN),
        admin);
  }

  private Caller provision(String subject, String username, String email, boolean admin) {
    if (insertIfAbsent(subject, username, email, admin) == 0 && !username.equals(subject)) {
      // the preferred user name or the e-mail belongs to someone else: fall back to the subject
      insertIfAbsent(subject, subject, subject + NO_EMAIL_DOMAIN, admin);
    }
    return User.findBySubject(subject)
        .map(this::refreshed)
        .map(CallerResolver::toCaller)
        .orElseThrow(
            () ->
                new AccessDeniedException(
                    "The subject '" + subject + "' cannot be provisioned: its names are taken."));
  }

  private int insertIfAbsent(String subject, String username, String email, boolean admin) {
    return entityManager
        .createNativeQuery(
            """
            INSERT INTO users (tenant_id, subject, username, email, is_admin)
            SELECT t.id, ?1, ?2, ?3, ?4 FROM tenant t WHERE t.tenant_key = ?5
            ON CONFLICT DO NOTHING
            """)
        .setParameter(1, subject)
        .setParameter(2, username)
        .setParameter(3, email)
        .setParameter(4, admin)
        .setParameter(5, Tenant.DEFAULT_KEY)
        .executeUpdate();
  }

  private User refreshed(User user) {
    entityManager.refresh(user);
    return user;
  }

  private static Optional<String> claim(JsonWebToken token, String name) {
    return Optional.ofNullable(token.<Object>getClaim(name))
        .map(value -> value instanceof JsonString text ? text.getString() : value.toString())
        .filter(value -> !value.isBlank());
  }

  private static Caller toCaller(User user) {
    return new Caller(user.id, user.tenant.id, user.username, user.isAdmin);
  }
}
