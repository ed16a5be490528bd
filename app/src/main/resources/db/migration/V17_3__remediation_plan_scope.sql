-- Issue 17 item 2: a plan proposed from a finding may cover one leaver only (their accounts on the
-- system, or the keys they held); null = every leaver, as before.
ALTER TABLE remediation_plan ADD COLUMN scope_person VARCHAR(200);
