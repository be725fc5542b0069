package dev.kubedeploy.api.deployment;

/** Rules shared by the deployment request records. */
final class DeploymentFields {

  static final String NAME = "^[A-Za-z0-9_-]{1,100}$";
  static final String NAME_MESSAGE = "must be 1 to 100 letters, digits, '-' or '_'";

  /** A DNS name: dot-separated labels of letters, digits and inner hyphens (RFC 1123). */
  static final String DOMAIN_NAME =
      "^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$";

  static final String DOMAIN_NAME_MESSAGE =
      "must be a DNS name: dot-separated labels of letters, digits and inner '-'";
  static final int DOMAIN_NAME_MAX = 253;

  static final String IMMUTABLE = "is assigned by the API and cannot be set or changed";

  private DeploymentFields() {}
}
