/**
 * Live connectors: account sources and remediation targets outside Haechi. The contracts are {@link
 * dev.haechi.connectors.AccountSource} (every account, or a {@link
 * dev.haechi.connectors.ConnectorException} and nothing) and {@link
 * dev.haechi.connectors.AccountControl} (idempotent disable / re-enable, each returning an {@link
 * dev.haechi.connectors.AccountStateChange} for the audit trail); {@link
 * dev.haechi.connectors.LiveSourceSpec} builds both from the one-string form of {@code --accounts
 * SYSTEM=SOURCE}. Implementations live in the {@code ldap} and {@code scim} packages.
 */
package dev.haechi.connectors;
