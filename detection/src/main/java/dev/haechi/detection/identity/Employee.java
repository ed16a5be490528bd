package dev.haechi.detection.identity;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One person on the HR roster as detection needs them.
 *
 * @param employeeId the roster key
 * @param terminated true when the roster says {@code terminated}
 * @param leavingDate the termination date, or null; a person with a leaving date is a leaver from
 *     that date on even while the roster still says active (notice given)
 */
public record Employee(String employeeId, boolean terminated, LocalDate leavingDate) {
  public Employee {
    Objects.requireNonNull(employeeId, "employeeId");
  }

  /** The status on {@code date} (null date: the roster's status as written). */
  public HrStatus statusOn(LocalDate date) {
    if (leavingDate != null && date != null) {
      return leavingDate.isAfter(date) ? HrStatus.ACTIVE : HrStatus.TERMINATED;
    }
    return terminated ? HrStatus.TERMINATED : HrStatus.ACTIVE;
  }
}
