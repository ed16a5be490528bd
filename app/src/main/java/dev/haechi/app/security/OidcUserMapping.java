package dev.haechi.app.security;

import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Maps a user signed in through OIDC to a Haechi user: the first sign-in creates a local record
 * with the default role ({@code haechi.oidc.default-role}, viewer unless set); an admin raises it
 * later. The role always comes from Haechi's store, never from the identity provider, and a
 * disabled user is refused.
 */
public class OidcUserMapping implements OAuth2UserService<OidcUserRequest, OidcUser> {
  /** The claim the signed-in principal is named by: the bound Haechi user's name. */
  static final String HAECHI_USERNAME = "haechi_username";

  private final OidcUserService delegate = new OidcUserService();
  private final UserStore users;
  private final String usernameClaim;
  private final Role defaultRole;

  public OidcUserMapping(UserStore users, String usernameClaim, String defaultRole) {
    this.users = users;
    this.usernameClaim = usernameClaim;
    this.defaultRole = Role.parse(defaultRole);
  }

  @Override
  public OidcUser loadUser(OidcUserRequest request) {
    OidcUser oidc = delegate.loadUser(request);
    String username = oidc.getClaimAsString(usernameClaim);
    if (username == null || username.isBlank()) {
      throw new OAuth2AuthenticationException(
          new OAuth2Error("invalid_user", "the ID token has no " + usernameClaim + " claim", null));
    }
    String issuer = oidc.getIssuer() == null ? "" : oidc.getIssuer().toString();
    String subject = oidc.getSubject();
    if (subject == null || subject.isBlank()) {
      throw new OAuth2AuthenticationException(
          new OAuth2Error("invalid_user", "the ID token has no sub claim", null));
    }
    // Issue 12: the binding is the issuer and subject; the username claim only names a new user.
    AppUser user = users.findByOidc(issuer, subject).orElse(null);
    if (user == null) {
      AppUser sameName = users.find(username).orElse(null);
      if (sameName == null) {
        users.createOidc(username, defaultRole);
        users.bindOidc(username, issuer, subject);
        user = users.find(username).orElseThrow();
      } else if (sameName.source().equals("oidc") && !users.oidcBound(username)) {
        // Made before bindings existed: bound to the first issuer and subject that signs in.
        users.bindOidc(username, issuer, subject);
        user = sameName;
      } else {
        throw new OAuth2AuthenticationException(
            new OAuth2Error(
                "access_denied",
                "user "
                    + username
                    + " is another account in Haechi"
                    + (sameName.source().equals("local") ? " (a local one)" : "")
                    + "; single sign-on never takes over an account by its name",
                null));
      }
    }
    if (!user.enabled()) {
      throw new OAuth2AuthenticationException(
          new OAuth2Error(
              "access_denied", "user " + user.username() + " is disabled in Haechi", null));
    }
    java.util.Map<String, Object> claims = new java.util.HashMap<>();
    if (oidc.getUserInfo() != null) {
      claims.putAll(oidc.getUserInfo().getClaims());
    }
    claims.put(HAECHI_USERNAME, user.username());
    return new DefaultOidcUser(
        List.of(new SimpleGrantedAuthority(user.role().authority())),
        oidc.getIdToken(),
        new org.springframework.security.oauth2.core.oidc.OidcUserInfo(claims),
        HAECHI_USERNAME);
  }
}
