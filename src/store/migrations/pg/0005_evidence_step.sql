-- 0005: evidence attached to a step of the procedure (a step has "a
-- note and attachments"); NULL for evidence of the incident as a whole.
ALTER TABLE evidence ADD COLUMN step_code TEXT;
