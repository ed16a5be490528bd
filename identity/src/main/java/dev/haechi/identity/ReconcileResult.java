package dev.haechi.identity;

import dev.haechi.core.Finding;
import dev.haechi.identity.correlation.AccountLink;
import dev.haechi.identity.correlation.CorrelationCase;
import dev.haechi.identity.custody.CustodyTimeline;
import java.util.List;

/**
 * What a reconciliation found.
 *
 * @param findings most severe first, then by type and title
 * @param cases accounts awaiting a person's decision
 * @param links every linked account, in account order
 * @param custody one timeline per secret considered, in inventory order
 */
public record ReconcileResult(
    List<Finding> findings,
    Summary summary,
    List<CorrelationCase> cases,
    List<AccountLink> links,
    List<CustodyTimeline> custody) {}
