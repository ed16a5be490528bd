package dev.haechi.app.cli;

import dev.haechi.core.InputException;
import dev.haechi.identity.IdentityReconciler;
import dev.haechi.identity.ReconcileOptions;
import dev.haechi.identity.ReconcileResult;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.readers.IdentityDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code haechi identity}: Leaver Guard from the command line. */
@Command(
    name = "identity",
    mixinStandardHelpOptions = true,
    description = "Leaver Guard: people, accounts, secrets and who held each.",
    subcommands = {IdentityCommand.Reconcile.class})
public class IdentityCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required (see 'haechi identity --help')");
  }

  /** Reconciles an identity directory and prints the findings. */
  @Command(
      name = "reconcile",
      mixinStandardHelpOptions = true,
      description = {
        "Reconcile people, accounts and secrets of an identity directory (FORMATS.md §1.4) and",
        "print the findings: leavers' enabled accounts, orphans, dormant and ownerless privileged",
        "accounts, secrets whose custodian left, overdue rotations."
      })
  public static class Reconcile implements Callable<Integer> {
    @Option(
        names = "--dir",
        paramLabel = "DIR",
        description = "Identity directory: hr.csv, accounts/, secrets.csv, vault-audit.log, jwks/.")
    Path dir;

    @Option(names = "--hr", paramLabel = "FILE", description = "HR roster (CSV or SCIM JSON).")
    Path hr;

    @Option(
        names = "--accounts",
        paramLabel = "SYSTEM=SOURCE",
        description = {
          "Accounts of one system (repeatable): a file (.csv, .ldif, .json, .aws.csv) or a live",
          "source, e.g. ldaps://dc1/DC=corp,DC=example;bind-dn=...;password-env=AD_PW or",
          "scim+https://idp/scim/v2;token-env=IDP_TOKEN (secrets only from the environment)."
        })
    List<String> accounts = new ArrayList<>();

    @Option(names = "--secrets", paramLabel = "FILE", description = "Secrets inventory CSV.")
    Path secrets;

    @Option(names = "--vault-audit", paramLabel = "FILE", description = "Vault audit log.")
    Path vaultAudit;

    @Option(
        names = "--as-of",
        paramLabel = "DATE",
        description = "Compute findings as of this date, e.g. 2025-01-01 (default: today).")
    String asOf;

    @Option(
        names = "--own-domain",
        paramLabel = "DOMAIN",
        description =
            "The organisation's own mail domain (repeatable): an e-mail address matches a"
                + " username by its local part only within these (default: any domain).")
    List<String> ownDomains = new ArrayList<>();

    @picocli.CommandLine.Mixin ReportOptions report;

    @Override
    public Integer call() {
      if ((dir == null) == (hr == null)) {
        throw new IllegalArgumentException(
            "give either --dir DIR or --hr FILE with --accounts SYSTEM=SOURCE...");
      }
      if (dir != null && !Files.isDirectory(dir)) {
        throw new InputException(dir.toString(), 0, "not a directory (--dir)");
      }
      if (dir != null && (!accounts.isEmpty() || secrets != null || vaultAudit != null)) {
        throw new IllegalArgumentException(
            "--dir reads accounts, secrets and the Vault log from the directory; do not combine it"
                + " with --accounts, --secrets or --vault-audit");
      }
      LocalDate date = parseDate(asOf);
      long t0 = System.nanoTime();
      progress(
          "reading " + (dir != null ? dir : hr + " and " + accounts.size() + " account sources"));
      IdentitySnapshot snapshot =
          dir != null
              ? IdentityDirectory.read(dir)
              : IdentityInputs.read(
                  hr,
                  accounts,
                  secrets,
                  vaultAudit,
                  dev.haechi.connectors.SecretEnvironment.system());
      for (String warning : snapshot.warnings()) {
        System.err.println("haechi: warning: " + warning);
      }
      progress(String.format("read in %.1f s; reconciling as of %s", secs(t0), date));
      ReconcileResult result =
          IdentityReconciler.reconcile(
              snapshot,
              ReconcileOptions.asOf(date).withOwnDomains(java.util.Set.copyOf(ownDomains)));
      progress(String.format("done in %.1f s", secs(t0)));
      java.util.List<java.util.Map<String, Object>> cases = new ArrayList<>();
      for (var c : result.cases()) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("account", c.accountKey());
        m.put("system", c.system());
        m.put("accountId", c.accountId());
        m.put("rule", c.rule());
        m.put("candidates", c.candidates());
        cases.add(m);
      }
      FindingReport.print(
          System.out,
          report.format(),
          result.findings(),
          result.summary(),
          java.util.Map.of("cases", cases));
      if (report.format() != OutputFormat.json && !cases.isEmpty()) {
        System.out.println(cases.size() + " accounts await a correlation decision:");
        for (var c : result.cases()) {
          System.out.println(
              "  "
                  + c.accountKey()
                  + " by "
                  + c.rule()
                  + ": candidates "
                  + String.join(", ", c.candidates()));
        }
      }
      return FindingReport.exitCode(result.summary().findingsBySeverity(), report.failOn);
    }
  }

  static LocalDate parseDate(String text) {
    if (text == null) {
      return LocalDate.now();
    }
    try {
      return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--as-of: '" + text + "' is not a date (expected e.g. 2025-01-01)");
    }
  }

  static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Progress on stderr, only when a person is watching. */
  static void progress(String message) {
    if (System.console() != null) {
      System.err.println("haechi: " + message);
    }
  }
}
