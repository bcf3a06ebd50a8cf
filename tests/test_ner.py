"""NER rules (dateline.ner), the organizations file, and the CoNLL-2003 scorer (dateline.evaluate.ner)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline import knowledge
from dateline.evaluate.ner import align, chunks, evaluate_ner, read_conll, score

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def nlp():
    from dateline.ner import ner_pipeline

    return ner_pipeline()


def ents(nlp, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in nlp(text).ents]


# ---------------------------------------------------------------- the pipeline


def test_rules_are_added_once_after_ner(nlp):
    from dateline import annotate
    from dateline.ner import RULE_COMPONENTS, add_entity_rules

    assert nlp is annotate.load()  # the shared pipeline, not a copy
    names = nlp.pipe_names
    assert names.index("ner") < names.index(RULE_COMPONENTS[0])
    assert [n for n in names if n in RULE_COMPONENTS] == list(RULE_COMPONENTS)
    add_entity_rules(nlp)
    assert nlp.pipe_names == names


def test_nationality_and_title_are_split_off_a_person(nlp):
    found = ents(nlp, "Iranian President Ebrahim Raisi met Iraqi Prime Minister Mohammed Shia al-Sudani in Tehran.")
    assert ("Iranian", "NORP") in found
    assert ("Ebrahim Raisi", "PERSON") in found
    assert ("Iraqi", "NORP") in found
    assert ("Mohammed Shia al-Sudani", "PERSON") in found
    assert ("Tehran", "GPE") in found


@pytest.mark.parametrize(
    "text, name",
    [
        ("Hezbollah fired rockets at northern Israel on Tuesday.", "Hezbollah"),
        ("UNHCR said 1.2 million people had fled.", "UNHCR"),
        ("The IRGC said it had seized a tanker.", "IRGC"),
        ("Fighters of Hayat Tahrir al-Sham entered the city.", "Hayat Tahrir al-Sham"),
        ("The Houthis claimed the attack on the ship.", "Houthis"),
        ("Sudan's army fought the Rapid Support Forces near Khartoum.", "Rapid Support Forces"),
        ("Officials said the Mossad had planned it.", "Mossad"),
        ("The Islamic State group claimed responsibility.", "Islamic State"),
    ],
)
def test_known_organizations_are_org(nlp, text, name):
    assert (name, "ORG") in ents(nlp, text)


def test_the_kremlin_is_an_organization_without_the(nlp):
    # Decision: seats of government that speak for a government are ORG (the actor is RUS GOV), "the" excluded.
    found = ents(nlp, "The Kremlin said on Monday that the White House had not called.")
    assert ("Kremlin", "ORG") in found
    assert ("White House", "ORG") in found
    assert not any(text.lower().startswith("the ") for text, _ in found)


def test_acronyms_match_only_in_capitals(nlp):
    found = ents(nlp, "Who knows what the WHO will decide, said the UN envoy.")
    assert ("WHO", "ORG") in found
    assert ("UN", "ORG") in found
    assert not any(text == "Who" for text, _ in found)


def test_possessive_and_leading_the_are_trimmed(nlp):
    found = ents(nlp, "The money came from the Pentagon's budget and the European Union's fund.")
    assert ("Pentagon", "ORG") in found
    assert ("European Union", "ORG") in found


def test_headline_in_capitals_is_tagged_like_text(nlp):
    found = ents(nlp, "ISRAEL STRIKES HEZBOLLAH TARGETS IN LEBANON\nIsraeli jets struck southern Lebanon on Friday.")
    assert ("ISRAEL", "GPE") in found
    assert ("HEZBOLLAH", "ORG") in found
    assert ("LEBANON", "GPE") in found


def test_wire_dateline_place_is_gpe(nlp):
    found = ents(nlp, "GLASGOW 1996-08-31\nCeltic beat Rangers on Saturday.")
    assert ("GLASGOW", "GPE") in found


def test_results_row_names_teams(nlp):
    found = ents(nlp, "Scottish league results on Saturday :\nNorwich 1 Wolverhampton 0\nFalkirk 2 Montrose 3")
    for team in ("Norwich", "Wolverhampton", "Falkirk", "Montrose"):
        assert (team, "ORG") in found
    assert not any(any(c.isdigit() for c in text) for text, label in found if label == "ORG")


def test_a_surname_alone_is_the_person_named_before(nlp):
    found = ents(nlp, "Alexander Lebed met rebel leaders on Friday. Later Lebed flew back to Moscow.")
    assert ("Alexander Lebed", "PERSON") in found
    assert ("Lebed", "PERSON") in found


def test_entities_are_character_offsets(nlp):
    from dateline.ner import entities

    text = "Amnesty International and Human Rights Watch criticised the ICC."
    doc = nlp(text)
    spans = entities(doc)
    assert spans == sorted(spans)
    assert {(text[s:e], label) for s, e, label in spans} >= {
        ("Amnesty International", "ORG"),
        ("Human Rights Watch", "ORG"),
        ("ICC", "ORG"),
    }


def test_truecasing_keeps_known_casing():
    from dateline.ner import truecase_line

    assert truecase_line(["NATO", "AND", "THE", "KREMLIN"], {}) == ["NATO", "and", "the", "Kremlin"]
    assert truecase_line(["LEICESTERSHIRE", "WIN"], {"leicestershire": "Leicestershire"})[0] == "Leicestershire"


# ---------------------------------------------------------------- organizations.tsv

SECTORS = set("GOV MIL REB OPP PTY LEG JUD COP SPY MED BUS CVL NGO IGO REL EDU HLH".split())
KINDS = {"igo", "armed-group", "party", "agency", "company", "ngo", "media", "militia", "government-body"}


def _organization_rows() -> list[dict[str, str]]:
    return knowledge.data_rows("organizations.tsv")


def test_organizations_file_is_well_formed():
    rows = _organization_rows()
    assert len(rows) >= 250
    codes = {c.alpha3 for c in knowledge.countries()}
    names = [row["name"] for row in rows]
    assert len(names) == len(set(names)), "duplicate organization names"
    for row in rows:
        assert set(row) == {"name", "aliases", "country", "sector", "kind"}, row
        assert row["sector"] in SECTORS, row
        assert row["kind"] in KINDS, row
        assert row["country"] in codes or row["country"] in ("IGO", ""), row
        assert all(alias.strip() == alias and alias for alias in row["aliases"].split("|") if row["aliases"]), row


@pytest.mark.parametrize(
    "alias, country, sector",
    [
        ("UNHCR", "IGO", "IGO"),
        ("WHO", "IGO", "HLH"),
        ("IAEA", "IGO", "IGO"),
        ("NATO", "IGO", "IGO"),
        ("Hamas", "PSE", "REB"),
        ("Ansar Allah", "YEM", "REB"),
        ("Daesh", "", "REB"),
        ("RSF", "SDN", "REB"),
        ("Kremlin", "RUS", "GOV"),
        ("Knesset", "ISR", "LEG"),
        ("IRGC", "IRN", "MIL"),
        ("Mossad", "ISR", "SPY"),
        ("CIA", "USA", "SPY"),
        ("FBI", "USA", "COP"),
        ("Likud", "ISR", "PTY"),
        ("Reuters", "GBR", "MED"),
        ("ICRC", "CHE", "NGO"),
    ],
)
def test_organizations_file_codes_the_usual_actors(alias, country, sector):
    rows = {name: row for row in _organization_rows() for name in (row["name"], *row["aliases"].split("|"))}
    assert alias in rows
    assert (rows[alias]["country"], rows[alias]["sector"]) == (country, sector)


# ---------------------------------------------------------------- the CoNLL scorer


def test_chunks_read_iob1_and_iob2_like_conlleval():
    assert chunks(["I-PER", "I-PER", "O", "I-LOC"]) == [(0, 2, "PER"), (3, 4, "LOC")]
    assert chunks(["I-PER", "B-PER", "O"]) == [(0, 1, "PER"), (1, 2, "PER")]  # IOB1: B- only where two touch
    assert chunks(["B-ORG", "I-ORG", "B-ORG"]) == [(0, 2, "ORG"), (2, 3, "ORG")]  # IOB2
    assert chunks(["I-ORG", "I-LOC"]) == [(0, 1, "ORG"), (1, 2, "LOC")]  # a type change starts a new entity
    assert chunks(["O", "O"]) == []


def test_read_conll_rebuilds_text_and_offsets(tmp_path):
    path = tmp_path / "mini.conll"
    path.write_text(
        "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\ncall NN I-NP O\n\n"
        "Peter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\n\n-DOCSTART- -X- O O\n\nBONN NNP I-NP I-LOC\n",
        encoding="utf-8",
    )
    docs = read_conll(path)
    assert len(docs) == 2
    first = docs[0]
    assert first.text == "EU rejects German call\nPeter Blackburn"
    assert [first.text[s:e] for s, e in first.offsets] == list(first.tokens)
    assert first.gold == {(0, 1, "ORG"), (2, 3, "MISC"), (4, 6, "PER")}
    # predictions: exact, relabelled, a partial token widened to the token, one across the sentence break
    text = first.text
    predicted = align(first, [(0, 2, "ORG"), (11, 17, "NORP"), (text.index("call"), len(text), "PERSON")])
    assert predicted == {(0, 1, "ORG"), (2, 3, "MISC"), (3, 4, "PER"), (4, 6, "PER")}
    result = score([first.gold], [predicted])
    assert (result["precision"], result["recall"], result["n"]) == (0.75, 1.0, 3)


def test_align_drops_numeric_labels_and_keeps_first_of_overlaps(tmp_path):
    path = tmp_path / "mini.conll"
    path.write_text("Bayern NNP I-NP I-ORG\nwon VBD I-VP O\n3-1 CD I-NP O\n", encoding="utf-8")
    (doc,) = read_conll(path)
    predicted = align(doc, [(0, 6, "ORG"), (0, 3, "GPE"), (11, 14, "CARDINAL")])
    assert predicted == {(0, 1, "ORG")}
