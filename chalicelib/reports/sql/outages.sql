-- Items 86'd: how often, for how many minutes in all (outages that ended), and how many are still out.
WITH a AS {latest:availability}, changes AS (
    SELECT branch_id, item_id, item_name, available, at_ts, fact_id,
           lag(available) OVER (PARTITION BY branch_id, item_id ORDER BY at_ts, fact_id) AS was_available
    FROM a
), transitions AS (
    SELECT branch_id, item_id, item_name, available, at_ts,
           lead(at_ts) OVER (PARTITION BY branch_id, item_id ORDER BY at_ts, fact_id) AS next_ts
    FROM changes
    WHERE was_available IS NULL OR was_available <> available
)
SELECT branch_id, item_id, max(item_name) AS item_name, count(*) AS times_86d,
       CAST(round(coalesce(sum(next_ts - at_ts), 0) / 60.0) AS bigint) AS minutes_out,
       count(*) - count(next_ts) AS still_out
FROM transitions
WHERE NOT available
GROUP BY branch_id, item_id
ORDER BY minutes_out DESC, branch_id, item_id
