-- Items by quantity served and revenue (voided quantity beside).
WITH o AS (
    SELECT * FROM (
        SELECT *, row_number() OVER (PARTITION BY fact_id ORDER BY version DESC NULLS LAST) AS fact_rank
        FROM order_lines
        WHERE chain = :chain AND branch IN (:branches) AND "date" BETWEEN :from AND :to
    ) latest WHERE fact_rank = 1
)
SELECT item_id, max(item_name) AS item_name, max(category_id) AS category_id,
       sum(CASE WHEN status = 'served' THEN quantity ELSE 0 END) AS quantity,
       sum(revenue) AS revenue,
       sum(CASE WHEN status = 'voided' THEN quantity ELSE 0 END) AS voided
FROM o
GROUP BY item_id
ORDER BY revenue DESC, item_id
