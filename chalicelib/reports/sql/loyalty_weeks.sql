-- Per ISO week (its Monday): new members, members' visits, members who came.
WITH mem AS {latest:members}, v AS {latest:visits}, new_per_week AS (
    SELECT CAST(CAST(date_trunc('week', CAST(day AS date)) AS date) AS varchar) AS week,
           count(DISTINCT customer_id) AS new_members
    FROM mem GROUP BY 1
), visits_per_week AS (
    SELECT CAST(CAST(date_trunc('week', CAST(day AS date)) AS date) AS varchar) AS week,
           count(*) AS member_visits, count(DISTINCT customer_id) AS active_members
    FROM v WHERE is_member GROUP BY 1
)
SELECT coalesce(n.week, w.week) AS week, coalesce(n.new_members, 0) AS new_members,
       coalesce(w.member_visits, 0) AS member_visits, coalesce(w.active_members, 0) AS active_members
FROM new_per_week n FULL OUTER JOIN visits_per_week w ON n.week = w.week
ORDER BY week
