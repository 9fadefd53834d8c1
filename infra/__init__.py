"""Deployment of Comanda to AWS: the merge template, the IAM policies, packaging and deploy.

Nothing here is packaged into the Lambda (chalice ships app.py and chalicelib/ only).
"""
