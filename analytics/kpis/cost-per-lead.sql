WITH period AS (
  SELECT kind, currency, cost FROM kpi_cost_per_lead WHERE dt >= {{from_dt}} AND day >= {{from}} AND day < {{to}}
),
leads AS (
  SELECT count(*) AS leads FROM period WHERE kind = 'lead'
),
costs AS (
  SELECT currency, sum(CAST(cost AS DECIMAL(38, 6))) AS cost FROM period WHERE kind = 'campaign' GROUP BY currency
)
SELECT
  costs.currency,
  CAST(CAST(costs.cost AS DECIMAL(38, 2)) AS VARCHAR) AS cost,
  leads.leads,
  CASE WHEN leads.leads = 0 THEN NULL
    ELSE CAST(CAST(costs.cost / leads.leads AS DECIMAL(38, 2)) AS VARCHAR) END AS cost_per_lead
FROM costs
CROSS JOIN leads
ORDER BY costs.currency NULLS LAST
