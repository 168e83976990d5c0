-- One row per customer (a contact with an order): the day of their first order ever.
CREATE OR REPLACE VIEW kpi_new_customers AS
SELECT
  CAST(min(occurred_at) AS DATE) AS day,
  contact_id,
  min(occurred_at) AS first_order_at
FROM (
  SELECT occurred_at, json_extract_scalar(data, '$.contactId') AS contact_id
  FROM events
  WHERE name = 'order.placed'
) AS orders
WHERE contact_id IS NOT NULL
GROUP BY contact_id
