/**
 * SCIM 2.0 service providers (RFC 7643, RFC 7644) through {@code java.net.http}: {@link
 * dev.haechi.connectors.scim.ScimAccountSource} lists Users (paged, all or nothing) as the {@code
 * ListResponse} file reader would, {@link dev.haechi.connectors.scim.ScimAccountControl} PATCHes
 * {@code active}.
 */
package dev.haechi.connectors.scim;
