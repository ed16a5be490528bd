-- Issue 12, item 5: the audit chain is keyed (HMAC, key outside the database) and its head is
-- anchored in a signed checkpoint file outside the database. The chain id binds a checkpoint to the
-- chain it was written for; the server assigns it at its first start after this migration.
ALTER TABLE audit_head ADD COLUMN chain_id VARCHAR(64);
