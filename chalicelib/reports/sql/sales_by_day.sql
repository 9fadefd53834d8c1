-- Sales per business day and branch: tables (closed sessions), guests, orders, sales (the bills), tips,
-- and the average check per table and per guest (minor units).
WITH s AS {latest:sessions}, o AS {latest:order_lines}, per_day AS (
    SELECT day, branch_id, count(*) AS tables, sum(guests) AS guests, sum(bill_total) AS sales, sum(tip) AS tips
    FROM s GROUP BY day, branch_id
), orders_per_day AS (
    SELECT day, branch_id, count(DISTINCT CASE WHEN status = 'served' THEN order_id END) AS orders
    FROM o GROUP BY day, branch_id
)
SELECT coalesce(p.day, q.day) AS day,
       coalesce(p.branch_id, q.branch_id) AS branch_id,
       coalesce(p.tables, 0) AS tables,
       coalesce(p.guests, 0) AS guests,
       coalesce(q.orders, 0) AS orders,
       coalesce(p.sales, 0) AS sales,
       coalesce(p.tips, 0) AS tips,
       CAST(round(CAST(p.sales AS double) / nullif(p.tables, 0)) AS bigint) AS avg_check_table,
       CAST(round(CAST(p.sales AS double) / nullif(p.guests, 0)) AS bigint) AS avg_check_guest
FROM per_day p FULL OUTER JOIN orders_per_day q ON p.day = q.day AND p.branch_id = q.branch_id
ORDER BY day, branch_id
