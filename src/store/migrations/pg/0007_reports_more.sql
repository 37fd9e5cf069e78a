-- 0007: reports drafted for a unit rather than an incident (issue 5:
-- Mau 01, the network member profile): reports.incident_id may be NULL,
-- and then unit_id is the unit the document is about.
ALTER TABLE reports ALTER COLUMN incident_id DROP NOT NULL;
CREATE INDEX reports_unit ON reports(unit_id, id);
