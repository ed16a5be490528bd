package dev.haechi.connectors.ldap;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import dev.haechi.connectors.ConnectorException;
import java.util.Objects;

/**
 * Which entries of a directory are accounts: a base DN searched with subtree scope, a filter (RFC
 * 4515), and the page size of the simple paged results control (RFC 2696) used to read directories
 * larger than the server's size limit.
 */
public record LdapSearch(String baseDn, String filter, int pageSize) {

  /**
   * Persons, users, POSIX accounts and anything with a {@code uid} or {@code sAMAccountName} (the
   * entries the LDIF reader treats as accounts; computers and contacts are left out when mapping),
   * and the groups and password policies the mapping needs to resolve nested membership and
   * temporary lockouts.
   */
  public static final String DEFAULT_FILTER =
      "(|(objectClass=person)(objectClass=posixAccount)(uid=*)(sAMAccountName=*)"
          + "(objectClass=group)(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)"
          + "(objectClass=pwdPolicy))";

  public static final int DEFAULT_PAGE_SIZE = 500;

  public LdapSearch {
    Objects.requireNonNull(baseDn, "baseDn");
    filter = filter == null || filter.isBlank() ? DEFAULT_FILTER : filter;
    pageSize = pageSize <= 0 ? DEFAULT_PAGE_SIZE : pageSize;
    try {
      Filter.create(filter);
    } catch (LDAPException e) {
      throw new ConnectorException(filter, "not an LDAP filter (RFC 4515): " + e.getMessage(), e);
    }
  }

  /** The filter, parsed. */
  public Filter parsedFilter() {
    try {
      return Filter.create(filter);
    } catch (LDAPException e) {
      throw new IllegalStateException("filter was checked when this search was made", e);
    }
  }

  /** The default filter and page size under {@code baseDn}. */
  public static LdapSearch under(String baseDn) {
    return new LdapSearch(baseDn, null, 0);
  }

  public LdapSearch withFilter(String newFilter) {
    return new LdapSearch(baseDn, newFilter, pageSize);
  }

  public LdapSearch withPageSize(int newPageSize) {
    return new LdapSearch(baseDn, filter, newPageSize);
  }
}
