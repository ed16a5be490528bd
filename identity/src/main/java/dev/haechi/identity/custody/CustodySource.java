package dev.haechi.identity.custody;

/** How someone came to hold a secret. */
public enum CustodySource {
  /** The inventory names them as a custodian; since when is not known. */
  INVENTORY,
  /** They requested the secret's location in Vault (read, write, export, backup). */
  VAULT,
  /** The secret belongs to an account they own (an AWS access key of their IAM user). */
  ACCOUNT_OWNER
}
