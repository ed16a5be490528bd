-- Issue 12 item 8: a restoration is stored as soon as it is asked for and planned in the
-- background (the request answers at once). plan_state: planning (the planner is at work),
-- planned (its plan is ready; the restoration under way is the planned one not closed),
-- failed (the planner could not plan it: plan_detail says why), interrupted (the server stopped
-- before the plan was ready: nothing of it is used). Rows from before are all planned.
ALTER TABLE restoration ADD COLUMN plan_state VARCHAR(20) DEFAULT 'planned' NOT NULL;
ALTER TABLE restoration ADD COLUMN plan_limit_ms BIGINT;
ALTER TABLE restoration ADD COLUMN plan_detail VARCHAR(2000);
ALTER TABLE restoration ADD COLUMN planned_at TIMESTAMP WITH TIME ZONE;
