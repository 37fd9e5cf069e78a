-- 0015: the warnings sent for an incident's reporting deadlines (issue
-- 6, C10; service/deadline.c): one row per clock, deadline and kind
-- ('ahead' once the clock is due soon, 'overdue' once past), so that
-- each warning goes once whatever the number of runs or processes. A
-- deadline that moves (a new anchor) is warned of again.
CREATE TABLE deadline_reminders (
	incident_id BIGINT NOT NULL REFERENCES incidents(id),
	report      TEXT NOT NULL,      -- the clock: a report code, or 'ack'
	due_at      TIMESTAMPTZ NOT NULL,
	kind        TEXT NOT NULL,      -- ahead, overdue
	sent_at     TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (incident_id, report, due_at, kind)
);
