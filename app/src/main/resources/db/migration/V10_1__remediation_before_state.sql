-- Issue 10: each remediation action keeps the state it found before changing anything, so that
-- execution is idempotent (a transit key is rotated once: the version it was rotated from is kept)
-- and reversal restores exactly that state (an account found already disabled stays disabled).
ALTER TABLE remediation_action ADD COLUMN before_state VARCHAR(8000);
