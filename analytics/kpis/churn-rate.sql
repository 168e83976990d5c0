-- base: customers with an order in [from − 180 days, from); churned: those without one in [from, to).
WITH base AS (
  SELECT DISTINCT contact_id
  FROM kpi_churn_rate
  WHERE dt >= {{base_from_dt}} AND day >= {{from}} - INTERVAL '180' DAY AND day < {{from}}
),
active AS (
  SELECT DISTINCT contact_id
  FROM kpi_churn_rate
  WHERE dt >= {{from_dt}} AND day >= {{from}} AND day < {{to}}
),
counts AS (
  SELECT
    count(*) AS base,
    count(CASE WHEN active.contact_id IS NULL THEN 1 END) AS churned
  FROM base
  LEFT JOIN active ON active.contact_id = base.contact_id
)
SELECT base, churned, CASE WHEN base = 0 THEN NULL ELSE round(CAST(churned AS DOUBLE) / base, 4) END AS rate
FROM counts
