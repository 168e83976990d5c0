-- Survey answers with an NPS score (0–10).
CREATE OR REPLACE VIEW kpi_nps AS
SELECT
  dt,
  CAST(occurred_at AS DATE) AS day,
  subject_id AS ticket_id,
  CAST(json_extract_scalar(data, '$.nps') AS INTEGER) AS nps
FROM events
WHERE name = 'survey.answered' AND json_extract_scalar(data, '$.nps') IS NOT NULL
