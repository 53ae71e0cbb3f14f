"""Tomàtic: plans who answers the phones and keeps the phones running."""

__version__ = "0.1.0"
