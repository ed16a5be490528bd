package dev.haechi.identity.model;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which groups make an account privileged (FORMATS.md §1.2): groups named exactly one of {@code
 * names}, or whose name contains one of {@code nameContains}; both compared case-insensitively.
 * Group names are CNs ({@code Domain Admins}), not DNs.
 */
public record PrivilegedGroups(Set<String> names, List<String> nameContains) {

  public PrivilegedGroups {
    names = names.stream().map(n -> n.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    nameContains = nameContains.stream().map(n -> n.trim().toLowerCase(Locale.ROOT)).toList();
  }

  /** {@code Domain Admins}, {@code Enterprise Admins}, {@code Administrators}, and any "admin". */
  public static PrivilegedGroups defaults() {
    return new PrivilegedGroups(
        Set.of("Domain Admins", "Enterprise Admins", "Administrators"), List.of("admin"));
  }

  public boolean isPrivileged(String group) {
    String g = group.trim().toLowerCase(Locale.ROOT);
    if (names.contains(g)) {
      return true;
    }
    for (String part : nameContains) {
      if (g.contains(part)) {
        return true;
      }
    }
    return false;
  }

  public boolean anyPrivileged(List<String> groups) {
    for (String g : groups) {
      if (isPrivileged(g)) {
        return true;
      }
    }
    return false;
  }
}
