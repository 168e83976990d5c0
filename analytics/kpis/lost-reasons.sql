SELECT
  lost_reason,
  count(*) AS lost,
  round(CAST(count(*) AS DOUBLE) / sum(count(*)) OVER (), 4) AS share
FROM kpi_lost_reasons
WHERE dt >= {{from_dt}} AND day >= {{from}} AND day < {{to}}
GROUP BY lost_reason
ORDER BY lost DESC, lost_reason
