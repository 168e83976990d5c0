-- New leads (kind 'captured') and conversions (kind 'converted'), one row per event.
CREATE OR REPLACE VIEW kpi_lead_conversion AS
SELECT
  dt,
  CAST(occurred_at AS DATE) AS day,
  subject_id AS lead_id,
  CASE WHEN name = 'lead.converted' THEN 'converted' ELSE 'captured' END AS kind
FROM events
WHERE name IN ('lead.converted', 'lead.captured')
  AND (name = 'lead.converted' OR json_extract_scalar(data, '$.returning') = 'false')
