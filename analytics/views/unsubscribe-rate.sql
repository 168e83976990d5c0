-- Delivered marketing mail (kind 'delivered', campaign and sequence, per SES message) and
-- unsubscribes from a purpose (kind 'unsubscribed': granted → revoked), one row per event.
CREATE OR REPLACE VIEW kpi_unsubscribe_rate AS
SELECT
  dt,
  CAST(occurred_at AS DATE) AS day,
  CASE WHEN name = 'email.delivered' THEN 'delivered' ELSE 'unsubscribed' END AS kind,
  CASE WHEN name = 'email.delivered' THEN json_extract_scalar(data, '$.messageId') END AS message_id,
  subject_id AS contact_id
FROM events
WHERE name IN ('email.delivered', 'consent.changed')
  AND (
    name = 'email.delivered'
    OR (
      json_extract_scalar(data, '$.purpose') IS NOT NULL
      AND json_extract_scalar(data, '$.status') = 'revoked'
      AND json_extract_scalar(data, '$.previousStatus') = 'granted'
    )
  )
