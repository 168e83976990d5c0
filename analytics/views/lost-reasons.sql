-- Lost opportunities with their reason.
CREATE OR REPLACE VIEW kpi_lost_reasons AS
SELECT
  dt,
  CAST(occurred_at AS DATE) AS day,
  subject_id AS opportunity_id,
  json_extract_scalar(data, '$.lostReason') AS lost_reason
FROM events
WHERE name = 'opportunity.lost'
