-- 0004: what the incident register needs at scale (bench/incidents, with
-- 100,000 incidents).
--
-- step_units had indexes on (step_id, ...) and (unit_id, ...) only, but
-- the service finds an incident's step units by incident_id: the access
-- check of every read (service/access.c, acl_steps), the units of each
-- step in GET and after every change (service/step.c, units_json), and,
-- for every candidate row, the scope filter of a list for a user whose
-- grants do not cover the incident's own unit (the EXISTS of
-- uc_access_incident_filter). SQLite scanned the whole (unit_id,
-- incident_id) index each time: a GET took about 250 ms, a create about
-- 120 ms and a commune operator's first page 60-76 s. With unit_id
-- second, the EXISTS is answered from this index alone.
CREATE INDEX step_units_incident ON step_units(incident_id, unit_id);

-- A list filtered on status walks incidents_status in detected_at order
-- and tests the unit (through i.unit_id), TLP:RED and type of each row;
-- with a common status and a rare type or unit that is thousands of rows,
-- each read from the table (rows are over 1 kB). With unit_id and tlp in
-- the index, SQLite tests those from the index entry and reads the row
-- only for the survivors (worst list of the benchmark mix 21 ms -> 8 ms,
-- p99 29 ms -> 10-12 ms through the API). id follows detected_at so that
-- the index still gives the lists' whole order (detected_at DESC, id
-- DESC) without a sort of ties. The old index is a prefix of this one;
-- kept beside it, SQLite would keep choosing the narrower one.
DROP INDEX incidents_status;
CREATE INDEX incidents_status
	ON incidents(status, detected_at, id, unit_id, tlp);
