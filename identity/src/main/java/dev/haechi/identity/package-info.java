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
 */
package dev.haechi.identity;
