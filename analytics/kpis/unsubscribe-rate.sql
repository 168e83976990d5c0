SELECT
  delivered,
  unsubscribed,
  CASE WHEN delivered = 0 THEN NULL ELSE round(CAST(unsubscribed AS DOUBLE) / delivered, 4) END AS rate
FROM (
  SELECT
    count(DISTINCT CASE WHEN kind = 'delivered' THEN message_id END) AS delivered,
    count(CASE WHEN kind = 'unsubscribed' THEN 1 END) AS unsubscribed
  FROM kpi_unsubscribe_rate
  WHERE dt >= {{from_dt}} AND day >= {{from}} AND day < {{to}}
) AS counts
