-- Closed opportunities: kind 'won' or 'lost', one row per event.
CREATE OR REPLACE VIEW kpi_win_rate AS
SELECT
  dt,
  CAST(occurred_at AS DATE) AS day,
  subject_id AS opportunity_id,
  CASE WHEN name = 'opportunity.won' THEN 'won' ELSE 'lost' END AS kind
FROM events
WHERE name IN ('opportunity.won', 'opportunity.lost')
