"""Reading saved HTML pages: main text and metadata with trafilatura."""

from __future__ import annotations

import re

from ..errors import NoArticleError
from .base import RawText
from .inputs import TextInput

MAX_HTML_CHARS = 64 * 1024 * 1024
"""Largest HTML page read (a page must be parsed whole)."""

_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|article)\b", re.IGNORECASE | re.DOTALL)


def looks_like_html(sample: str) -> bool:
    """True when text starts like an HTML document or holds many HTML tags."""
    if _HTML_START.match(sample[:4096]):
        return True
    head = sample[:20000].lower()
    return head.count("<p") + head.count("<div") + head.count("<br") >= 10 and "</" in head


def read_html(inp: TextInput) -> RawText:
    """Extract the main text and metadata of one HTML page."""
    import trafilatura  # heavy import: only when HTML is read

    html = inp.read_all(MAX_HTML_CHARS)
    lines = html.count("\n") + 1
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except (ValueError, TypeError, AttributeError) as exc:  # malformed markup trafilatura cannot parse
        raise NoArticleError(f"the HTML could not be parsed ({exc})", where=inp.name) from exc
    text = (doc.text or "").strip() if doc is not None else ""
    if not text:
        raise NoArticleError(
            "no article text found in the HTML page",
            where=inp.name,
            hint="is it a full article page? try --input-format pagetext on its visible text",
        )
    meta = {
        "title": doc.title,
        "published": doc.date,
        "author": doc.author,
        "url": doc.url,
        "site": doc.sitename or doc.hostname,
        "language": doc.language,
    }
    return RawText(inp.name, "html", text, 1, lines, {k: v for k, v in meta.items() if v})
