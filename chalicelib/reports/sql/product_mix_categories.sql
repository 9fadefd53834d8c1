-- Categories by quantity served and revenue.
WITH o AS {latest:order_lines}
SELECT category_id,
       sum(CASE WHEN status = 'served' THEN quantity ELSE 0 END) AS quantity,
       sum(revenue) AS revenue,
       count(DISTINCT item_id) AS items
FROM o
GROUP BY category_id
ORDER BY revenue DESC, category_id
