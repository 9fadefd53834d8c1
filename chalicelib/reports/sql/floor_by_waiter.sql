-- The floor's times per staff member where known (who decided, acknowledged, closed the table; a join the
-- table itself decided, decided_by 'diner', is no one's).
{part:floor_times}
SELECT staff_id, metric, count(*) AS n,
       round(approx_percentile(seconds, 0.5)) AS p50_s,
       round(approx_percentile(seconds, 0.9)) AS p90_s
FROM m
WHERE staff_id IS NOT NULL AND staff_id NOT IN ('', 'diner')
GROUP BY staff_id, metric
ORDER BY staff_id, metric
