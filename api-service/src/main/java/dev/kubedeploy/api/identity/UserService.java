package dev.kubedeploy.api.identity;

import dev.kubedeploy.api.error.ConflictException;
import dev.kubedeploy.api.error.InvalidInputException;
import dev.kubedeploy.api.error.ResourceNotFoundException;
import dev.kubedeploy.api.page.KeysetQuery;
import dev.kubedeploy.api.page.Page;
import dev.kubedeploy.api.page.PageRequest;
import dev.kubedeploy.api.security.CurrentCaller;
import dev.kubedeploy.model.identity.Tenant;
import dev.kubedeploy.model.identity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** Creates and lists users, and tells callers who they are. */
@ApplicationScoped
public class UserService {

  private final EntityManager entityManager;
  private final CurrentCaller caller;

  UserService(EntityManager entityManager, CurrentCaller caller) {
    this.entityManager = entityManager;
    this.caller = caller;
  }

  @Transactional
  public UserRead create(UserCreate request) {
    var tenantKey = request.tenantKey() == null ? Tenant.DEFAULT_KEY : request.tenantKey();
    var tenant =
        Tenant.findByKey(tenantKey)
            .orElseThrow(() -> new InvalidInputException("tenant_key", "names no tenant"));
    if (User.findBySubject(request.subject()).isPresent()) {
      throw new ConflictException("subject", "is already taken");
    }
    if (User.count("tenant = ?1 and username = ?2", tenant, request.username()) > 0) {
      throw new ConflictException("username", "is already taken in this tenant");
    }
    if (User.count("tenant = ?1 and email = ?2", tenant, request.email()) > 0) {
      throw new ConflictException("email", "is already taken in this tenant");
    }
    var user = new User();
    user.tenant = tenant;
    user.subject = request.subject();
    user.username = request.username();
    user.email = request.email();
    user.isAdmin = Boolean.TRUE.equals(request.isAdmin());
    user.persistAndFlush();
    return UserRead.of(user);
  }

  /** Promotes, demotes, disables or enables a user; the change applies to its next request. */
  @Transactional
  public UserRead update(long id, UserUpdate request) {
    var user =
        entityManager
            .createQuery("select u from User u join fetch u.tenant where u.id = :id", User.class)
            .setParameter("id", id)
            .getResultStream()
            .findFirst()
            .orElseThrow(() -> new ResourceNotFoundException("user", id));
    if (user.id == caller.get().userId()) {
      if (Boolean.FALSE.equals(request.isAdmin())) {
        throw new InvalidInputException("is_admin", "an admin cannot demote itself");
      }
      if (Boolean.TRUE.equals(request.disabled())) {
        throw new InvalidInputException("disabled", "an admin cannot disable itself");
      }
    }
    if (request.isAdmin() != null) {
      user.isAdmin = request.isAdmin();
    }
    if (request.disabled() != null) {
      user.disabled = request.disabled();
    }
    return UserRead.of(user);
  }

  /** Every user, or those of one tenant, newest first. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Page<UserRead> list(String tenantKey, PageRequest page) {
    var query = KeysetQuery.of("select u from User u join fetch u.tenant t", "u.id", User.class);
    if (tenantKey != null) {
      query.where("t.tenantKey = :tenantKey", "tenantKey", tenantKey);
    }
    return Page.of(query.rows(entityManager, page), page, u -> u.id, UserRead::of);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public UserRead me() {
    return UserRead.of(
        entityManager
            .createQuery("select u from User u join fetch u.tenant where u.id = :id", User.class)
            .setParameter("id", caller.get().userId())
            .getSingleResult());
  }
}
