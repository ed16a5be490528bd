package dev.haechi.connectors.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import dev.haechi.connectors.ConnectorException;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.readers.DirectoryMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns entries of a live directory into {@link Account}s through {@link DirectoryMapping}, the one
 * mapping the identity module's {@code LdifAccountReader} also uses, so that findings do not depend
 * on whether a directory was read live or from a file. Only the account source reference differs: a
 * live entry has no line, so it is {@code (source, 0)}, and errors name the entry's DN.
 *
 * <p>Nested groups and password policies are resolved from the entries given: the search must
 * return the group and {@code pwdPolicy} entries too ({@link LdapSearch#DEFAULT_FILTER} does).
 */
public final class LdapEntryMapping {

  /** The attributes the mapping reads; a search needs no others. */
  public static final String[] ATTRIBUTES = DirectoryMapping.ATTRIBUTES;

  private LdapEntryMapping() {}

  /**
   * The accounts among {@code entries}, in order.
   *
   * @throws ConnectorException naming {@code source} and the entry when a value cannot be read
   */
  public static List<Account> accounts(
      List<? extends Entry> entries, String source, String system) {
    List<DirectoryMapping.Entry> mapped = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      rejectRangedValues(e, source);
      mapped.add(Values.of(e));
    }
    return DirectoryMapping.accounts(
        mapped,
        source,
        system,
        (e, reason) -> new ConnectorException(source, "entry " + e.dn() + ": " + reason));
  }

  /**
   * Active Directory returns large multi-valued attributes (a {@code memberOf} of more than 1,500
   * groups) in ranges, {@code memberOf;range=0-1499}, the rest to be fetched by further searches
   * (MS-ADTS §3.1.1.3.1.3.3). This mapping does not fetch them, so such an entry would be read in
   * part: it is refused instead.
   */
  private static void rejectRangedValues(Entry e, String source) {
    for (Attribute a : e.getAttributes()) {
      for (String option : a.getOptions()) {
        String o = option.toLowerCase(Locale.ROOT);
        if (o.startsWith("range=") && !o.endsWith("-*")) {
          throw new ConnectorException(
              source,
              "entry "
                  + e.getDN()
                  + ": "
                  + a.getName()
                  + " was returned in part (range retrieval), which is not supported; nothing"
                  + " was read");
        }
      }
    }
  }

  /** An entry's values by lower-case attribute name without options, in the server's order. */
  private static final class Values {
    private Values() {}

    static DirectoryMapping.Entry of(Entry e) {
      Map<String, List<String>> m = new LinkedHashMap<>();
      for (Attribute a : e.getAttributes()) {
        String name = a.getBaseName().toLowerCase(Locale.ROOT);
        List<String> list = m.computeIfAbsent(name, k -> new ArrayList<>(1));
        for (String value : a.getValues()) {
          list.add(value);
        }
      }
      return new DirectoryMapping.Entry(e.getDN(), 0, m);
    }
  }
}
