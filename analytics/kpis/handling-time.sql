SELECT count(*) AS resolved, round(avg(CAST(handling_seconds AS DOUBLE)) / 3600, 2) AS avg_hours
FROM kpi_handling_time
WHERE dt >= {{from_dt}} AND day >= {{from}} AND day < {{to}}
