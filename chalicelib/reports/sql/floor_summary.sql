-- The floor's times in seconds, p50 and p90: sign-up -> approval, join request -> decision,
-- waiter call -> acknowledged, bill request -> table closed, table turn (opened -> closed).
{part:floor_times}
SELECT metric, count(*) AS n,
       round(approx_percentile(seconds, 0.5)) AS p50_s,
       round(approx_percentile(seconds, 0.9)) AS p90_s
FROM m
GROUP BY metric
ORDER BY metric
