package dev.haechi.identity.readers;

import dev.haechi.core.InputException;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.model.JwksKey;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.Secret;
import dev.haechi.identity.model.VaultAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads an identity directory laid out as FORMATS.md §1.4 describes:
 *
 * <pre>
 * hr.csv | hr.json            the roster (exactly one of them)
 * accounts/SYSTEM.csv         generic accounts; SYSTEM.ldif; SYSTEM.json (SCIM ListResponse);
 * accounts/SYSTEM.aws.csv     AWS IAM credential report (its access keys become secrets)
 * secrets.csv                 optional inventory
 * vault-audit.log             optional; only requests on inventory locations are kept
 * jwks/ISSUER.json            optional JWK Sets
 * </pre>
 *
 * Files are named in errors and evidence by their path relative to the directory ({@code
 * accounts/ad.ldif:120}). Every file is read and checked before the snapshot is returned; one bad
 * file fails the whole read. Hidden files (starting with {@code .}) are ignored; any other file in
 * {@code accounts/} with an unknown extension is an error, so that a misnamed export is not
 * silently left out.
 */
public final class IdentityDirectory {
  private IdentityDirectory() {}

  public static IdentitySnapshot read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new InputException(dir.toString(), 0, "not a directory");
    }
    List<Person> people = roster(dir);
    List<Account> accounts = new ArrayList<>();
    List<Secret> secrets = new ArrayList<>();
    Map<String, String> systems = new HashMap<>();
    for (Path f : list(dir.resolve("accounts"))) {
      String name = f.getFileName().toString();
      String lower = name.toLowerCase(Locale.ROOT);
      String source = "accounts/" + name;
      String system;
      if (lower.endsWith(".aws.csv")) {
        system = name.substring(0, name.length() - ".aws.csv".length());
      } else if (lower.endsWith(".csv") || lower.endsWith(".json")) {
        system = name.substring(0, name.lastIndexOf('.'));
      } else if (lower.endsWith(".ldif")) {
        system = name.substring(0, name.length() - ".ldif".length());
      } else {
        throw new InputException(
            source, 0, "unknown account file type (expected .csv, .ldif, .json or .aws.csv)");
      }
      String other = systems.putIfAbsent(system, source);
      if (other != null) {
        throw new InputException(source, 0, "system '" + system + "' is also read from " + other);
      }
      if (lower.endsWith(".aws.csv")) {
        AwsCredentialReportReader.Report r = AwsCredentialReportReader.read(f, source, system);
        accounts.addAll(r.accounts());
        secrets.addAll(r.secrets());
      } else if (lower.endsWith(".csv")) {
        accounts.addAll(AccountCsvReader.read(f, source, system));
      } else if (lower.endsWith(".json")) {
        accounts.addAll(ScimAccountReader.read(f, source, system));
      } else {
        accounts.addAll(LdifAccountReader.read(f, source, system));
      }
    }
    Path inventory = dir.resolve("secrets.csv");
    if (Files.isRegularFile(inventory)) {
      secrets.addAll(0, SecretInventoryReader.read(inventory, "secrets.csv"));
    }
    List<VaultAccess> vault = List.of();
    long vaultLines = 0;
    Path log = dir.resolve("vault-audit.log");
    if (Files.isRegularFile(log)) {
      List<String> locations = secrets.stream().map(Secret::location).toList();
      VaultAuditLogReader.Result r = VaultAuditLogReader.read(log, "vault-audit.log", locations);
      vault = r.accesses();
      vaultLines = r.linesRead();
    }
    List<JwksKey> jwks = new ArrayList<>();
    for (Path f : list(dir.resolve("jwks"))) {
      String name = f.getFileName().toString();
      if (!name.toLowerCase(Locale.ROOT).endsWith(".json")) {
        throw new InputException("jwks/" + name, 0, "expected a .json JWK Set");
      }
      jwks.addAll(JwksReader.read(f, "jwks/" + name, name.substring(0, name.length() - 5)));
    }
    return new IdentitySnapshot(people, accounts, secrets, vault, jwks, vaultLines);
  }

  private static List<Person> roster(Path dir) {
    Path csv = dir.resolve("hr.csv");
    Path json = dir.resolve("hr.json");
    boolean hasCsv = Files.isRegularFile(csv);
    boolean hasJson = Files.isRegularFile(json);
    if (hasCsv && hasJson) {
      throw new InputException(dir.toString(), 0, "both hr.csv and hr.json: keep one roster");
    }
    if (hasCsv) {
      return HrCsvReader.read(csv, "hr.csv");
    }
    if (hasJson) {
      return ScimRosterReader.read(json, "hr.json");
    }
    throw new InputException(dir.toString(), 0, "no roster: expected hr.csv or hr.json");
  }

  /** Regular, non-hidden files of a folder, sorted by name; none when the folder is absent. */
  private static List<Path> list(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
