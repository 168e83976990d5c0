SELECT
  resolved,
  within_sla,
  CASE WHEN resolved = 0 THEN NULL ELSE round(CAST(within_sla AS DOUBLE) / resolved, 4) END AS rate
FROM (
  SELECT count(*) AS resolved, count(CASE WHEN within_sla THEN 1 END) AS within_sla
  FROM kpi_sla_attainment
  WHERE dt >= {{from_dt}} AND day >= {{from}} AND day < {{to}}
) AS counts
