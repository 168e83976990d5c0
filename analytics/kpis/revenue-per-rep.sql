SELECT
  owner_id,
  currency,
  count(*) AS won,
  CAST(CAST(sum(CAST(amount AS DECIMAL(38, 6))) AS DECIMAL(38, 2)) AS VARCHAR) AS revenue
FROM kpi_revenue_per_rep
WHERE dt >= {{from_dt}} AND day >= {{from}} AND day < {{to}}
GROUP BY owner_id, currency
ORDER BY owner_id NULLS LAST, currency
