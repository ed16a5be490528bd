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
    AppUser user = users.find(username).orElseGet(() -> users.createOidc(username, defaultRole));
    if (!user.enabled()) {
      throw new OAuth2AuthenticationException(
          new OAuth2Error("access_denied", "user " + username + " is disabled in Haechi", null));
    }
    return new DefaultOidcUser(
        List.of(new SimpleGrantedAuthority(user.role().authority())),
        oidc.getIdToken(),
        oidc.getUserInfo(),
        usernameClaim);
  }
}
