-- Options chosen on served lines: how many lines, units, and what they added to the bills.
WITH lo AS (
    SELECT * FROM (
        SELECT *, row_number() OVER (PARTITION BY fact_id ORDER BY version DESC NULLS LAST) AS fact_rank
        FROM line_options
        WHERE chain = :chain AND branch IN (:branches) AND "date" BETWEEN :from AND :to
    ) latest WHERE fact_rank = 1
), o AS (
    SELECT order_id, line_id, status FROM (
        SELECT order_id, line_id, status,
               row_number() OVER (PARTITION BY fact_id ORDER BY version DESC NULLS LAST) AS fact_rank
        FROM order_lines
        WHERE chain = :chain AND branch IN (:branches) AND "date" BETWEEN :from AND :to
    ) latest WHERE fact_rank = 1
)
SELECT lo.group_id, max(lo.group_name) AS group_name, lo.option_id, max(lo.option_name) AS option_name,
       count(*) AS lines, sum(lo.quantity) AS quantity, sum(lo.quantity * lo.price_delta) AS revenue
FROM lo JOIN o ON o.order_id = lo.order_id AND o.line_id = lo.line_id AND o.status = 'served'
GROUP BY lo.group_id, lo.option_id
ORDER BY quantity DESC, lo.group_id, lo.option_id
