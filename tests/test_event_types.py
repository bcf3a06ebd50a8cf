"""The hybrid coder: numpy MiniLM embeddings, the type classifier, candidate events, provenance."""

from __future__ import annotations

import dataclasses
import hashlib

import numpy as np
import pytest

import dateline
from conftest import shared_path
from dateline import embed, event_types
from dateline.enrich import enrich
from dateline.events import UNCODED, code_for_type
from dateline.pipeline import process_text


def test_embeddings_are_unit_vectors_that_place_paraphrases_close():
    vectors = embed.encode(["The president met the prime minister.", "The two leaders held talks.",
                            "I like apples.", "The president met the prime minister."])
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > similarity[0, 2] + 0.2  # a meeting is nearer to talks than to apples
    assert np.allclose(vectors[0], vectors[3])  # batching and length sorting do not change a sentence's vector
    alone = embed.encode(["The two leaders held talks."])
    assert np.allclose(alone[0], vectors[1], atol=1e-5)


def test_static_vectors_are_unit_bags_of_word_pieces():
    vectors = embed.encode_static(["Iran accused Israel.", "Israel accused Iran.", "Iran praised Israel.", ""])
    assert vectors.shape == (4, 384) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vectors[0], vectors[1], atol=1e-6)  # a bag: word order does not count
    assert not np.allclose(vectors[0], vectors[2])


def test_long_sentences_are_cut_not_refused():
    long = " ".join(["The minister met the envoy again."] * 60)
    (vector,) = embed.encode([long])
    assert np.isfinite(vector).all() and abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5


def test_features_mask_the_roles():
    masked = event_types.mask_roles("Iran accused Israel of the attack on Iran's embassy.", "Iran", "Israel")
    assert masked.startswith(" SRC  accused  TGT  of the attack")
    assert "Iran's embassy" in masked  # only the first mention is the role
    assert "src accused" in event_types.terms(masked)


def test_model_card_matches_the_shipped_weights_and_training_file():
    card = event_types.card()
    model = event_types.model()
    assert card["model"] == event_types.MODEL_NAME
    assert set(model.classes) == set(card["trained_on"]["labels"])
    vocabularies = model.vocabularies
    assert len(vocabularies.sentence) == card["features"]["sentence_tfidf_terms"]
    assert len(vocabularies.window) == card["features"]["window_tfidf_terms"]
    quick_width = len(vocabularies.sentence) + len(vocabularies.window) + 2 * len(model.rule_types) + 384
    assert model.quick.coef.shape == (len(model.classes), quick_width)
    assert model.full.coef.shape == (len(model.classes), quick_width + 384)
    assert model.cascade == card["learner"]["cascade"]
    assert card["cross_validation_on_training_file"]["macro_f1"] >= 0.75
    plv = shared_path("eval", "events", "zsp_plv", "PLV_train.tsv")
    assert hashlib.sha256(plv.read_bytes()).hexdigest() == card["trained_on"]["sha256"]


def test_window_is_the_words_around_the_trigger():
    sentence = "On Monday the Iraqi army pushed the fighters out of Mosul, and then the Kurds threatened to move on Erbil."
    at = sentence.index("threatened")
    before, after = event_types.WINDOW_BEFORE, event_types.WINDOW_AFTER
    words = event_types.window(sentence, at, at + len("threatened")).split()
    assert words.index("threatened") == before  # then the Kurds ... threatened
    assert len(words) == before + 1 + after or words[-1].endswith(".")
    assert "pushed" not in words
    first = event_types.window(sentence, 0, 2)
    assert first.startswith("On Monday")  # the sentence's first word has nothing before it


def _reading(sentence: str, trigger: str, own: str) -> event_types.Reading:
    at = sentence.index(trigger)
    return event_types.Reading(sentence, at, at + len(trigger), None, None, own, [own])


def test_two_events_of_one_sentence_are_read_apart():
    sentence = ("Russia's foreign minister met his Chinese counterpart in Beijing on Monday, days after Ukraine "
                "accused Moscow of shelling the Zaporizhzhia nuclear plant.")
    (met, _), (accused, _) = event_types.classify([_reading(sentence, "met", "CONSULT"),
                                                    _reading(sentence, "accused", "ACCUSE")])
    assert met == "CONSULT" and accused == "ACCUSE"


def test_the_embedding_is_computed_only_where_the_quick_stage_is_unsure(monkeypatch):
    readings = [_reading("Egypt hosted Sudan's army chief for talks on the war.", "hosted", "CONSULT"),
                _reading("Iran accused Israel of the attack on its embassy in Damascus.", "accused", "ACCUSE")]
    asked: list[list[str]] = []

    def spy(sentences):
        asked.append(list(sentences))
        return embed.encode(sentences)

    model = event_types.model()
    for cascade, calls in ((0.0, 0), (1.01, 1)):
        monkeypatch.setattr(event_types, "model", lambda cascade=cascade: dataclasses.replace(model, cascade=cascade))
        asked.clear()
        labels = event_types.classify(readings, embed=spy)
        assert len(asked) == calls and len(labels) == 2
        if calls:
            assert sorted(asked[0]) == sorted(r.sentence for r in readings)


def test_code_for_type_is_the_most_general_code():
    assert code_for_type("CONSULT").code == "040"
    assert code_for_type("CONCEDE").code == "080"
    assert code_for_type("RETREAT").code == "084"
    assert code_for_type("NO SUCH TYPE") is None


def _events(text: str, coder: str):
    (article,) = enrich(process_text(text, published="2024-05-01", input_format="feed"), coder=coder)
    return article.events


def test_rule_coder_never_outputs_candidates_and_hybrid_types_or_drops_them():
    text = ("Russian forces pushed Ukrainian troops out of the eastern town on Monday. "
            "Egypt hosted Sudanese army chief Abdel Fattah al-Burhan in Cairo for talks on the war.")
    rules = _events(text, "dateline.rule_coder.v1")
    hybrid = _events(text, "dateline.hybrid_coder.v2")
    for events in (rules, hybrid):
        assert all(e.cameo.code != UNCODED.code and e.plover for e in events)
    assert not any("uncoded" in e.pattern for e in rules)
    for event in hybrid:
        if "uncoded-verb" in event.pattern:
            assert event.pattern.endswith("+" + event_types.MODEL_NAME) and event.confidence <= 0.5
            assert event.cameo == code_for_type(event.plover)
    hosted = [e for e in hybrid if e.trigger["text"] == "hosted"]
    assert hosted and hosted[0].plover == "CONSULT"


def test_a_retyped_event_says_so_and_keeps_its_cameo_reading():
    events = _events("China lent Sri Lanka $1 billion to shore up its reserves, officials said. "
                     "Iran seized a British tanker in the Strait of Hormuz.", "dateline.hybrid_coder.v2")
    assert any(e.plover_type is not None for e in events)
    for event in events:
        record = event.to_dict()
        if event.plover_type is not None:
            assert event.pattern.endswith("+" + event_types.MODEL_NAME)
            assert record["plover"]["type"] == event.plover_type and record["plover"]["mode"] is None
        else:
            assert record["plover"]["type"] == event.cameo.plover


def test_articles_use_the_rule_coder_by_default():
    (article,) = dateline.process("A Title\n\nUkraine and the West accuse Russia of arming the insurgents who seized "
                                  "government buildings, officials said.", published="2024-05-01")
    assert article.events and all(e.plover_type is None and "event_types" not in e.pattern for e in article.events)


@pytest.mark.parametrize("coder", ["dateline.rule_coder.v1", "dateline.hybrid_coder.v2"])
def test_unknown_coder_is_a_usage_error(coder):
    from dateline.errors import UsageError

    with pytest.raises(UsageError):
        list(enrich(process_text("A Title\n\nSome body text that is long enough here.", input_format="feed"),
                    coder=coder + "-nope"))
