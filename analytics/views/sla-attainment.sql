-- Resolved tickets: within SLA = neither the first response nor the resolution breached.
CREATE OR REPLACE VIEW kpi_sla_attainment AS
SELECT
  dt,
  CAST(occurred_at AS DATE) AS day,
  subject_id AS ticket_id,
  json_extract_scalar(data, '$.breachedFirstResponse') = 'false'
    AND json_extract_scalar(data, '$.breachedResolution') = 'false' AS within_sla
FROM events
WHERE name = 'ticket.resolved'
