-- Campaigns sent in the period. Clicks and orders of such a campaign happen after its send, so
-- the partitions before the period are not read.
WITH facts AS (
  SELECT * FROM kpi_campaign_roi WHERE dt >= {{from_dt}}
),
campaigns AS (
  SELECT campaign_id, currency, CAST(cost AS DECIMAL(38, 6)) AS cost, attribution_days
  FROM facts
  WHERE kind = 'sent' AND day >= {{from}} AND day < {{to}}
),
first_clicks AS (
  SELECT campaign_id, contact_id, min(occurred_at) AS clicked_at
  FROM facts
  WHERE kind = 'click'
  GROUP BY campaign_id, contact_id
),
attributed AS (
  SELECT DISTINCT campaigns.campaign_id, orders.order_id, CAST(orders.total AS DECIMAL(38, 6)) AS total
  FROM campaigns
  JOIN first_clicks ON first_clicks.campaign_id = campaigns.campaign_id
  JOIN facts AS orders
    ON orders.kind = 'order'
    AND orders.contact_id = first_clicks.contact_id
    AND orders.currency = campaigns.currency
    AND orders.occurred_at >= first_clicks.clicked_at
    AND orders.occurred_at < first_clicks.clicked_at + INTERVAL '1' DAY * campaigns.attribution_days
    AND orders.day < {{to}}
),
revenue AS (
  SELECT campaign_id, sum(total) AS revenue FROM attributed GROUP BY campaign_id
)
SELECT
  campaigns.campaign_id,
  campaigns.currency,
  CAST(CAST(campaigns.cost AS DECIMAL(38, 2)) AS VARCHAR) AS cost,
  CAST(CAST(coalesce(revenue.revenue, 0) AS DECIMAL(38, 2)) AS VARCHAR) AS revenue,
  CASE WHEN campaigns.cost = 0 THEN NULL
    ELSE round((CAST(coalesce(revenue.revenue, 0) AS DOUBLE) - CAST(campaigns.cost AS DOUBLE))
      / CAST(campaigns.cost AS DOUBLE), 4) END AS roi
FROM campaigns
LEFT JOIN revenue ON revenue.campaign_id = campaigns.campaign_id
ORDER BY campaigns.campaign_id
