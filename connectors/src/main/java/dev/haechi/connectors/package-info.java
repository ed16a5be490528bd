/** Live connectors: LDAP and SCIM account sources and remediation targets. */
package dev.haechi.connectors;
