-- Kitchen times per station, in seconds: order -> ready and ready -> served, p50 and p90 (served lines).
{part:kitchen_times}
SELECT station_id, count(*) AS lines,
{part:kitchen_percentiles}
FROM t
GROUP BY station_id
ORDER BY station_id
