"""DynamoDB through PynamoDB: the models (key design) and repositories that speak the domain."""
