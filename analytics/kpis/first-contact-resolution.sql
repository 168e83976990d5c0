SELECT
  resolved,
  first_contact,
  CASE WHEN resolved = 0 THEN NULL ELSE round(CAST(first_contact AS DOUBLE) / resolved, 4) END AS rate
FROM (
  SELECT count(*) AS resolved, count(CASE WHEN first_contact THEN 1 END) AS first_contact
  FROM kpi_first_contact_resolution
  WHERE dt >= {{from_dt}} AND day >= {{from}} AND day < {{to}}
) AS counts
