"""Errors the ingest and assistant commands report as exit statuses."""


class StoreUnavailable(Exception):
    """Store damaged or disk full; the message names the folder and what to do."""
