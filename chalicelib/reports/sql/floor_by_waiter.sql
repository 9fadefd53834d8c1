-- The floor's times per staff member where known (who decided, acknowledged, closed the table; a join the
-- table itself decided, decided_by 'diner', is no one's).
WITH s AS {latest:sessions}, r AS {latest:requests}, j AS {latest:join_requests}, m AS (
    SELECT 'session_approval' AS metric, approved_ts - started_ts AS seconds, CAST(NULL AS varchar) AS staff_id
    FROM s WHERE approved_ts IS NOT NULL AND started_ts IS NOT NULL
    UNION ALL
    SELECT 'join_approval', decided_ts - created_ts, decided_by
    FROM j WHERE status IN ('allowed', 'declined') AND decided_ts IS NOT NULL
    UNION ALL
    SELECT 'waiter_call_ack', acknowledged_ts - created_ts, acknowledged_by
    FROM r WHERE kind = 'waiter' AND acknowledged_ts IS NOT NULL
    UNION ALL
    SELECT 'bill_to_close', s.ended_ts - r.created_ts, s.waiter_id
    FROM r JOIN s ON s.session_id = r.session_id WHERE r.kind = 'bill'
    UNION ALL
    SELECT 'table_turn', ended_ts - started_ts, waiter_id
    FROM s WHERE started_ts IS NOT NULL AND ended_ts IS NOT NULL
)
SELECT staff_id, metric, count(*) AS n,
       round(approx_percentile(seconds, 0.5)) AS p50_s,
       round(approx_percentile(seconds, 0.9)) AS p90_s
FROM m
WHERE staff_id IS NOT NULL AND staff_id NOT IN ('', 'diner')
GROUP BY staff_id, metric
ORDER BY staff_id, metric
