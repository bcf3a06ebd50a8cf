"""The REST API under ``/api``: events, articles, actors and quotes, read from the store."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api", tags=["api"])
