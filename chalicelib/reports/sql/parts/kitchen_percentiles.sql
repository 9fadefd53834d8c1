-- p50 and p90 of both kitchen times (over `t`, grouped by the caller).
       round(approx_percentile(to_ready, 0.5)) AS ready_p50_s,
       round(approx_percentile(to_ready, 0.9)) AS ready_p90_s,
       round(approx_percentile(to_served, 0.5)) AS served_p50_s,
       round(approx_percentile(to_served, 0.9)) AS served_p90_s
