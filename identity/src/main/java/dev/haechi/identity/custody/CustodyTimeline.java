package dev.haechi.identity.custody;

import dev.haechi.identity.model.Secret;
import java.util.List;

/**
 * Everyone who holds or held one secret, earliest first (custody of unknown start, from the
 * inventory or account ownership, comes first). Vault custodians are counted from the time of their
 * first request on the secret, up to the as-of time of the reconciliation.
 */
public record CustodyTimeline(Secret secret, List<CustodyEntry> entries) {

  public CustodyTimeline {
    entries = List.copyOf(entries);
  }
}
