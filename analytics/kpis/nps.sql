SELECT
  answers,
  promoters,
  detractors,
  CASE WHEN answers = 0 THEN NULL
    ELSE round(100 * CAST(promoters - detractors AS DOUBLE) / answers, 1) END AS nps
FROM (
  SELECT
    count(*) AS answers,
    count(CASE WHEN nps >= 9 THEN 1 END) AS promoters,
    count(CASE WHEN nps <= 6 THEN 1 END) AS detractors
  FROM kpi_nps
  WHERE dt >= {{from_dt}} AND day >= {{from}} AND day < {{to}}
) AS counts
