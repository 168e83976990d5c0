-- New leads (docs/kpis.md): lead.captured with data.returning = false, one row per event.
CREATE OR REPLACE VIEW kpi_leads_per_source AS
SELECT
  dt,
  CAST(occurred_at AS DATE) AS day,
  subject_id AS lead_id,
  json_extract_scalar(data, '$.source') AS source
FROM events
WHERE name = 'lead.captured' AND json_extract_scalar(data, '$.returning') = 'false'
