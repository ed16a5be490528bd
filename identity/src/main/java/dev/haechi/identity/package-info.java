/**
 * Leaver Guard, the identity engine: people, accounts, secrets, custody and findings. Plain Java;
 * it takes data and returns results.
 *
 * <p>Stages, one package each: {@code model} (the records every stage shares) → {@code readers}
 * (every input of FORMATS.md §1, and {@link dev.haechi.identity.readers.IdentityDirectory} for a
 * folder of them) → {@code correlation} (accounts to people by ordered rules; ambiguous accounts
 * become cases) → {@code custody} (who holds or held each secret, from the inventory, Vault and
 * account ownership) → {@code findings} (the six finding types of FORMATS.md §4). {@link
 * dev.haechi.identity.IdentityReconciler#reconcile} runs the last three as of a moment.
 *
 * <p>Speed: {@code reconcile} judges accounts in parallel slices and keeps each finding as type,
 * severity and title, writing its subject, evidence and remedy only when the finding is read
 * ({@link dev.haechi.identity.findings.PendingFinding}); a caller that reads the findings many
 * times should copy them once. {@link dev.haechi.identity.IdentityReconciler#reference} is the
 * plain eager path it must agree with ({@code ReconcileAgreementTest}); likewise the Vault log is
 * scanned as bytes and agrees with {@link
 * dev.haechi.identity.readers.VaultAuditLogReader#readReference} ({@code VaultByteScanTest}).
 * Figures: BENCHMARKS.md, "Leaver Guard".
 */
package dev.haechi.identity;
