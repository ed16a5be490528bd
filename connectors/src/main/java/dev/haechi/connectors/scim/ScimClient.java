package dev.haechi.connectors.scim;

import dev.haechi.connectors.ConnectorException;
import dev.haechi.connectors.SecretEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP exchanges of RFC 7644 that the connectors use, with one rule for failures: anything but
 * a 2xx answer with a JSON body (or 204) becomes a {@link ConnectorException} naming the URL (never
 * the token) and the reason, using the provider's SCIM error {@code detail} when it sends one (RFC
 * 7644 §3.12).
 */
final class ScimClient {
  static final String MEDIA_TYPE = "application/scim+json";
  static final ObjectMapper JSON = JsonMapper.builder().build();

  private final ScimEndpoint endpoint;
  private final SecretEnvironment env;
  private final HttpClient http;

  ScimClient(ScimEndpoint endpoint, SecretEnvironment env) {
    this.endpoint = endpoint;
    this.env = env;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(endpoint.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  ScimEndpoint endpoint() {
    return endpoint;
  }

  /** GET; the JSON body, or null for 404 when {@code missingIsNull}. */
  JsonNode get(URI uri, boolean missingIsNull) {
    HttpResponse<String> r = send(request(uri).GET().build(), uri);
    if (missingIsNull && r.statusCode() == 404) {
      return null;
    }
    return body(r, uri);
  }

  /** PATCH with a PatchOp body; the JSON body, or null for 204 No Content. */
  JsonNode patch(URI uri, JsonNode patchOp) {
    HttpRequest req =
        request(uri)
            .header("Content-Type", MEDIA_TYPE)
            .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(patchOp)))
            .build();
    HttpResponse<String> r = send(req, uri);
    if (r.statusCode() == 204) {
      return null;
    }
    return body(r, uri);
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpRequest.Builder request(URI uri) {
    String token = env.require(endpoint.tokenEnv(), endpoint.describe());
    return HttpRequest.newBuilder(uri)
        .timeout(endpoint.timeout())
        .header("Accept", MEDIA_TYPE + ", application/json")
        .header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> send(HttpRequest request, URI uri) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new ConnectorException(uri.toString(), "no answer within " + endpoint.timeout(), e);
    } catch (IOException e) {
      throw new ConnectorException(
          uri.toString(), "cannot reach the service provider: " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException(uri.toString(), "interrupted", e);
    }
  }

  private static JsonNode body(HttpResponse<String> r, URI uri) {
    int status = r.statusCode();
    if (status < 200 || status > 299) {
      throw new ConnectorException(uri.toString(), "HTTP " + status + errorDetail(r.body()));
    }
    try {
      JsonNode node = JSON.readTree(r.body());
      if (node == null || !node.isObject()) {
        throw new ConnectorException(
            uri.toString(), "HTTP " + status + " body is not a JSON object");
      }
      return node;
    } catch (JacksonException e) {
      throw new ConnectorException(
          uri.toString(),
          "HTTP "
              + status
              + " body is not JSON: "
              + dev.haechi.core.JsonErrors.plain(e.getOriginalMessage()),
          e);
    }
  }

  private static String errorDetail(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode n = JSON.readTree(body);
      JsonNode detail = n == null ? null : n.get("detail");
      if (detail != null && detail.isString()) {
        JsonNode type = n.get("scimType");
        return ": "
            + detail.stringValue()
            + (type != null && type.isString() ? " (" + type.stringValue() + ")" : "");
      }
    } catch (JacksonException e) {
      // not a SCIM error document; fall through
    }
    return "";
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
