SELECT
  campaign_id,
  delivered,
  opened,
  clicked,
  CASE WHEN delivered = 0 THEN NULL ELSE round(CAST(opened AS DOUBLE) / delivered, 4) END AS open_rate,
  CASE WHEN delivered = 0 THEN NULL ELSE round(CAST(clicked AS DOUBLE) / delivered, 4) END AS click_rate
FROM (
  SELECT
    campaign_id,
    count(DISTINCT CASE WHEN kind = 'delivered' THEN message_id END) AS delivered,
    count(DISTINCT CASE WHEN kind = 'opened' THEN message_id END) AS opened,
    count(DISTINCT CASE WHEN kind = 'clicked' THEN message_id END) AS clicked
  FROM kpi_email_engagement
  WHERE dt >= {{from_dt}} AND day >= {{from}} AND day < {{to}}
  GROUP BY campaign_id
) AS counts
ORDER BY campaign_id
