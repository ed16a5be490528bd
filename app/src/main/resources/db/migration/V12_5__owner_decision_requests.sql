-- Issue 12, item 6: an analyst's account-owner decision that would close a leaver finding waits
-- for an admin's approval here instead of taking effect.
CREATE TABLE correlation_decision_request (
    account_key  VARCHAR(500) NOT NULL PRIMARY KEY,
    employee_id  VARCHAR(200) NOT NULL,
    requested_by VARCHAR(200) NOT NULL,
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
    closes       VARCHAR(2000) NOT NULL
);
