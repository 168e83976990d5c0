-- The facts campaign ROI joins, one row per event: campaigns sent (kind 'sent', with cost, currency
-- and attribution window from dim_campaigns), campaign clicks (kind 'click', the contact is the
-- subject) and orders of contacts (kind 'order', total per currency). The attribution itself
-- depends on the period (`to`), so analytics/kpis/campaign-roi.sql does it.
CREATE OR REPLACE VIEW kpi_campaign_roi AS
SELECT
  e.dt,
  CAST(e.occurred_at AS DATE) AS day,
  e.occurred_at,
  'sent' AS kind,
  e.subject_id AS campaign_id,
  CAST(NULL AS VARCHAR) AS contact_id,
  CAST(NULL AS VARCHAR) AS order_id,
  c.currency,
  c.cost,
  c.attribution_days,
  CAST(NULL AS VARCHAR) AS total
FROM events e
LEFT JOIN dim_campaigns c ON c.id = e.subject_id
WHERE e.name = 'campaign.sent'
UNION ALL
SELECT
  dt,
  CAST(occurred_at AS DATE) AS day,
  occurred_at,
  'click' AS kind,
  json_extract_scalar(data, '$.campaignId') AS campaign_id,
  subject_id AS contact_id,
  CAST(NULL AS VARCHAR) AS order_id,
  CAST(NULL AS VARCHAR) AS currency,
  CAST(NULL AS VARCHAR) AS cost,
  CAST(NULL AS INTEGER) AS attribution_days,
  CAST(NULL AS VARCHAR) AS total
FROM events
WHERE name = 'email.clicked' AND json_extract_scalar(data, '$.campaignId') IS NOT NULL
UNION ALL
SELECT
  dt,
  CAST(occurred_at AS DATE) AS day,
  occurred_at,
  'order' AS kind,
  CAST(NULL AS VARCHAR) AS campaign_id,
  json_extract_scalar(data, '$.contactId') AS contact_id,
  subject_id AS order_id,
  json_extract_scalar(data, '$.total.currency') AS currency,
  CAST(NULL AS VARCHAR) AS cost,
  CAST(NULL AS INTEGER) AS attribution_days,
  json_extract_scalar(data, '$.total.amount') AS total
FROM events
WHERE name = 'order.placed' AND json_extract_scalar(data, '$.contactId') IS NOT NULL
