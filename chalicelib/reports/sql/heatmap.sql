-- Sales by local hour of day and ISO weekday (1 Monday ... 7 Sunday) of the orders.
WITH o AS (
    SELECT DISTINCT * FROM order_lines
    WHERE chain = :chain AND branch IN (:branches) AND "date" BETWEEN :from AND :to
)
SELECT weekday, hour, count(DISTINCT order_id) AS orders, sum(quantity) AS items, sum(revenue) AS revenue
FROM o
WHERE status = 'served'
GROUP BY weekday, hour
ORDER BY weekday, hour
