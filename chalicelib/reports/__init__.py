"""The reports (issue 19, docs/reports.md): SQL texts over the facts in S3, the engines that run
them (Athena on AWS, DuckDB locally), and the report function's handler. Imported by the report
function and by the REST function's report routes on first use, never at a cold start."""
