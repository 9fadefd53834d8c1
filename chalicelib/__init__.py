"""Comanda: QR-code table ordering for restaurant chains."""
