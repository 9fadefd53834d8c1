-- Kitchen times per dish, in seconds: order -> ready and ready -> served, p50 and p90 (served lines).
{part:kitchen_times}
SELECT item_id, max(item_name) AS item_name, count(*) AS lines,
{part:kitchen_percentiles}
FROM t
GROUP BY item_id
ORDER BY item_id
