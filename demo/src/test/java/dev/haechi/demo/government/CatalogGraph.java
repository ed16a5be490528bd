package dev.haechi.demo.government;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The tests' own view of a dependency graph: unresolved references and a cycle, if any. */
final class CatalogGraph {
  private final Map<String, List<String>> edges = new HashMap<>();

  void add(String ref, List<String> dependsOn) {
    edges.put(ref, new ArrayList<>(dependsOn));
  }

  List<String> unresolved() {
    List<String> missing = new ArrayList<>();
    edges.forEach(
        (from, tos) ->
            tos.stream()
                .filter(t -> !edges.containsKey(t))
                .forEach(t -> missing.add(from + " -> " + t)));
    return missing;
  }

  /** A reference on a cycle, or null: iterative three-colour depth-first search. */
  String cycle() {
    Set<String> done = new HashSet<>();
    Set<String> onPath = new HashSet<>();
    for (String start : edges.keySet()) {
      if (done.contains(start)) {
        continue;
      }
      List<String> stack = new ArrayList<>();
      List<Integer> next = new ArrayList<>();
      stack.add(start);
      next.add(0);
      onPath.add(start);
      while (!stack.isEmpty()) {
        int top = stack.size() - 1;
        String node = stack.get(top);
        List<String> out = edges.getOrDefault(node, List.of());
        int i = next.get(top);
        if (i < out.size()) {
          next.set(top, i + 1);
          String child = out.get(i);
          if (onPath.contains(child)) {
            return child;
          }
          if (!done.contains(child) && edges.containsKey(child)) {
            stack.add(child);
            next.add(0);
            onPath.add(child);
          }
        } else {
          stack.remove(top);
          next.remove(top);
          onPath.remove(node);
          done.add(node);
        }
      }
    }
    return null;
  }
}
