package dev.haechi.detection.correlation;

import java.util.Arrays;

/**
 * A correlation group: the values of the correlation's {@code group-by} fields, in their order. The
 * hash is computed once (the key is looked up on every occurrence of the group).
 */
final class GroupKey {
  static final GroupKey NONE = new GroupKey(new String[0]);

  private final String[] values;
  private final int hash;

  GroupKey(String[] values) {
    this.values = values;
    this.hash = Arrays.hashCode(values);
  }

  int size() {
    return values.length;
  }

  String get(int i) {
    return values[i];
  }

  /** This key with {@code value} appended. */
  GroupKey with(String value) {
    String[] v = Arrays.copyOf(values, values.length + 1);
    v[values.length] = value;
    return new GroupKey(v);
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof GroupKey k && k.hash == hash && Arrays.equals(k.values, values));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return Arrays.toString(values);
  }
}
