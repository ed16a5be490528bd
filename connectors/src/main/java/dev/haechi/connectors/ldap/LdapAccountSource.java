package dev.haechi.connectors.ldap;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import dev.haechi.connectors.AccountSource;
import dev.haechi.connectors.ConnectorException;
import dev.haechi.connectors.SecretEnvironment;
import dev.haechi.identity.model.Account;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads every account of a live directory (FORMATS.md §1.2), mapped as {@link LdapEntryMapping}
 * says, i.e. exactly as an LDIF export of the same entries would be read.
 *
 * <p>The whole result or nothing: a search that ends with anything but {@code success} (size or
 * time limit exceeded, administrative limit, server gone mid-way), or that returns continuation
 * references (part of the subtree lives on another server), throws a {@link ConnectorException}
 * naming the URL, base DN and reason, and discards what was read.
 *
 * <p>Design note: large directories are read in pages with the simple paged results control (RFC
 * 2696), sent as non-critical; a server that ignores it answers in one piece, which is still
 * complete unless it hits its size limit, and that is reported as an error, not truncated.
 */
public final class LdapAccountSource implements AccountSource {
  private final String system;
  private final LdapEndpoint endpoint;
  private final LdapSearch search;
  private final SecretEnvironment env;

  /**
   * @param system the name of the system the accounts belong to ({@code Account.system})
   */
  public LdapAccountSource(
      String system, LdapEndpoint endpoint, LdapSearch search, SecretEnvironment env) {
    this.system = Objects.requireNonNull(system, "system");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.search = Objects.requireNonNull(search, "search");
    this.env = Objects.requireNonNull(env, "env");
  }

  @Override
  public String describe() {
    return endpoint.describe() + "/" + search.baseDn();
  }

  @Override
  public List<Account> readAll() {
    return LdapEntryMapping.accounts(readEntries(), describe(), system);
  }

  /** Every entry the search finds, with the attributes the mapping reads. */
  List<SearchResultEntry> readEntries() {
    String where = describe();
    List<SearchResultEntry> entries = new ArrayList<>();
    try (LDAPConnection connection = endpoint.connect(env)) {
      ASN1OctetString cookie = null;
      int pages = 0;
      do {
        SearchRequest request =
            new SearchRequest(
                search.baseDn(),
                SearchScope.SUB,
                search.parsedFilter(),
                LdapEntryMapping.ATTRIBUTES);
        request.setSizeLimit(0);
        request.setTimeLimitSeconds((int) Math.max(1, endpoint.timeout().toSeconds()));
        request.setControls(new SimplePagedResultsControl(search.pageSize(), cookie, false));
        SearchResult result;
        try {
          result = connection.search(request);
        } catch (LDAPSearchException e) {
          throw new ConnectorException(
              where, partial(e, entries.size() + e.getEntryCount(), pages), e);
        }
        pages++;
        if (result.getResultCode() != ResultCode.SUCCESS) {
          throw new ConnectorException(
              where, "search ended with " + result.getResultCode() + "; nothing was read");
        }
        if (result.getReferenceCount() > 0) {
          throw new ConnectorException(
              where,
              "search returned "
                  + result.getReferenceCount()
                  + " continuation reference(s) to other servers (first: "
                  + String.join(" ", result.getSearchReferences().get(0).getReferralURLs())
                  + "); the result would be partial, so nothing"
                  + " was read: choose a base DN held by this server");
        }
        entries.addAll(result.getSearchEntries());
        SimplePagedResultsControl response;
        try {
          response = SimplePagedResultsControl.get(result);
        } catch (LDAPException e) {
          throw new ConnectorException(where, "unreadable paged results response", e);
        }
        cookie = response == null || !response.moreResultsToReturn() ? null : response.getCookie();
      } while (cookie != null);
    }
    return entries;
  }

  private static String partial(LDAPSearchException e, int entriesSeen, int pages) {
    ResultCode code = e.getResultCode();
    String what;
    if (code == ResultCode.SIZE_LIMIT_EXCEEDED) {
      what = "the server's size limit was reached";
    } else if (code == ResultCode.TIME_LIMIT_EXCEEDED) {
      what = "the time limit was reached";
    } else if (code == ResultCode.ADMIN_LIMIT_EXCEEDED) {
      what = "an administrative limit was reached";
    } else if (code == ResultCode.NO_SUCH_OBJECT) {
      return "base DN does not exist (" + code + ")";
    } else if (code == ResultCode.SERVER_DOWN
        || code == ResultCode.CONNECT_ERROR
        || code == ResultCode.TIMEOUT) {
      what = "the connection was lost (" + code + ")";
    } else {
      what = "the search failed (" + code + diagnostic(e) + ")";
    }
    return what
        + " after "
        + entriesSeen
        + " entries in "
        + (pages + 1)
        + " page(s); the result would be partial, so nothing was read";
  }

  private static String diagnostic(LDAPException e) {
    String d = e.getDiagnosticMessage();
    return d == null || d.isBlank() ? "" : ": " + d;
  }
}
