package dev.haechi.demo.retailer;

/**
 * How big the retailer is at a scale: 95,000 employees at 1.0, and planted counts that shrink with
 * it but never below a floor, so that even the smallest test organisation holds every planted fact.
 *
 * @param employees rows in hr.csv
 * @param leaverEnabledAccounts accounts of leavers left enabled
 * @param orphanAccounts accounts that match no person
 * @param dormantPrivilegedAccounts privileged accounts of current employees unused for 200+ days
 * @param secrets rows in secrets.csv besides the planted key's
 * @param vaultRequests background request/response pairs in the Vault audit log
 * @param vaultHumans engineers who use Vault themselves
 * @param members shop members (customer accounts), IDs from {@link GatewayStory#FIRST_MEMBER_ID}
 * @param gatewayEvents background events in events/gateway.jsonl (about; whole sessions are kept)
 * @param forgedRequests the attacker's requests in events/gateway.jsonl (exactly)
 * @param supportAgents customer-service agents using the back office
 * @param admins privileged back-office principals
 */
record RetailerSizes(
    int employees,
    int leaverEnabledAccounts,
    int orphanAccounts,
    int dormantPrivilegedAccounts,
    int secrets,
    int vaultRequests,
    int vaultHumans,
    int members,
    int gatewayEvents,
    int forgedRequests,
    int supportAgents,
    int admins) {

  static RetailerSizes at(double scale) {
    return new RetailerSizes(
        atLeast(400, 95_000 * scale),
        atLeast(3, 150 * scale),
        atLeast(3, 12 * scale),
        atLeast(2, 15 * scale),
        atLeast(24, 360 * scale),
        atLeast(600, 25_000 * scale),
        atLeast(8, 240 * scale),
        atLeast(2_000, 250_000 * scale),
        atLeast(4_000, 970_000 * scale),
        atLeast(600, 30_000 * scale),
        atLeast(4, 120 * scale),
        atLeast(3, 12 * scale));
  }

  private static int atLeast(int floor, double value) {
    return Math.max(floor, (int) Math.round(value));
  }
}
