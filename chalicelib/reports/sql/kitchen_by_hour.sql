-- Kitchen times by the hour it was ordered, in seconds: order -> ready and ready -> served, p50 and p90 (served lines).
WITH o AS {latest:order_lines}, t AS (
    SELECT *, ready_ts - ordered_ts AS to_ready, served_ts - ready_ts AS to_served
    FROM o
    WHERE status = 'served' AND ready_ts IS NOT NULL AND ordered_ts IS NOT NULL
)
SELECT hour, count(*) AS lines,
       round(approx_percentile(to_ready, 0.5)) AS ready_p50_s,
       round(approx_percentile(to_ready, 0.9)) AS ready_p90_s,
       round(approx_percentile(to_served, 0.5)) AS served_p50_s,
       round(approx_percentile(to_served, 0.9)) AS served_p90_s
FROM t
GROUP BY hour
ORDER BY hour
