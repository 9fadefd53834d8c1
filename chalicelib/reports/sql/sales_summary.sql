-- The range's totals: tables (closed sessions), guests, orders, sales, tips, average check per table and per guest.
WITH s AS {latest:sessions}, o AS {latest:order_lines}, t AS (
    SELECT count(*) AS tables, coalesce(sum(guests), 0) AS guests, coalesce(sum(bill_total), 0) AS sales,
           coalesce(sum(tip), 0) AS tips
    FROM s
), q AS (
    SELECT count(DISTINCT CASE WHEN status = 'served' THEN order_id END) AS orders FROM o
)
SELECT t.tables, t.guests, q.orders, t.sales, t.tips,
       CAST(round(CAST(t.sales AS double) / nullif(t.tables, 0)) AS bigint) AS avg_check_table,
       CAST(round(CAST(t.sales AS double) / nullif(t.guests, 0)) AS bigint) AS avg_check_guest
FROM t CROSS JOIN q
