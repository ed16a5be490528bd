-- Issue 12: an OIDC user is bound to the identity provider's issuer and subject, never to a
-- username that happens to match.
ALTER TABLE app_user ADD COLUMN oidc_issuer VARCHAR(500);
ALTER TABLE app_user ADD COLUMN oidc_subject VARCHAR(500);
