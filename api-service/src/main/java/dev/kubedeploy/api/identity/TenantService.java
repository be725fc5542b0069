package dev.kubedeploy.api.identity;

import dev.kubedeploy.api.error.ConflictException;
import dev.kubedeploy.api.page.KeysetQuery;
import dev.kubedeploy.api.page.Page;
import dev.kubedeploy.api.page.PageRequest;
import dev.kubedeploy.model.identity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** Creates and lists tenants (admins only; the resource checks that). */
@ApplicationScoped
public class TenantService {

  private final EntityManager entityManager;

  TenantService(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  @Transactional
  public TenantRead create(TenantCreate request) {
    if (Tenant.findByKey(request.tenantKey()).isPresent()) {
      throw new ConflictException("tenant_key", "is already taken");
    }
    var tenant = new Tenant();
    tenant.tenantKey = request.tenantKey();
    tenant.name = request.name();
    tenant.persistAndFlush();
    return TenantRead.of(tenant);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Page<TenantRead> list(PageRequest page) {
    var rows =
        KeysetQuery.of("select t from Tenant t", "t.id", Tenant.class).rows(entityManager, page);
    return Page.of(rows, page, t -> t.id, TenantRead::of);
  }
}
