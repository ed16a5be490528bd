package dev.haechi.identity.readers;

import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.SourceRef;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the generic account CSV of FORMATS.md §1.2: {@code
 * account_id,username,email,employee_id,enabled,privileged,last_login,created}. Only {@code
 * account_id} is required. An empty {@code enabled} means enabled (the safe reading for a leaver
 * check); an empty {@code privileged} means not privileged. An optional {@code groups} column holds
 * {@code ;}-separated group names; other columns are kept as attributes.
 */
public final class AccountCsvReader {
  static final Set<String> KNOWN =
      Set.of(
          "account_id",
          "username",
          "email",
          "employee_id",
          "enabled",
          "privileged",
          "last_login",
          "created",
          "groups");

  private AccountCsvReader() {}

  /**
   * Reads an export from disk: from its bytes ({@link AccountCsvBytes}) when it has no quoted field
   * and is valid UTF-8, as nearly every export is, else with the reference reader; both give the
   * same accounts and the same errors.
   */
  public static List<Account> read(Path file, String source, String system) {
    try {
      if (Files.size(file) < Integer.MAX_VALUE - 16) {
        List<Account> fast = AccountCsvBytes.read(Files.readAllBytes(file), source, system);
        if (fast != null) {
          return fast;
        }
      }
      return readReference(file, source, system);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The reference reading of a file: {@link #read(Reader, String, String)} on its text. */
  public static List<Account> readReference(Path file, String source, String system) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, source, system);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @throws dev.haechi.core.InputException naming the line of a bad or duplicate row
   */
  public static List<Account> read(Reader in, String source, String system) {
    CsvTable t = new CsvTable(in, source, List.of("account_id"));
    boolean loginsTracked = t.has("last_login");
    List<Account> out = new ArrayList<>();
    Map<String, Long> seen = new HashMap<>();
    while (t.next()) {
      String id = t.get("account_id");
      if (id == null) {
        throw t.error("account_id is empty");
      }
      Long first = seen.putIfAbsent(id, t.line());
      if (first != null) {
        throw t.error("account_id " + id + " already appears on line " + first);
      }
      String groups = t.get("groups");
      out.add(
          new Account(
              system,
              id,
              t.get("username"),
              t.get("email"),
              t.get("employee_id"),
              bool(t, "enabled", true),
              bool(t, "privileged", false),
              instant(t, "last_login"),
              loginsTracked,
              instant(t, "created"),
              null,
              groups == null ? List.of() : splitGroups(groups),
              t.extras(KNOWN),
              new SourceRef(source, t.line())));
    }
    return out;
  }

  static List<String> splitGroups(String groups) {
    List<String> out = new ArrayList<>();
    for (String g : groups.split(";")) {
      if (!g.isBlank()) {
        out.add(g.trim());
      }
    }
    return out;
  }

  private static boolean bool(CsvTable t, String column, boolean empty) {
    String v = t.get(column);
    if (v == null) {
      return empty;
    }
    Boolean b = Values.bool(v);
    if (b == null) {
      throw t.error(column + " '" + v + "' is not true or false");
    }
    return b;
  }

  static Instant instant(CsvTable t, String column) {
    String v = t.get(column);
    if (v == null) {
      return null;
    }
    Instant i = Values.instant(v);
    if (i == null) {
      throw t.error(column + " '" + v + "' is not an ISO-8601 date or date-time");
    }
    return i;
  }
}
