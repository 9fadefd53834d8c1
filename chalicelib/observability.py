"""Structured logging (Powertools Logger). The service name differs from chalice's app name
so the two loggers do not share a handler and print every line twice."""
from __future__ import annotations

from aws_lambda_powertools import Logger

logger = Logger(service="comanda-api")
