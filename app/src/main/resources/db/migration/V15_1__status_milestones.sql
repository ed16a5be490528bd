-- Crew milestones told on the status page (a public service back, a whole grade restored): each
-- once per restoration, as an incident update with the time it happened.
CREATE TABLE status_milestone (
    restoration_id BIGINT       NOT NULL,
    milestone      VARCHAR(300) NOT NULL,
    incident_id    BIGINT       NOT NULL REFERENCES status_incident (id),
    happened_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (restoration_id, milestone)
);
