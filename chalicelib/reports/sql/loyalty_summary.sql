-- Loyalty in the range: new members, members who came (active), came back (two visits or more),
-- their visits, and every guest's visits.
WITH mem AS {latest:members}, v AS {latest:visits}, per_member AS (
    SELECT customer_id, count(DISTINCT session_id) AS visits FROM v WHERE is_member GROUP BY customer_id
)
SELECT (SELECT count(DISTINCT customer_id) FROM mem) AS new_members,
       (SELECT count(*) FROM per_member) AS active_members,
       (SELECT count(*) FROM per_member WHERE visits >= 2) AS returning_members,
       (SELECT coalesce(sum(visits), 0) FROM per_member) AS member_visits,
       (SELECT count(*) FROM v) AS visits
