package dev.haechi.app.security;

import java.time.Instant;

/** A person who uses Haechi, signed in locally or through OIDC. The hash is never shown. */
public record AppUser(
    long id,
    String username,
    String passwordHash,
    Role role,
    boolean enabled,
    String source,
    Instant createdAt) {}
