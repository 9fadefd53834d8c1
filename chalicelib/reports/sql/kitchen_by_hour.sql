-- Kitchen times by the hour it was ordered, in seconds: order -> ready and ready -> served, p50 and p90 (served lines).
{part:kitchen_times}
SELECT hour, count(*) AS lines,
{part:kitchen_percentiles}
FROM t
GROUP BY hour
ORDER BY hour
