-- Sales by local hour of day and ISO weekday (1 Monday ... 7 Sunday) of the orders.
WITH o AS (
    SELECT * FROM (
        SELECT *, row_number() OVER (PARTITION BY fact_id ORDER BY version DESC NULLS LAST) AS fact_rank
        FROM order_lines
        WHERE chain = :chain AND branch IN (:branches) AND "date" BETWEEN :from AND :to
    ) latest WHERE fact_rank = 1
)
SELECT weekday, hour, count(DISTINCT order_id) AS orders, sum(quantity) AS items, sum(revenue) AS revenue
FROM o
WHERE status = 'served'
GROUP BY weekday, hour
ORDER BY weekday, hour
