package dev.haechi.resilience.recovery;

import dev.haechi.core.InputException;
import java.util.List;

/**
 * Why no restoration plan exists, with the entities that make it so.
 *
 * @param entities the systems (or crews) concerned, in a meaningful order (a cycle in its order)
 * @param reason one sentence a user can act on
 */
public record Infeasibility(Kind kind, List<String> entities, String reason) {
  /** The kinds of infeasibility. */
  public enum Kind {
    /** Tasks wait on each other in a cycle. */
    DEPENDENCY_CYCLE,
    /** A burned system whose data is lost for good and for which no rebuild effort is known. */
    NO_REBUILD_PATH,
    /** No crew has the site or skill a task needs, or there are no crews. */
    NO_ELIGIBLE_CREW
  }

  public Infeasibility {
    entities = List.copyOf(entities);
  }

  /** The same as a bad-input error, for callers that report errors that way. */
  public InputException toInputException(String source) {
    return new InputException(source, 0, reason);
  }
}
