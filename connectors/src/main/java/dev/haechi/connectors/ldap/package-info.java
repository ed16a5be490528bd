/**
 * LDAP directories (Active Directory, 389 DS / Oracle DSEE, OpenLDAP) through the UnboundID LDAP
 * SDK: {@link dev.haechi.connectors.ldap.LdapAccountSource} reads accounts (paged, all or nothing)
 * as the LDIF reader would, {@link dev.haechi.connectors.ldap.LdapAccountControl} disables and
 * re-enables them the directory's own way.
 */
package dev.haechi.connectors.ldap;
