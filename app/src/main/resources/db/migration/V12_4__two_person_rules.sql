-- Issue 12, item 6: two people means two people.
-- A plan proposed over the mass-change guard needs its approver to raise the guard as well.
ALTER TABLE remediation_plan ADD COLUMN guard_raised BOOLEAN DEFAULT FALSE NOT NULL;
-- Reversing an executed action (re-enabling access, re-publishing a key) is requested by one
-- person and carried out only when a second one approves.
ALTER TABLE remediation_action ADD COLUMN reverse_requested_by VARCHAR(200);
ALTER TABLE remediation_action ADD COLUMN reverse_requested_at TIMESTAMP WITH TIME ZONE;
