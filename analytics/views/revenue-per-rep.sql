-- Won opportunities with owner (null = unassigned) and amount (decimal text) per currency.
CREATE OR REPLACE VIEW kpi_revenue_per_rep AS
SELECT
  dt,
  CAST(occurred_at AS DATE) AS day,
  subject_id AS opportunity_id,
  json_extract_scalar(data, '$.ownerId') AS owner_id,
  json_extract_scalar(data, '$.amount.currency') AS currency,
  json_extract_scalar(data, '$.amount.amount') AS amount
FROM events
WHERE name = 'opportunity.won'
