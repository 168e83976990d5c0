-- Orders of contacts, one row per event; the base and churn windows depend on the period, so
-- analytics/kpis/churn-rate.sql applies them.
CREATE OR REPLACE VIEW kpi_churn_rate AS
SELECT
  dt,
  CAST(occurred_at AS DATE) AS day,
  subject_id AS order_id,
  json_extract_scalar(data, '$.contactId') AS contact_id
FROM events
WHERE name = 'order.placed' AND json_extract_scalar(data, '$.contactId') IS NOT NULL
