package dev.haechi.demo.retailer;

import dev.haechi.demo.output.CsvRow;
import dev.haechi.demo.output.OutputFolder;
import java.io.IOException;
import java.io.Writer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The retailer's secrets: the planted token-signing key (one row naming both places its material
 * lives: its Vault transit key and its published JWK, {@code jwks:ISSUER#KID}), the partner API's
 * signing key (likewise), and background secrets of every kind, all rotated within their policy and
 * held by current employees only, so that the planted key is the only secret a leaver held and the
 * only one overdue.
 *
 * @param secrets in file order
 * @param vaultUsers current engineers who use Vault themselves; custodians are drawn from them
 */
record SecretInventory(List<Secret> secrets, List<Person> vaultUsers) {
  static final String[] HEADER = {
    "secret_id", "kind", "system", "location", "created", "last_rotated", "max_age", "custodians"
  };

  static final String PARTNER_ISSUER = "partner-api";
  static final String PARTNER_KID = "partner-2025-09";

  private static final String[] SYSTEMS = {
    "gateway", "payments", "orders", "catalog", "search", "delivery", "members", "notifications",
    "recommendation", "data-lake", "wms", "crm", "erp", "payroll", "ci", "monitoring"
  };
  private static final String[] KINDS = {
    "api-key", "password", "certificate", "ssh-key", "signing-key", "access-key", "other"
  };
  private static final double[] KIND_WEIGHTS = {35, 30, 10, 10, 5, 5, 5};

  static SecretInventory generate(SplittableRandom random, Roster roster, RetailerSizes sizes) {
    List<Person> pool = new ArrayList<>();
    for (Person p : roster.people()) {
      if (p.active()
          && p.department().technical()
          && p.index() != roster.keyLead()
          && p.hireDate().isBefore(KeyLeaverStory.AS_OF.minusDays(60))) {
        pool.add(p);
      }
    }
    AccountPlan.shuffle(pool, random);
    List<Person> users = List.copyOf(pool.subList(0, Math.min(sizes.vaultHumans(), pool.size())));
    Person lead = roster.people().get(roster.keyLead());

    List<Secret> secrets = new ArrayList<>();
    LocalDate created = KeyLeaverStory.KEY_CREATED;
    // one row per key, naming every place its material lives (FORMATS.md §1.3): the Vault transit
    // key and the kid its issuer publishes
    secrets.add(
        new Secret(
            KeyLeaverStory.SECRET_ID,
            "signing-key",
            "gateway",
            KeyLeaverStory.LOCATION + ";" + KeyLeaverStory.JWKS_LOCATION,
            created,
            created,
            KeyLeaverStory.KEY_MAX_AGE,
            List.of(lead.employeeId())));
    LocalDate partnerRotated = LocalDate.of(2025, 9, 1);
    Person partnerCustodian = users.get(0);
    secrets.add(
        new Secret(
            "partner-token-signer",
            "signing-key",
            "partner-api",
            "transit/keys/partner-signer;jwks:" + PARTNER_ISSUER + "#" + PARTNER_KID,
            LocalDate.of(2023, 3, 14),
            partnerRotated,
            "90d",
            List.of(partnerCustodian.employeeId())));

    for (int i = 0; i < sizes.secrets(); i++) {
      String system = SYSTEMS[random.nextInt(SYSTEMS.length)];
      String kind = KINDS[dev.haechi.demo.output.SeededStreams.weighted(random, KIND_WEIGHTS)];
      String name = system + "-" + kind + "-" + (i + 1);
      String location =
          switch (kind) {
            case "signing-key" -> "transit/keys/" + system + "-signer-" + (i + 1);
            case "certificate" -> "secret/data/tls/" + system + "-" + (i + 1);
            case "ssh-key" -> "secret/data/ssh/" + system + "-deploy-" + (i + 1);
            case "access-key" -> "secret/data/aws/" + system + "-" + (i + 1);
            case "password" -> "secret/data/" + system + "/db-" + (i + 1);
            default -> "secret/data/" + system + "/" + kind + "-" + (i + 1);
          };
      String maxAge =
          random.nextBoolean()
              ? ""
              : switch (kind) {
                case "certificate" -> "365d";
                case "ssh-key", "signing-key", "other" -> "180d";
                default -> "90d";
              };
      LocalDate made = KeyLeaverStory.AS_OF.minusDays(30 + random.nextInt(2400));
      Secret draft = new Secret(name, kind, system, location, made, made, maxAge, List.of());
      LocalDate rotated =
          KeyLeaverStory.AS_OF.minusDays(1 + random.nextInt(draft.maxAgeDays() - 10));
      if (rotated.isBefore(made)) {
        rotated = made;
      }
      List<String> custodians = new ArrayList<>();
      custodians.add(users.get(random.nextInt(users.size())).employeeId());
      String second = users.get(random.nextInt(users.size())).employeeId();
      if (random.nextBoolean() && !custodians.contains(second)) {
        custodians.add(second);
      }
      secrets.add(new Secret(name, kind, system, location, made, rotated, maxAge, custodians));
    }
    return new SecretInventory(List.copyOf(secrets), users);
  }

  void write(OutputFolder folder) throws IOException {
    try (Writer out = folder.open("secrets.csv")) {
      CsvRow.write(out, HEADER);
      for (Secret s : secrets) {
        CsvRow.write(
            out,
            s.secretId(),
            s.kind(),
            s.system(),
            s.location(),
            s.created().toString(),
            s.lastRotated().toString(),
            s.maxAge(),
            String.join(";", s.custodians()));
      }
    }
  }
}
