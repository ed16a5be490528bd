-- Decisions people made on ambiguous account-to-person links (correlation cases). Later
-- reconciliations read them, so a case is decided once.
CREATE TABLE correlation_decision (
    account_key VARCHAR(500) NOT NULL PRIMARY KEY,
    employee_id VARCHAR(200) NOT NULL,
    decided_by  VARCHAR(200) NOT NULL,
    decided_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
