-- The floor's waits, one row per wait: `m` (metric, seconds, staff_id where known).
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
