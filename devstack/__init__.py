"""Comanda's local stack: the whole system on one port, with no AWS account.

    python -m devstack [--port 8080] [--host 127.0.0.1]      (or `make run`)

moto's server plays DynamoDB (with streams), S3 and SNS; one aiohttp origin serves what
CloudFront and API Gateway serve on AWS: the static site from the bucket, `/api/*` as proxy
events to the REST function (the Chalice app, as several warm containers at once),
`/ws` as a real WebSocket endpoint calling the Chalice WebSocket handlers,
and the `@connections` management API the app posts its pushes to; a poller feeds the
Chalice stream handler from the moto streams. The app reaches moto as any moto user does,
over HTTP through `AWS_ENDPOINT_URL`, and `@connections` over HTTP too; nothing of moto,
botocore, PynamoDB or Chalice is patched (docs/decisions.md, "moto as shipped"). Tests drive
it through `devstack.stack.LocalStack`.

Development only: nothing here is packaged into the Lambda.
"""
