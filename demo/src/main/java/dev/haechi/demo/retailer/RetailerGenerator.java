package dev.haechi.demo.retailer;

import dev.haechi.demo.output.OutputFolder;
import dev.haechi.demo.output.SeededStreams;
import java.io.IOException;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the retailer's identity directory (FORMATS.md §1.4) and describes, in the manifest, what
 * was planted in it. Each part draws from its own seeded stream, so the same seed and scale give
 * the same bytes.
 */
public final class RetailerGenerator {
  private RetailerGenerator() {}

  /**
   * Writes hr.csv, accounts/*, secrets.csv, vault-audit.log, jwks/* and events/gateway.jsonl into
   * {@code folder} and adds {@code asOf}, {@code counts}, {@code planted}, {@code members} and
   * {@code events} to {@code manifest}.
   */
  public static void write(OutputFolder folder, long seed, double scale, ObjectNode manifest)
      throws IOException {
    SeededStreams seeds = new SeededStreams(seed);
    RetailerSizes sizes = RetailerSizes.at(scale);
    Roster roster = Roster.generate(seeds, sizes);
    HrFile.write(folder, roster);
    AccountPlan plan = AccountPlan.generate(seeds, roster, sizes);
    long exportSeed = seeds.stream("retailer.exports").nextLong();
    int accounts = 0;
    for (AccountSystem system : AccountSystem.values()) {
      List<Account> list = plan.accounts().get(system);
      AccountExports.write(folder, system, list, exportSeed ^ system.ordinal());
      accounts += list.size();
    }
    SecretInventory inventory =
        SecretInventory.generate(seeds.stream("retailer.secrets"), roster, sizes);
    inventory.write(folder);
    VaultAuditLog.write(folder, seeds.stream("retailer.vault"), roster, inventory, sizes);
    JwksFiles.write(folder, seeds.stream("retailer.jwks"));
    describe(manifest, roster, plan, inventory, accounts);
    GatewayEvents.write(folder, seeds, roster, sizes, manifest);
  }

  private static void describe(
      ObjectNode manifest,
      Roster roster,
      AccountPlan plan,
      SecretInventory inventory,
      int accounts) {
    manifest.put("asOf", KeyLeaverStory.AS_OF.toString());
    ObjectNode counts = manifest.putObject("counts");
    long terminated = roster.people().stream().filter(Person::terminated).count();
    long leave = roster.people().stream().filter(p -> p.status().equals("leave")).count();
    counts.put("employees", roster.people().size());
    counts.put("active", roster.people().size() - terminated - leave);
    counts.put("onLeave", leave);
    counts.put("terminated", terminated);
    counts.put("systems", AccountSystem.values().length);
    counts.put("accounts", accounts);
    counts.put("secrets", inventory.secrets().size());

    ObjectNode planted = manifest.putObject("planted");
    Person leaver = roster.people().get(roster.keyLeader());
    Person lead = roster.people().get(roster.keyLead());
    ObjectNode keyLeaver = planted.putObject("keyLeaver");
    keyLeaver.put("employeeId", leaver.employeeId());
    keyLeaver.put("username", leaver.username());
    keyLeaver.put("email", leaver.email());
    keyLeaver.put("vaultDisplayName", "oidc-" + leaver.username());
    keyLeaver.put("hireDate", leaver.hireDate().toString());
    keyLeaver.put("terminationDate", leaver.terminationDate().toString());
    keyLeaver.put("accountsAllDisabled", true);
    ArrayNode exports = keyLeaver.putArray("keyExports");
    KeyLeaverStory.EXPORTS.forEach(t -> exports.add(t.toInstant().toString()));
    keyLeaver.put("managerEmployeeId", lead.employeeId());

    ObjectNode key = planted.putObject("signingKey");
    key.put("secretId", KeyLeaverStory.SECRET_ID);
    key.put("kind", "signing-key");
    key.put("system", "gateway");
    key.put("location", KeyLeaverStory.LOCATION);
    key.put("exportPath", KeyLeaverStory.EXPORT_PATH);
    key.put("created", KeyLeaverStory.KEY_CREATED.toString());
    key.put("lastRotated", KeyLeaverStory.KEY_CREATED.toString());
    key.put("maxAge", KeyLeaverStory.KEY_MAX_AGE);
    key.put("listedCustodian", lead.employeeId());
    key.put("issuer", KeyLeaverStory.ISSUER);
    key.put("kid", KeyLeaverStory.KID);
    key.put("jwksFile", "jwks/" + KeyLeaverStory.ISSUER + ".json");
    key.put("jwksSecretId", KeyLeaverStory.SECRET_ID);
    key.put("jwksLocation", KeyLeaverStory.JWKS_LOCATION);

    accountList(planted, "leaverEnabledAccounts", plan.leaverEnabled());
    accountList(planted, "orphanAccounts", plan.orphans());
    accountList(planted, "dormantPrivilegedAccounts", plan.dormantPrivileged());
    planted.put(
        "note",
        "Counts are exact: apart from these, leavers' accounts are disabled or deleted, privileged"
            + " accounts of current employees were used in the last 3 weeks, every other secret is"
            + " within its rotation policy and held by current employees. Each AWS credential"
            + " report also has its <root_account> row, which is not counted as an orphan. The"
            + " first orphan (corp-ad) is a Domain Admin, so a reconciler may report it as"
            + " privileged-without-owner rather than orphan-account.");
  }

  private static void accountList(ObjectNode planted, String name, List<Account> accounts) {
    ObjectNode node = planted.putObject(name);
    node.put("count", accounts.size());
    ArrayNode list = node.putArray("accounts");
    for (Account a : accounts) {
      ObjectNode row = list.addObject();
      row.put("system", a.system());
      row.put("accountId", a.accountId());
      row.put("username", a.username());
      row.put("employeeId", a.owner() == null ? null : a.owner().employeeId());
      row.put("privileged", a.privileged());
      row.put("lastLogin", a.lastLogin() == null ? null : a.lastLogin().toString());
    }
  }
}
