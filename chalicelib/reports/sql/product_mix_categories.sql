-- Categories by quantity served and revenue.
WITH o AS (
    SELECT * FROM (
        SELECT *, row_number() OVER (PARTITION BY fact_id ORDER BY version DESC NULLS LAST) AS fact_rank
        FROM order_lines
        WHERE chain = :chain AND branch IN (:branches) AND "date" BETWEEN :from AND :to
    ) latest WHERE fact_rank = 1
)
SELECT category_id,
       sum(CASE WHEN status = 'served' THEN quantity ELSE 0 END) AS quantity,
       sum(revenue) AS revenue,
       count(DISTINCT item_id) AS items
FROM o
GROUP BY category_id
ORDER BY revenue DESC, category_id
