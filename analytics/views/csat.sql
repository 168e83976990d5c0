-- Survey answers with a CSAT score (1–5).
CREATE OR REPLACE VIEW kpi_csat AS
SELECT
  dt,
  CAST(occurred_at AS DATE) AS day,
  subject_id AS ticket_id,
  CAST(json_extract_scalar(data, '$.csat') AS INTEGER) AS csat
FROM events
WHERE name = 'survey.answered' AND json_extract_scalar(data, '$.csat') IS NOT NULL
