SELECT
  captured,
  converted,
  CASE WHEN captured = 0 THEN NULL ELSE round(CAST(converted AS DOUBLE) / captured, 4) END AS rate
FROM (
  SELECT
    count(CASE WHEN kind = 'captured' THEN 1 END) AS captured,
    count(CASE WHEN kind = 'converted' THEN 1 END) AS converted
  FROM kpi_lead_conversion
  WHERE dt >= {{from_dt}} AND day >= {{from}} AND day < {{to}}
) AS counts
