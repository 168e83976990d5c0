-- Campaigns sent (kind 'campaign', cost and currency from dim_campaigns: null until the campaign
-- has a snapshot) and new leads (kind 'lead'), one row per event.
CREATE OR REPLACE VIEW kpi_cost_per_lead AS
SELECT
  e.dt,
  CAST(e.occurred_at AS DATE) AS day,
  'campaign' AS kind,
  e.subject_id AS campaign_id,
  c.currency,
  c.cost
FROM events e
LEFT JOIN dim_campaigns c ON c.id = e.subject_id
WHERE e.name = 'campaign.sent'
UNION ALL
SELECT
  dt,
  CAST(occurred_at AS DATE) AS day,
  'lead' AS kind,
  CAST(NULL AS VARCHAR) AS campaign_id,
  CAST(NULL AS VARCHAR) AS currency,
  CAST(NULL AS VARCHAR) AS cost
FROM events
WHERE name = 'lead.captured' AND json_extract_scalar(data, '$.returning') = 'false'
