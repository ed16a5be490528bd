package dev.haechi.connectors.scim;

import dev.haechi.connectors.ConnectorException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a SCIM 2.0 service provider is (FORMATS.md §1.2): {@code scim+https://host/scim/v2}, or
 * {@code scim+http://…} for tests and private networks, and the name of the environment variable
 * holding the bearer token (RFC 7644 §2; RFC 6750). The URL is the provider's base: {@code /Users}
 * is appended to it. It must not carry user information, a query or a fragment, so that messages
 * can show it as is.
 */
public record ScimEndpoint(String url, String tokenEnv, Duration timeout) {

  public ScimEndpoint {
    Objects.requireNonNull(url, "url");
    timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    base(url);
  }

  /** An endpoint with the default timeout (30 s for connecting and for each response). */
  public static ScimEndpoint of(String url, String tokenEnv) {
    return new ScimEndpoint(url, tokenEnv, null);
  }

  /** The HTTP(S) base URL, without a trailing slash. */
  public URI base() {
    return base(url);
  }

  /** The base URL as messages show it. */
  public String describe() {
    return base().toString();
  }

  /** {@code base/Users}. */
  URI users() {
    return URI.create(describe() + "/Users");
  }

  private static URI base(String url) {
    String http;
    if (url.startsWith("scim+https://") || url.startsWith("scim+http://")) {
      http = url.substring("scim+".length());
    } else {
      throw new ConnectorException(url, "not a scim+https:// or scim+http:// URL");
    }
    while (http.endsWith("/")) {
      http = http.substring(0, http.length() - 1);
    }
    try {
      URI u = new URI(http);
      if (u.getHost() == null
          || u.getRawUserInfo() != null
          || u.getRawQuery() != null
          || u.getRawFragment() != null) {
        throw new ConnectorException(
            url, "a SCIM URL needs a host and no user information, query or fragment");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new ConnectorException(url, "not a URL: " + e.getMessage(), e);
    }
  }
}
