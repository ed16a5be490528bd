package dev.haechi.identity.model;

/**
 * One key published in a JWKS document (RFC 7517 §4): the issuer is the document's name (the file
 * name in an identity directory), the rest are the JWK's own members; absent members are null.
 */
public record JwksKey(
    String issuer, String kid, String kty, String alg, String use, SourceRef source) {

  /** The inventory location that names this key: {@code jwks:ISSUER#KID}. */
  public String location() {
    return "jwks:" + issuer + "#" + kid;
  }
}
