-- Resolved tickets: whether the first contact resolved them.
CREATE OR REPLACE VIEW kpi_first_contact_resolution AS
SELECT
  dt,
  CAST(occurred_at AS DATE) AS day,
  subject_id AS ticket_id,
  json_extract_scalar(data, '$.firstContactResolution') = 'true' AS first_contact
FROM events
WHERE name = 'ticket.resolved'
