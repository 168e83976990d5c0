SELECT count(*) AS won, round(avg(CAST(days_to_close AS DOUBLE)), 2) AS avg_days
FROM kpi_sales_cycle
WHERE dt >= {{from_dt}} AND day >= {{from}} AND day < {{to}}
