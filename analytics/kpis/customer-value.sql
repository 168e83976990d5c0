SELECT
  currency,
  customers,
  CAST(CAST(revenue AS DECIMAL(38, 2)) AS VARCHAR) AS revenue,
  CAST(CAST(revenue / customers AS DECIMAL(38, 2)) AS VARCHAR) AS avg_value
FROM (
  SELECT currency, count(DISTINCT contact_id) AS customers, sum(CAST(total AS DECIMAL(38, 6))) AS revenue
  FROM kpi_customer_value
  WHERE dt >= {{from_dt}} AND day >= {{from}} AND day < {{to}}
  GROUP BY currency
) AS totals
ORDER BY currency
