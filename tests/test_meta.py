"""Article metadata read from the text: photo-caption datelines and the wire dateline opening a body."""

from __future__ import annotations

import pytest

from dateline.meta import body_dateline, caption_dateline


@pytest.mark.parametrize("caption,place,country,published", [
    ("06 November 2023, Iran, Tehran: Iranian President Ebrahim Raisi speaks.", "Tehran", "IRN", "2023-11-06"),
    ("Nawaf Salam meets Ahmed al-Sharaa in Damascus, Syria April 14, 2025.", "Damascus", "SYR", "2025-04-14"),
    ("Soldiers stand guard near the State House in Banjul on November 3, 2025, a day after the coup attempt.",
     "Banjul", "GMB", "2025-11-03"),
    ("Protesters march in Manila, Philippines, on Wednesday, June 11, 2025.", "Manila", "PHL", "2025-06-11"),
])
def test_caption_datelines(caption, place, country, published):
    found = caption_dateline(caption)
    assert found is not None and (found.place, found.country, found.published) == (place, country, published)


def test_a_caption_without_place_and_date_gives_none():
    assert caption_dateline("A man walks past a mural on a wall.") is None
    assert caption_dateline("Rescuers search the rubble on Tuesday.") is None


def test_body_dateline_prefix():
    found, end = body_dateline("NAIROBI, Kenya (AP) — Foreign ministers met on Tuesday.")
    assert (found.place, found.country) == ("Nairobi", "KEN")
    assert "NAIROBI, Kenya (AP) — Foreign"[end:] == "Foreign"
    assert body_dateline("NATO leaders met on Tuesday.") is None
