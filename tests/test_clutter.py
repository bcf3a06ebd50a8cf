"""Clutter rules (data/clutter.tsv): whole lines of page furniture go, sentences that merely share words stay."""

from __future__ import annotations

import pytest

import dateline
from dateline.knowledge import clutter_reason


@pytest.mark.parametrize("line,reason", [
    ("JUST WATCHED Ministers meet on the border crisis Replay More Videos ... MUST WATCH Ministers meet on the border crisis 02:14", "video-label"),
    ("A convoy crosses the bridge at dawn. Hide Caption 1 of 12 Photos: Convoy reaches the city Residents wave from balconies. Hide Caption 2 of 12", "photo-gallery"),
    ("Photos: Photos: Summit in Lisbon Photos: Photos: Summit in Lisbon Leaders pose for the family photo", "photo-gallery"),
    ("Story highlights The foreign minister visits the capital for two days of talks", "summary-label"),
])
def test_page_furniture_lines_are_clutter(line, reason):
    assert clutter_reason(line) == reason


@pytest.mark.parametrize("line", [
    "The minister said he had just watched the replay of the debate, with more videos to come.",
    "Reporters asked the spokesman to hide caption details of the photos: he refused.",
    "The story highlights how far the two governments have drifted apart since the election.",
])
def test_sentences_sharing_the_words_are_kept(line):
    assert clutter_reason(line) is None


def test_video_and_gallery_lines_leave_the_article_and_are_listed():
    text = ("Ministers Meet on Border\n\n"
            "The foreign ministers of the two countries met in the capital on Tuesday to discuss the border crisis, "
            "officials said.\n\n"
            "JUST WATCHED Ministers meet on the border crisis Replay More Videos ... MUST WATCH Ministers meet on the "
            "border crisis 02:14\n\n"
            "Both sides agreed to reopen two crossings next month and to hold another round of talks in the spring.\n")
    (article,) = dateline.process(text, enrich=False)
    assert "JUST WATCHED" not in article.body and "Replay More Videos" not in article.body
    assert "agreed to reopen two crossings" in article.body
    assert any("video-label" in r.reason for r in article.removed)
