package dev.haechi.app.cli;

import dev.haechi.connectors.LiveSourceSpec;
import dev.haechi.connectors.SecretEnvironment;
import dev.haechi.core.InputException;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.Secret;
import dev.haechi.identity.model.VaultAccess;
import dev.haechi.identity.readers.HrCsvReader;
import dev.haechi.identity.readers.IdentityDirectory;
import dev.haechi.identity.readers.ScimRosterReader;
import dev.haechi.identity.readers.SecretInventoryReader;
import dev.haechi.identity.readers.VaultAuditLogReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds an identity snapshot from files and live sources named one by one ({@code --hr}, {@code
 * --accounts SYSTEM=SOURCE}, {@code --secrets}, {@code --vault-audit}), reading each the same way
 * {@code IdentityDirectory} does. A live source ({@code ldap://}, {@code ldaps://}, {@code
 * scim+https://}) is read whole or fails the run: nothing is reconciled from partial data.
 */
final class IdentityInputs {
  private IdentityInputs() {}

  static IdentitySnapshot read(
      Path hr, List<String> accounts, Path secretsFile, Path vaultLog, SecretEnvironment env) {
    List<Person> people =
        hr.toString().toLowerCase(Locale.ROOT).endsWith(".json")
            ? ScimRosterReader.read(existing(hr, "--hr"), hr.toString())
            : HrCsvReader.read(existing(hr, "--hr"), hr.toString());
    List<Account> all = new ArrayList<>();
    List<Secret> secrets = new ArrayList<>();
    Set<String> systems = new HashSet<>();
    for (String spec : accounts) {
      int eq = spec.indexOf('=');
      if (eq <= 0 || eq == spec.length() - 1) {
        throw new IllegalArgumentException(
            "--accounts: expected SYSTEM=SOURCE (a file or an ldap://, ldaps://, scim+https://"
                + " URL), got '"
                + spec
                + "'");
      }
      String system = spec.substring(0, eq).trim();
      String source = spec.substring(eq + 1).trim();
      if (!systems.add(system)) {
        throw new IllegalArgumentException("--accounts: system '" + system + "' named twice");
      }
      if (LiveSourceSpec.isLive(source)) {
        all.addAll(LiveSourceSpec.parse(system, source).accountSource(env).readAll());
        continue;
      }
      var read =
          IdentityDirectory.AccountFile.read(
              existing(Path.of(source), "--accounts " + system), source, system);
      all.addAll(read.accounts());
      secrets.addAll(read.secrets());
    }
    if (secretsFile != null) {
      secrets.addAll(
          0,
          SecretInventoryReader.read(existing(secretsFile, "--secrets"), secretsFile.toString()));
    }
    List<VaultAccess> vault = List.of();
    long lines = 0;
    if (vaultLog != null) {
      var r =
          VaultAuditLogReader.read(
              existing(vaultLog, "--vault-audit"),
              vaultLog.toString(),
              secrets.stream().map(Secret::location).toList());
      vault = r.accesses();
      lines = r.linesRead();
    }
    return new IdentitySnapshot(people, all, secrets, vault, List.of(), lines);
  }

  private static Path existing(Path p, String option) {
    if (!Files.isRegularFile(p)) {
      throw new InputException(p.toString(), 0, "no such file (" + option + ")");
    }
    return p;
  }
}
