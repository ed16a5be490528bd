package dev.haechi.app.recovery;

import dev.haechi.app.status.PageWords;
import dev.haechi.app.status.StatusBoard;
import dev.haechi.app.status.StatusStore;
import dev.haechi.resilience.recovery.RestorationTask;
import dev.haechi.resilience.recovery.RestorationTracker;
import dev.haechi.resilience.recovery.StateTransition;
import dev.haechi.resilience.recovery.SystemState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns crews' milestones into incident updates on the public page, so its history reads like an
 * operator's log: a public service back ("정부24 서비스가 복구되었습니다 (12월 8일 (화) 03:49 KST)."), every system
 * of a grade restored. Each milestone is told once per restoration (kept in {@code
 * status_milestone}), on the open incident about the restoration's public services, with the time
 * the crew reported it, not the time Haechi noticed.
 */
final class IncidentMilestones {
  private final StatusStore status;
  private final StatusBoard board;

  IncidentMilestones(StatusStore status, StatusBoard board) {
    this.status = status;
    this.board = board;
  }

  private record Milestone(String key, Instant at, String body) {}

  /**
   * Tells the milestones of {@code r} not yet told.
   *
   * @return whether an update was added
   */
  boolean tell(Restoration r, Map<String, String> idByPublicName) {
    PageWords words = board.words();
    RestorationTracker tracker = r.tracker();
    List<Milestone> due = new ArrayList<>();
    r.problem()
        .publicServices()
        .forEach(
            (publicName, systems) -> {
              Instant at = allRestoredAt(tracker, systems);
              if (at != null) {
                due.add(
                    new Milestone(
                        "service:" + publicName,
                        at,
                        words.word("service-back").formatted(publicName, words.when(at))));
              }
            });
    Map<Integer, List<String>> byGrade = new TreeMap<>();
    for (RestorationTask t : r.problem().tasks()) {
      if (t.grade() >= 1 && t.grade() <= 4) {
        byGrade.computeIfAbsent(t.grade(), g -> new ArrayList<>()).add(t.system());
      }
    }
    byGrade.forEach(
        (grade, systems) -> {
          Instant at = allRestoredAt(tracker, systems);
          if (at != null) {
            due.add(
                new Milestone(
                    "grade:" + grade,
                    at,
                    words.word("grade-back").formatted(grade, words.when(at))));
          }
        });
    if (due.isEmpty()) {
      return false;
    }
    Set<String> ours = new HashSet<>();
    r.problem().publicServices().keySet().forEach(n -> ours.add(idByPublicName.get(n)));
    List<StatusStore.Incident> open =
        status.incidents(50).stream().filter(i -> i.resolvedAt() == null).toList();
    StatusStore.Incident target =
        open.stream()
            .filter(i -> i.components().stream().anyMatch(ours::contains))
            .findFirst()
            .orElse(open.isEmpty() ? null : open.get(0));
    if (target == null) {
      return false; // nothing open to tell it on; told once an incident is opened
    }
    due.sort(Comparator.comparing(Milestone::at));
    boolean added = false;
    for (Milestone m : due) {
      added |=
          status.addMilestone(
              RecoveryService.ACTOR, r.id(), m.key(), target.id(), m.body(), m.at());
    }
    return added;
  }

  /** When the last of {@code systems} was restored, or null while any is not restored. */
  private static Instant allRestoredAt(RestorationTracker tracker, List<String> systems) {
    Instant last = null;
    for (String s : systems) {
      if (tracker.state(s) != SystemState.RESTORED) {
        return null;
      }
      Instant at = null;
      for (StateTransition t : tracker.history(s)) {
        if (t.to() == SystemState.RESTORED) {
          at = t.at();
        }
      }
      if (at == null) {
        return null;
      }
      if (last == null || at.isAfter(last)) {
        last = at;
      }
    }
    return last;
  }
}
