package dev.haechi.demo.retailer;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One account in one system, before it is written in that system's format.
 *
 * @param accountId the ID a reader will see: the DN (LDIF), the SCIM {@code id}, the ARN (AWS) or
 *     the {@code account_id} column
 * @param owner the person it belongs to, or null for an orphan
 * @param lastLogin null when the account never logged in
 */
record Account(
    String system,
    String accountId,
    String username,
    String email,
    String employeeId,
    Person owner,
    boolean enabled,
    boolean privileged,
    Instant lastLogin,
    LocalDate created,
    String displayName) {}
