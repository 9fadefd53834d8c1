-- Options chosen on served lines: how many lines, units, and what they added to the bills.
WITH lo AS {latest:line_options}, o AS {latest:order_lines}
SELECT lo.group_id, max(lo.group_name) AS group_name, lo.option_id, max(lo.option_name) AS option_name,
       count(*) AS lines, sum(lo.quantity) AS quantity, sum(lo.quantity * lo.price_delta) AS revenue
FROM lo JOIN o ON o.order_id = lo.order_id AND o.line_id = lo.line_id AND o.status = 'served'
GROUP BY lo.group_id, lo.option_id
ORDER BY quantity DESC, lo.group_id, lo.option_id
