package dev.kubedeploy.model;

/**
 * The schema these entities are built for, named by the tag that ends the changelog: every release
 * of the schema ends with a changeset tagging it (CONTRIBUTING.md), so a database holding the tag
 * has every changeset before it. A service checks for the tag with one query instead of parsing the
 * changelog at start.
 */
public final class SchemaVersion {

  /** The changelog's last changeset tags the database with this; a test keeps them equal. */
  public static final String HEAD_TAG = "v6";

  private SchemaVersion() {}
}
