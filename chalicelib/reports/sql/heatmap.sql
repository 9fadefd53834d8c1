-- Sales by local hour of day and ISO weekday (1 Monday ... 7 Sunday) of the orders.
WITH o AS {latest:order_lines}
SELECT weekday, hour, count(DISTINCT order_id) AS orders, sum(quantity) AS items, sum(revenue) AS revenue
FROM o
WHERE status = 'served'
GROUP BY weekday, hour
ORDER BY weekday, hour
