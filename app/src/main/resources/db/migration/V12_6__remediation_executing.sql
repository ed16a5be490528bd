-- Issue 12 (item 11b): an action is marked 'executing', with the state it found saved, before the
-- directory is changed (write-ahead). A server killed between the change and the record leaves
-- 'executing' behind; at the next start the directory is read to learn whether the change happened.
ALTER TABLE remediation_action DROP CONSTRAINT remediation_action_state;
ALTER TABLE remediation_action ADD CONSTRAINT remediation_action_state
    CHECK (state IN ('pending', 'executing', 'done', 'failed', 'reversed', 'open-task'));
