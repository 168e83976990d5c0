-- Resolved tickets: working seconds without pending time.
CREATE OR REPLACE VIEW kpi_handling_time AS
SELECT
  dt,
  CAST(occurred_at AS DATE) AS day,
  subject_id AS ticket_id,
  CAST(json_extract_scalar(data, '$.handlingSeconds') AS BIGINT) AS handling_seconds
FROM events
WHERE name = 'ticket.resolved'
