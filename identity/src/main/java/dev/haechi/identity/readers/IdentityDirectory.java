package dev.haechi.identity.readers;

import dev.haechi.core.InputException;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.AccountTable;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.model.JwksKey;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * file fails the whole read (when several are bad, the error reported is the roster's, else the
 * first bad account file's by name, else a JWKS's, else the Vault log's). Files are read in
 * parallel, one task per file on as many threads as there are processors; the Vault log, usually by
 * far the largest, is cut into slices of about 64 MB read as tasks of their own ({@link
 * VaultAuditLogReader#parts}), queued after the roster and the account files (they need the
 * inventory's locations, which this thread reads meanwhile) and joined here in order as they come
 * in ({@link VaultAuditLogReader.Joiner}). Hidden files (starting with {@code .}) are ignored; any
 * other file in {@code accounts/} with an unknown extension is an error, so that a misnamed export
 * is not silently left out.
 */
public final class IdentityDirectory {
  private IdentityDirectory() {}

  public static IdentitySnapshot read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new InputException(dir.toString(), 0, "not a directory");
    }
    Path inventory = dir.resolve("secrets.csv");
    Path log = dir.resolve("vault-audit.log");
    boolean hasLog = Files.isRegularFile(log);
    Callable<List<Person>> rosterTask = () -> roster(dir);
    List<Callable<AccountFile>> accountTasks = new ArrayList<>();
    List<Callable<List<JwksKey>>> jwksTasks = new ArrayList<>();
    // A misnamed file is reported after the inventory is read, as when the inventory came first.
    InputException listingError = null;
    try {
      Map<String, String> systems = new HashMap<>();
      for (Path f : list(dir.resolve("accounts"))) {
        accountTasks.add(accountTask(f, systems));
      }
      for (Path f : list(dir.resolve("jwks"))) {
        String name = f.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".json")) {
          throw new InputException("jwks/" + name, 0, "expected a .json JWK Set");
        }
        jwksTasks.add(
            () -> JwksReader.read(f, "jwks/" + name, name.substring(0, name.length() - 5)));
      }
    } catch (InputException e) {
      listingError = e;
    }
    if (listingError != null) {
      if (Files.isRegularFile(inventory)) {
        SecretInventoryReader.read(inventory, "secrets.csv");
      }
      throw listingError;
    }

    int vaultSlices = hasLog ? vaultParts(log) : 0;
    int tasks = vaultSlices + 1 + accountTasks.size() + jwksTasks.size();
    int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), tasks));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "identity-directory-reader");
              t.setDaemon(true);
              return t;
            });
    try {
      // The roster and the account files need nothing else: they are read while this thread reads
      // the inventory, whose locations the Vault slices need; the slices are queued after them.
      Future<List<Person>> roster = pool.submit(rosterTask);
      List<Future<AccountFile>> accountFiles = new ArrayList<>();
      for (Callable<AccountFile> t : accountTasks) {
        accountFiles.add(pool.submit(t));
      }
      List<Future<List<JwksKey>>> jwksFiles = new ArrayList<>();
      for (Callable<List<JwksKey>> t : jwksTasks) {
        jwksFiles.add(pool.submit(t));
      }
      List<Secret> inventorySecrets =
          Files.isRegularFile(inventory)
              ? SecretInventoryReader.read(inventory, "secrets.csv")
              : List.of();
      List<Future<VaultAuditLogReader.Part>> vaultParts = new ArrayList<>();
      if (hasLog) {
        for (Callable<VaultAuditLogReader.Part> t :
            VaultAuditLogReader.parts(
                log,
                "vault-audit.log",
                inventorySecrets.stream().map(Secret::location).toList(),
                vaultSlices)) {
          vaultParts.add(pool.submit(t));
        }
      }
      // Slices are joined here in log order as they come in, while later ones are still read; a
      // bad Vault line is reported only after the other files (their errors come first).
      VaultAuditLogReader.Joiner joiner = new VaultAuditLogReader.Joiner("vault-audit.log");
      for (int k = 0; k < vaultParts.size(); k++) {
        joiner.add(get(vaultParts.get(k)));
        // the slice's requests are joined: let them go now, not when the whole read ends
        vaultParts.set(k, null);
      }
      List<Person> people = get(roster);
      List<List<Account>> accountParts = new ArrayList<>();
      List<Secret> secrets = new ArrayList<>(inventorySecrets);
      for (Future<AccountFile> f : accountFiles) {
        AccountFile a = get(f);
        accountParts.add(a.accounts());
        secrets.addAll(a.secrets());
      }
      List<JwksKey> jwks = new ArrayList<>();
      for (Future<List<JwksKey>> f : jwksFiles) {
        jwks.addAll(get(f));
      }
      VaultAuditLogReader.Result v = joiner.result();
      // Columnar exports stay columns (AccountTable): no account object is made here.
      return new IdentitySnapshot(
          people, AccountTable.concat(accountParts), secrets, v.accesses(), jwks, v.linesRead());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Slices of about 64 MB, so that the log's reading spreads evenly over the threads. */
  private static int vaultParts(Path log) {
    try {
      return (int) Math.min(256, Math.max(1, Files.size(log) >> 26));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What one account export holds: its accounts, and for an AWS credential report also its access
   * keys as secrets.
   */
  public record AccountFile(List<Account> accounts, List<Secret> secrets) {

    /**
     * Reads one account export by its extension: {@code .aws.csv} (AWS IAM credential report),
     * {@code .csv} (generic), {@code .json} (SCIM ListResponse) or {@code .ldif}.
     *
     * @param source the name errors and evidence use for the file
     * @throws InputException on an unknown extension or a bad row
     */
    public static AccountFile read(Path f, String source, String system) {
      String lower = f.getFileName().toString().toLowerCase(Locale.ROOT);
      if (lower.endsWith(".aws.csv")) {
        AwsCredentialReportReader.Report r = AwsCredentialReportReader.read(f, source, system);
        return new AccountFile(r.accounts(), r.secrets());
      }
      if (lower.endsWith(".csv")) {
        return new AccountFile(AccountCsvReader.read(f, source, system), List.of());
      }
      if (lower.endsWith(".json")) {
        return new AccountFile(ScimAccountReader.read(f, source, system), List.of());
      }
      if (lower.endsWith(".ldif")) {
        return new AccountFile(LdifAccountReader.read(f, source, system), List.of());
      }
      throw new InputException(
          source, 0, "unknown account file type (expected .csv, .ldif, .json or .aws.csv)");
    }
  }

  private static Callable<AccountFile> accountTask(Path f, Map<String, String> systems) {
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
    return () -> AccountFile.read(f, source, system);
  }

  /** The task's result, or its own exception (an InputException stays one). */
  private static <T> T get(Future<T> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading an identity directory", e);
    }
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
