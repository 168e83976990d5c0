-- Orders of contacts (orders without a contact are not customer revenue) with their total (decimal text) per currency, one row per event.
CREATE OR REPLACE VIEW kpi_customer_value AS
SELECT
  dt,
  CAST(occurred_at AS DATE) AS day,
  subject_id AS order_id,
  json_extract_scalar(data, '$.contactId') AS contact_id,
  json_extract_scalar(data, '$.total.currency') AS currency,
  json_extract_scalar(data, '$.total.amount') AS total
FROM events
WHERE name = 'order.placed' AND json_extract_scalar(data, '$.contactId') IS NOT NULL
