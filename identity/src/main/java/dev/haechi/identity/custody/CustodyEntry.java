package dev.haechi.identity.custody;

import dev.haechi.identity.model.VaultAccess;
import java.time.Instant;
import java.util.List;

/**
 * One person's custody of one secret.
 *
 * @param employeeId the person on the roster, or null when a Vault user matched nobody (or several)
 * @param name how the source named them: the employee ID, or the Vault username
 * @param source how they came to hold it
 * @param since when custody began: the first Vault request; null when unknown (inventory)
 * @param lastAccess the last Vault request on or before the as-of time; null without Vault requests
 * @param accesses the Vault requests, in log order (empty for inventory and account-owner custody)
 * @param evidence the inventory row or account row that names them, as {@code file:line}; null for
 *     Vault custody, whose evidence is {@code accesses}
 */
public record CustodyEntry(
    String employeeId,
    String name,
    CustodySource source,
    Instant since,
    Instant lastAccess,
    List<VaultAccess> accesses,
    String evidence) {

  public CustodyEntry {
    accesses = List.copyOf(accesses);
  }

  /** True when at least one request copied key material out (transit export or backup). */
  public boolean copiedKeyMaterial() {
    for (VaultAccess a : accesses) {
      if (a.copiesKeyMaterial()) {
        return true;
      }
    }
    return false;
  }
}
