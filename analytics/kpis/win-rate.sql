SELECT
  won,
  lost,
  CASE WHEN won + lost = 0 THEN NULL ELSE round(CAST(won AS DOUBLE) / (won + lost), 4) END AS rate
FROM (
  SELECT
    count(CASE WHEN kind = 'won' THEN 1 END) AS won,
    count(CASE WHEN kind = 'lost' THEN 1 END) AS lost
  FROM kpi_win_rate
  WHERE dt >= {{from_dt}} AND day >= {{from}} AND day < {{to}}
) AS counts
