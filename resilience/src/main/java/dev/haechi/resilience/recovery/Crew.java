package dev.haechi.resilience.recovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A restoration crew. A crew with a site takes only tasks at that site; a crew with skills takes
 * only tasks whose skill is among them. No site or no skills means any.
 *
 * @param name unique among the crews of a problem
 * @param site the site it works at, or null for any
 * @param skills the task skills it has (catalog {@code spec.type}, e.g. {@code database}); empty
 *     for any
 */
public record Crew(String name, String site, Set<String> skills) {
  public Crew {
    Objects.requireNonNull(name, "name");
    skills = Set.copyOf(new TreeSet<>(skills == null ? Set.of() : skills));
  }

  /** {@code count} crews named {@code crew-1 … crew-N} that take any task anywhere. */
  public static List<Crew> count(int count) {
    List<Crew> crews = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      crews.add(new Crew("crew-" + i, null, Set.of()));
    }
    return List.copyOf(crews);
  }

  /** True when this crew may take the task (its site and skill match, where given). */
  public boolean canTake(RestorationTask task) {
    boolean siteOk = site == null || site.equals(task.site());
    boolean skillOk = skills.isEmpty() || (task.skill() != null && skills.contains(task.skill()));
    return siteOk && skillOk;
  }
}
