-- The view is one row per customer (first order ever), so every partition is read.
SELECT count(*) AS new_customers
FROM kpi_new_customers
WHERE day >= {{from}} AND day < {{to}}
