SELECT source, count(*) AS leads
FROM kpi_leads_per_source
WHERE dt >= {{from_dt}} AND day >= {{from}} AND day < {{to}}
GROUP BY source
ORDER BY source
