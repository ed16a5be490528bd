package dev.haechi.resilience.recovery;

/** How a task's effort was derived (see {@link EffortRule}). */
public enum EffortBasis {
  /** Stopped but not burned: restart and verify on intact hardware. */
  RESTART,
  /** Burned, its data survives elsewhere (or it holds none): rebuild and restore from a copy. */
  RESTORE,
  /** Burned and its data is lost for good: rebuild from scratch and re-collect the data. */
  REBUILD,
  /** Given by the caller as is. */
  GIVEN,
  /** No way to bring it back is known: the plan is infeasible while a task has this basis. */
  NONE
}
