-- Items by quantity served and revenue (voided quantity beside).
WITH o AS {latest:order_lines}
SELECT item_id, max(item_name) AS item_name, max(category_id) AS category_id,
       sum(CASE WHEN status = 'served' THEN quantity ELSE 0 END) AS quantity,
       sum(revenue) AS revenue,
       sum(CASE WHEN status = 'voided' THEN quantity ELSE 0 END) AS voided
FROM o
GROUP BY item_id
ORDER BY revenue DESC, item_id
