SELECT
  answers,
  avg_csat,
  CASE WHEN answers = 0 THEN NULL ELSE round(CAST(satisfied AS DOUBLE) / answers, 4) END AS satisfied_rate
FROM (
  SELECT
    count(*) AS answers,
    round(avg(CAST(csat AS DOUBLE)), 2) AS avg_csat,
    count(CASE WHEN csat >= 4 THEN 1 END) AS satisfied
  FROM kpi_csat
  WHERE dt >= {{from_dt}} AND day >= {{from}} AND day < {{to}}
) AS counts
