package dev.haechi.resilience.catalog;

import java.util.Locale;
import java.util.Objects;

/**
 * A Backstage entity reference {@code kind:namespace/name}, compared case-insensitively as
 * Backstage compares them. Immutable. The kind is kept in lower case, the form Backstage writes in
 * relations.
 *
 * <p>Design note: parsing follows Backstage's {@code parseEntityRef}: {@code
 * [kind:][namespace/]name}; a missing namespace takes the namespace of the referring entity and a
 * missing kind takes the default kind of the field, and a field without a default kind (such as
 * {@code spec.dependsOn}) needs the kind spelled out (backstage.io docs, "Entity References").
 */
public final class EntityRef implements Comparable<EntityRef> {

  public static final String DEFAULT_NAMESPACE = "default";

  private final String kind;
  private final String namespace;
  private final String name;
  private final String text;
  private final String key; // cached: references are hashed and compared millions of times

  public EntityRef(String kind, String namespace, String name) {
    this.kind = Objects.requireNonNull(kind, "kind").toLowerCase(Locale.ROOT);
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.name = Objects.requireNonNull(name, "name");
    this.text = this.kind + ":" + namespace + "/" + name;
    this.key = text.toLowerCase(Locale.ROOT);
  }

  /** A reference whose full text ({@code kind:namespace/name}, kind in lower case) is at hand. */
  private EntityRef(String kind, String namespace, String name, String text) {
    this.kind = kind;
    this.namespace = namespace;
    this.name = name;
    this.text = text;
    this.key = text.toLowerCase(Locale.ROOT); // the same String when already in lower case
  }

  /** The kind in lower case, e.g. {@code resource}. */
  public String kind() {
    return kind;
  }

  public String namespace() {
    return namespace;
  }

  public String name() {
    return name;
  }

  /** A reference to an entity of the given kind in the default namespace. */
  public static EntityRef of(String kind, String name) {
    return new EntityRef(kind, DEFAULT_NAMESPACE, name);
  }

  /**
   * Parses {@code [kind:][namespace/]name}.
   *
   * @param defaultKind the kind when the text has none, or null when the kind is required
   * @param defaultNamespace the namespace when the text has none
   * @throws IllegalArgumentException when the text is malformed or needs a kind it does not have
   */
  public static EntityRef parse(String text, String defaultKind, String defaultNamespace) {
    String t = text == null ? "" : text.trim();
    String whole = t;
    String kind = defaultKind;
    String namespace = defaultNamespace;
    int colon = t.indexOf(':');
    if (colon >= 0) {
      kind = t.substring(0, colon);
      t = t.substring(colon + 1);
    }
    int slash = t.indexOf('/');
    if (slash >= 0) {
      namespace = t.substring(0, slash);
      t = t.substring(slash + 1);
    }
    if (kind == null) {
      throw new IllegalArgumentException(
          "reference '" + text + "' needs a kind, e.g. resource:default/" + t);
    }
    if (kind.isEmpty() || namespace.isEmpty() || t.isEmpty() || t.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "malformed reference '" + text + "' (expected kind:namespace/name)");
    }
    if (colon >= 0 && slash >= 0 && isLowerAscii(kind)) {
      // written out in full with the kind in lower case (as catalogs mostly are): the text as
      // written is the reference's text, no need to build it again
      return new EntityRef(kind, namespace, t, whole);
    }
    return new EntityRef(kind, namespace, t);
  }

  private static boolean isLowerAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z' || c > 127) {
        return false;
      }
    }
    return true;
  }

  /** The key under which references are compared: the whole reference in lower case. */
  public String key() {
    return key;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof EntityRef r && key.equals(r.key));
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public int compareTo(EntityRef o) {
    return key.compareTo(o.key);
  }

  @Override
  public String toString() {
    return text;
  }
}
