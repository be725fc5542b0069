package dev.kubedeploy.api.security;

import jakarta.enterprise.context.RequestScoped;

/** The caller of the current request, set by {@link CallerFilter} before any endpoint runs. */
@RequestScoped
public class CurrentCaller {

  private Caller caller;

  void set(Caller caller) {
    this.caller = caller;
  }

  public Caller get() {
    if (caller == null) {
      throw new IllegalStateException("no caller: the endpoint lacks @Authenticated");
    }
    return caller;
  }
}
