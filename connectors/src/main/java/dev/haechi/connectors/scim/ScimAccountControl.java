package dev.haechi.connectors.scim;

import dev.haechi.connectors.AccountControl;
import dev.haechi.connectors.AccountStateChange;
import dev.haechi.connectors.AccountStateChange.Action;
import dev.haechi.connectors.ConnectorException;
import dev.haechi.connectors.SecretEnvironment;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Disables and re-enables a SCIM 2.0 User by setting {@code active} with a PATCH (RFC 7644 §3.5.2,
 * {@code urn:ietf:params:scim:api:messages:2.0:PatchOp}, operation {@code replace}, path {@code
 * active}). The user is read first, so asking for the state it is already in sends nothing and is
 * reported as unchanged; when the provider returns the user after the PATCH, its {@code active}
 * must be the asked value, or the change is reported as failed.
 */
public final class ScimAccountControl implements AccountControl {
  static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
  private static final String MECHANISM = "active";

  private final ScimClient client;
  private final Clock clock;

  public ScimAccountControl(ScimEndpoint endpoint, SecretEnvironment env, Clock clock) {
    this.client = new ScimClient(Objects.requireNonNull(endpoint, "endpoint"), env);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public ScimAccountControl(ScimEndpoint endpoint, SecretEnvironment env) {
    this(endpoint, env, Clock.systemUTC());
  }

  @Override
  public AccountStateChange disable(String id) {
    return set(id, Action.DISABLE, false);
  }

  @Override
  public AccountStateChange preview(String id, Action action) {
    return set(id, action, true);
  }

  @Override
  public AccountStateChange enable(String id) {
    return set(id, Action.ENABLE, false);
  }

  private AccountStateChange set(String id, Action action, boolean dryRun) {
    Objects.requireNonNull(id, "id");
    URI user = URI.create(client.endpoint().users() + "/" + ScimClient.encode(id));
    JsonNode current = client.get(user, true);
    if (current == null) {
      throw new ConnectorException(user.toString(), "no such user (HTTP 404)");
    }
    boolean want = action == Action.ENABLE;
    boolean before = active(current, user);
    String target = client.endpoint().describe();
    if (before == want) {
      String v = Boolean.toString(before);
      return new AccountStateChange(target, id, action, MECHANISM, v, v, false, clock.instant());
    }
    if (dryRun) {
      return new AccountStateChange(
          target,
          id,
          action,
          MECHANISM,
          Boolean.toString(before),
          Boolean.toString(want),
          true,
          clock.instant());
    }
    ObjectNode patch = ScimClient.JSON.createObjectNode();
    patch.putArray("schemas").add(PATCH_OP);
    ObjectNode op = patch.putArray("Operations").addObject();
    op.put("op", "replace");
    op.put("path", "active");
    op.put("value", want);
    JsonNode after = client.patch(user, patch);
    if (after != null && active(after, user) != want) {
      throw new ConnectorException(
          user.toString(), "PATCH answered but the user's active is still " + before);
    }
    return new AccountStateChange(
        target,
        id,
        action,
        MECHANISM,
        Boolean.toString(before),
        Boolean.toString(want),
        true,
        clock.instant());
  }

  private static boolean active(JsonNode user, URI uri) {
    try {
      return ScimUserMapping.active(user);
    } catch (IllegalArgumentException e) {
      throw new ConnectorException(uri.toString(), e.getMessage(), e);
    }
  }
}
