package dev.haechi.identity.readers;

import dev.haechi.core.InputException;
import dev.haechi.identity.model.Account;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the accounts of one directory from an LDIF export (FORMATS.md §1.2). What an entry means
 * (account or not, disabled, privileged, groups, times) is decided by {@link DirectoryMapping}, the
 * same mapping the live LDAP connector uses, so a directory read live and its export give the same
 * accounts. Evidence points at each entry's {@code dn:} line. Malformed LDIF, unreadable values and
 * nested-group cycles are refused with the file and line, and nothing is returned.
 */
public final class LdifAccountReader {
  private LdifAccountReader() {}

  public static List<Account> read(Path file, String source, String system) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, source, system);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @throws InputException naming the line of malformed LDIF, an unreadable attribute value or a
   *     nested-group cycle; nothing is returned then
   */
  public static List<Account> read(Reader in, String source, String system) {
    LdifRecords records =
        new LdifRecords(
            in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16), source);
    DirectoryMapping mapping =
        new DirectoryMapping(
            source, system, (e, reason) -> new InputException(source, e.line(), reason));
    Map<String, Long> seen = new HashMap<>();
    DirectoryMapping.Entry entry;
    while ((entry = records.next()) != null) {
      DirectoryMapping.Kind kind = DirectoryMapping.kind(entry);
      if (kind == DirectoryMapping.Kind.ACCOUNT || kind == DirectoryMapping.Kind.GROUP) {
        Long first = seen.putIfAbsent(DirectoryMapping.normalise(entry.dn()), entry.line());
        if (first != null) {
          throw new InputException(
              source, entry.line(), "dn " + entry.dn() + " already appears on line " + first);
        }
      }
      mapping.add(entry);
    }
    return mapping.finish();
  }
}
