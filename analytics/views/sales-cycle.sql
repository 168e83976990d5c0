-- Won opportunities with the days from creation to winning.
CREATE OR REPLACE VIEW kpi_sales_cycle AS
SELECT
  dt,
  CAST(occurred_at AS DATE) AS day,
  subject_id AS opportunity_id,
  CAST(json_extract_scalar(data, '$.daysToClose') AS INTEGER) AS days_to_close
FROM events
WHERE name = 'opportunity.won'
