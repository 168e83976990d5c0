-- Campaign mail feedback: kind 'delivered', 'opened' or 'clicked' per SES message, one row per event.
CREATE OR REPLACE VIEW kpi_email_engagement AS
SELECT
  dt,
  CAST(occurred_at AS DATE) AS day,
  json_extract_scalar(data, '$.campaignId') AS campaign_id,
  json_extract_scalar(data, '$.messageId') AS message_id,
  CASE name WHEN 'email.delivered' THEN 'delivered' WHEN 'email.opened' THEN 'opened' ELSE 'clicked' END AS kind
FROM events
WHERE name IN ('email.delivered', 'email.opened', 'email.clicked')
  AND json_extract_scalar(data, '$.source') = 'campaign'
