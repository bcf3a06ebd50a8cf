"""Serving a dateline store over HTTP: the REST API (``api``) and the browser view (``web``)."""

from .app import create_app

__all__ = ["create_app"]
