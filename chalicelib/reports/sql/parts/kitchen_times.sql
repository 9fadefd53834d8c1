-- Served lines with their kitchen times in seconds: `t` (to_ready: ordered -> ready, to_served: ready -> served).
WITH o AS {latest:order_lines}, t AS (
    SELECT *, ready_ts - ordered_ts AS to_ready, served_ts - ready_ts AS to_served
    FROM o
    WHERE status = 'served' AND ready_ts IS NOT NULL AND ordered_ts IS NOT NULL
)
