"""Toponym resolution: context disambiguation, the seed's gold places, and accuracy gates on public sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.places import place_to_dict, resolve_places

SHARED = Path(__file__).resolve().parents[2] / "shared"
GEO = SHARED / "eval" / "geoparsing"


def _find(places, name):
    return [p for p in places if p.name == name]


def test_tripoli_in_northern_lebanon():
    places = resolve_places("Clashes broke out on Sunday in Tripoli in northern Lebanon, residents said.")
    (tripoli,) = _find(places, "Tripoli")
    assert tripoli.country == "LBN"
    assert tripoli.resolution == "city"
    assert 34.0 < tripoli.lat < 34.8 and 35.5 < tripoli.lon < 36.2
    assert tripoli.rule == "city:context-country"


def test_tripoli_alone_in_a_libya_article():
    text = ("Libya's rival governments traded accusations on Tuesday. "
            "Militias clashed in Tripoli overnight, Libyan officials said.")
    (tripoli,) = _find(resolve_places(text), "Tripoli")
    assert tripoli.country == "LBY"


def test_tripoli_follows_the_dateline_country():
    text = "Gunmen opened fire in Tripoli on Friday, killing two people, police said."
    (tripoli,) = _find(resolve_places(text, dateline_country="LBN"), "Tripoli")
    assert tripoli.country == "LBN"


def test_gaza_is_palestine():
    places = resolve_places("Israeli air strikes hit Gaza overnight, health officials said.")
    (gaza,) = _find(places, "Gaza")
    assert gaza.country == "PSE"


def test_well_known_region():
    places = resolve_places("Hezbollah fighters moved through the Bekaa Valley toward the border.")
    (bekaa,) = [p for p in places if "Bekaa" in p.name]
    assert bekaa.country == "LBN" and bekaa.resolution == "region"


def test_washington_in_us_politics():
    text = "Republicans in Washington blocked the spending bill as President Biden urged Congress to act."
    (wash,) = _find(resolve_places(text), "Washington")
    assert wash.country == "USA"
    assert wash.admin1 == "District of Columbia"


def test_city_state_pattern_uses_the_state():
    places = resolve_places("The plant in Springfield, Ill., closed last year.")
    (spring,) = _find(places, "Springfield")
    assert spring.country == "USA" and spring.admin1 == "Illinois"


def test_unknown_name_stays_unresolved():
    places = resolve_places("Refugees arrived in Qwertzistan, officials in Blorvania said.")
    for p in places:
        if p.name in ("Qwertzistan", "Blorvania"):
            assert p.country is None and p.lat is None and p.rule == "unresolved"


def test_offsets_and_dict():
    text = "Protesters gathered in Paris and Berlin."
    places = resolve_places(text)
    assert [text[p.start:p.end] for p in places] == [p.name for p in places]
    d = place_to_dict(places[0])
    assert set(d) == {"name", "start", "end", "country", "admin1", "lat", "lon", "feature", "resolution"}


def test_demonyms_only_on_request():
    text = "Iranian officials met in Tehran."
    assert not _find(resolve_places(text), "Iranian")
    (iranian,) = _find(resolve_places(text, include_demonyms=True), "Iranian")
    assert iranian.country == "IRN" and iranian.rule == "demonym"


@pytest.fixture(scope="module")
def seed_articles():
    gold_path = SHARED / "seed" / "gold.json"
    dump = SHARED / "seed" / "news_dump.txt"
    if not gold_path.exists() or not dump.exists():
        pytest.skip("shared seed data not present")
    from dateline.pipeline import run

    arts = [a for a in run([str(dump)]) if not isinstance(a, Exception)]
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["articles"]
    return gold, arts


def test_seed_gold_places(seed_articles):
    gold, arts = seed_articles
    assert len(arts) >= len(gold)
    for g in gold:
        art = next(a for a in arts if a.body.startswith(g["body_starts"]))
        dl = art.dateline.country if art.dateline else None
        places = resolve_places(art.body, dateline_country=dl)
        for gp in g.get("places", []):
            found = [p for p in places if p.name == gp["name"] or gp["name"] in p.name]
            assert found, f"{g['id']}: {gp['name']} not found"
            assert all(p.country == gp["country"] for p in found), (
                g["id"], gp["name"], [(p.name, p.country) for p in found])


def test_eval_error_on_unreadable_file(tmp_path):
    from dateline.errors import EvalError
    from dateline.evaluate.geo import evaluate_geo

    bad = tmp_path / "bad.xml"
    bad.write_text("<articles><article>", encoding="utf-8")
    with pytest.raises(EvalError):
        evaluate_geo(bad)
    with pytest.raises(EvalError):
        evaluate_geo(tmp_path / "missing.xml")
