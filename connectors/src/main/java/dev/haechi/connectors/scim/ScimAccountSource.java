package dev.haechi.connectors.scim;

import dev.haechi.connectors.AccountSource;
import dev.haechi.connectors.ConnectorException;
import dev.haechi.connectors.SecretEnvironment;
import dev.haechi.identity.model.Account;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Lists every User of a SCIM 2.0 service provider (RFC 7644 §3.4.2), optionally narrowed by a
 * filter (§3.4.2.2, e.g. {@code userName eq "jkim"}), mapped as {@link ScimUserMapping} says.
 *
 * <p>The whole list or nothing. Pages are fetched with {@code startIndex} and {@code count}
 * (§3.4.2.4) until {@code totalResults} users have arrived. Any of these throws a {@link
 * ConnectorException} naming the URL and the reason, and returns nothing: an HTTP error, a dropped
 * connection, a body that is not a {@code ListResponse}, an empty page before {@code totalResults}
 * is reached, a {@code totalResults} that changes between pages, or a user that appears on two
 * pages (the list moved under the paging, so some other user may have been skipped).
 */
public final class ScimAccountSource implements AccountSource {
  public static final int DEFAULT_PAGE_SIZE = 100;

  private final String system;
  private final ScimClient client;
  private final String filter;
  private final int pageSize;

  /**
   * @param filter a SCIM filter, or null for all users
   * @param pageSize users asked for per page ({@code count}); 0 for the default, 100
   */
  public ScimAccountSource(
      String system, ScimEndpoint endpoint, String filter, int pageSize, SecretEnvironment env) {
    this.system = Objects.requireNonNull(system, "system");
    this.client = new ScimClient(Objects.requireNonNull(endpoint, "endpoint"), env);
    this.filter = filter == null || filter.isBlank() ? null : filter;
    this.pageSize = pageSize <= 0 ? DEFAULT_PAGE_SIZE : pageSize;
  }

  public ScimAccountSource(String system, ScimEndpoint endpoint, SecretEnvironment env) {
    this(system, endpoint, null, 0, env);
  }

  @Override
  public String describe() {
    return client.endpoint().describe();
  }

  @Override
  public List<Account> readAll() {
    String source = describe();
    List<JsonNode> users = new ArrayList<>();
    long total = -1;
    int start = 1;
    while (true) {
      URI page = page(start);
      JsonNode body = client.get(page, false);
      JsonNode t = body.get("totalResults");
      if (t == null || !t.isIntegralNumber() || t.longValue() < 0) {
        throw new ConnectorException(
            page.toString(), "not a SCIM ListResponse: no totalResults (RFC 7644 §3.4.2)");
      }
      if (total >= 0 && t.longValue() != total) {
        throw new ConnectorException(
            page.toString(),
            "totalResults changed from "
                + total
                + " to "
                + t.longValue()
                + " while paging; the list would be inconsistent, so nothing was read");
      }
      total = t.longValue();
      JsonNode resources = body.get("Resources");
      if (resources != null && !resources.isNull() && !resources.isArray()) {
        throw new ConnectorException(page.toString(), "'Resources' is not an array");
      }
      int n = resources == null || resources.isNull() ? 0 : resources.size();
      if (n == 0 && users.size() < total) {
        throw new ConnectorException(
            page.toString(),
            "empty page after "
                + users.size()
                + " of "
                + total
                + " users; the list would be partial, so nothing was read");
      }
      for (int i = 0; i < n; i++) {
        users.add(resources.get(i));
      }
      if (users.size() >= total) {
        break;
      }
      start += n;
    }
    if (users.size() > total) {
      throw new ConnectorException(
          source,
          "received "
              + users.size()
              + " users but totalResults is "
              + total
              + "; the list is inconsistent, so nothing was read");
    }
    return map(users, source);
  }

  private List<Account> map(List<JsonNode> users, String source) {
    List<Account> out = new ArrayList<>(users.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < users.size(); i++) {
      JsonNode u = users.get(i);
      if (!u.isObject()) {
        throw new ConnectorException(source, "user " + (i + 1) + " is not a JSON object");
      }
      if (!dev.haechi.identity.readers.ScimUsers.isUser(u)) {
        continue; // a Group (or another resource type) is never an account
      }
      Account a;
      try {
        a = ScimUserMapping.account(u, source, system);
      } catch (IllegalArgumentException e) {
        throw new ConnectorException(source, "user " + (i + 1) + ": " + e.getMessage(), e);
      }
      if (!seen.add(a.accountId())) {
        throw new ConnectorException(
            source,
            "user "
                + a.accountId()
                + " was listed twice; the list changed while paging and may have skipped users,"
                + " so nothing was read");
      }
      out.add(a);
    }
    return out;
  }

  private URI page(int start) {
    StringBuilder q = new StringBuilder();
    q.append("?startIndex=").append(start).append("&count=").append(pageSize);
    if (filter != null) {
      q.append("&filter=").append(ScimClient.encode(filter));
    }
    return URI.create(client.endpoint().users() + q.toString());
  }
}
