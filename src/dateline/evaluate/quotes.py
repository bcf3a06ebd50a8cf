"""Attribution scorer on PolNeAR's BRAT layout (quotations, reported speech and their sources).

Reading. A folder holds ``text/NAME.txt`` (the raw article) and ``attributions/NAME_ANNOTATOR.ann``
(BRAT standoff; the two may also sit side by side). Where an article has several annotators the
lexicographically first ``.ann`` file is scored. ``T`` lines are spans (``Source``, ``Cue``,
``Content``, the ``Attribution`` / ``Attribution-no-source`` anchors, ``Discuss`` / ``Discard``
marks; discontinuous spans ``a b;c d``); ``E`` lines tie them into attribution relations
(``E1 Attribution:T4 Content:T3 Cue:T2 Source:T1``). Every relation with a ``Content`` is one gold
attribution; its source may be missing (``Attribution-no-source``).

Running. Each ``.txt`` is annotated as it is, offsets untouched (``dateline.annotate.pipe``), its
actors resolved (``resolve_actors([("body", doc)])``) and its quotes found
(``dateline.quotes.find_quotes``).

From quotes to attributions. PolNeAR gives one attribution per cue, its content possibly in
several pieces ("“A,” he said. “B.”"), and is univocal (a token has one role in one attribution:
a report inside another report's content is not annotated on its own). So the system's quotes
are grouped by cue span (a direct quote and the indirect content of the same cue make one
attribution, whose speaker is its first quote's; a quote without a cue is its own), and a system
attribution whose content and cue lie wholly inside another system attribution's content is not
scored.

Scoring (all counts summed over documents, floats rounded to four decimals):

* Contents are compared as sets of word tokens (``\\w+`` runs) of the text; punctuation,
  quotation marks and whitespace never count. A leading complementizer "that" is ignored.
* **content_f1_exact**: a system attribution matches a gold one when their word-token sets are
  identical (the same span modulo surrounding punctuation, quotation marks, whitespace and a
  leading "that"; the pieces of a split quotation together), one-to-one.
* **content_f1_overlap**: pairs that share at least one word token, matched one-to-one greedily
  by the number of shared tokens (largest first). Precision = matched / system attributions,
  recall = matched / gold attributions.
* **content_f1_soft**: token-level F1 (shared tokens of the overlap pairs over all system and all
  gold content tokens), a proportional view of the same pairs.
* **speaker_accuracy**: over overlap pairs whose gold attribution has a source, the share whose
  predicted speaker span overlaps the gold source span, or whose predicted actor has a mention
  that overlaps it (the same entity named elsewhere: "he" for "Figueroa"). A gold source that is a
  bare relative pronoun ("officials, who said ...") stands for its antecedent: a predicted speaker
  phrase that ends right before it (only punctuation and spaces between) names the same entity.
* **cue_f1**: system cue spans against gold cue spans, a pair when they share a character,
  one-to-one.
* **recall_direct** / **recall_indirect**: overlap recall over gold contents that open with a
  quotation mark, and over the others.

``n`` is the number of gold attributions (with a content), ``system`` the number of system
attributions scored, ``speaker_pairs`` the overlap pairs whose gold attribution has a source,
``documents`` the number of articles.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvalError
from . import prf

__all__ = ["GoldAttribution", "BratDocument", "read_brat", "brat_documents", "evaluate_quotes", "score_document"]

_WORD = re.compile(r"\w+")
_MARKS = "\"“”„«»‘’'`"


@dataclass(frozen=True)
class GoldAttribution:
    """One gold attribution: content, cue and source spans (each a tuple of ``(start, end)`` pieces)."""

    content: tuple[tuple[int, int], ...]
    cue: tuple[tuple[int, int], ...]
    source: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class BratDocument:
    name: str
    text: str
    annotator: str
    attributions: tuple[GoldAttribution, ...]


@dataclass(frozen=True)
class SystemAttribution:
    """Quotes of one cue, grouped: their content pieces, the cue span, speaker span and actor mentions."""

    content: tuple[tuple[int, int], ...]
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    actor_spans: tuple[tuple[int, int], ...]
    kinds: tuple[str, ...]


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    exact: int = 0
    overlap: int = 0
    shared_tokens: int = 0
    gold_tokens: int = 0
    system_tokens: int = 0
    speaker_pairs: int = 0
    speaker_correct: int = 0
    cue_gold: int = 0
    cue_system: int = 0
    cue_matched: int = 0
    gold_direct: int = 0
    gold_direct_found: int = 0
    gold_indirect: int = 0
    gold_indirect_found: int = 0
    missed: list[tuple[str, GoldAttribution]] = field(default_factory=list)
    spurious: list[tuple[str, SystemAttribution]] = field(default_factory=list)
    wrong_speaker: list[tuple[str, GoldAttribution, SystemAttribution]] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for name, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)
            else:
                getattr(self, name).extend(value)


# ---------------------------------------------------------------------------
# reading


def _spans(value: str) -> tuple[tuple[int, int], ...]:
    out = []
    for piece in value.split(";"):
        parts = piece.split()
        if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
            out.append((int(parts[0]), int(parts[1])))
    return tuple(out)


def read_brat(text_path: Path, ann_path: Path) -> BratDocument:
    """Read one article and one annotator's ``.ann`` file."""
    try:
        text = text_path.read_text(encoding="utf-8")
        lines = ann_path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"cannot read the BRAT files ({exc})", where=str(ann_path)) from exc
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}
    relations: list[dict[str, str]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            label, _, offsets = fields[1].partition(" ")
            spans[fields[0]] = (label, _spans(offsets))
        elif line.startswith("E") and len(fields) >= 2:
            roles: dict[str, str] = {}
            for part in fields[1].split():
                role, _, ref = part.partition(":")
                roles.setdefault(role, ref)
            relations.append(roles)
    attributions = []
    for roles in relations:
        content = spans.get(roles.get("Content", ""), ("", ()))[1]
        if not content:
            continue
        cue = spans.get(roles.get("Cue", ""), ("", ()))[1]
        source = spans.get(roles.get("Source", ""), ("", ()))[1]
        attributions.append(GoldAttribution(content, cue, source))
    name = text_path.stem
    annotator = ann_path.stem[len(name) + 1 :] if ann_path.stem.startswith(name + "_") else ""
    return BratDocument(name, text, annotator, tuple(attributions))


def brat_documents(directory: Path) -> list[tuple[Path, Path]]:
    """(text, annotation) pairs under ``directory``: one ``.ann`` per article, the first annotator's."""
    directory = Path(directory)
    if not directory.is_dir():
        raise EvalError("not a folder", where=str(directory), hint="give a PolNeAR split, e.g. ../shared/eval/quotes/polnear/dev")
    texts = {p.stem: p for p in sorted(directory.rglob("*.txt"))}
    anns = sorted(directory.rglob("*.ann"))
    pairs: dict[str, tuple[Path, Path]] = {}
    for ann in anns:
        stem = ann.stem
        name = stem if stem in texts else stem.rsplit("_", 1)[0]
        if name in texts and name not in pairs:
            pairs[name] = (texts[name], ann)
    if not pairs:
        raise EvalError(
            "no BRAT files (text/*.txt with attributions/*.ann) in the folder",
            where=str(directory),
            hint="give a PolNeAR split laid out as text/NAME.txt and attributions/NAME_ANNOTATOR.ann",
        )
    return [pairs[name] for name in sorted(pairs)]


# ---------------------------------------------------------------------------
# scoring


class _Tokens:
    """Word tokens of a text, for turning character spans into token sets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        self.starts = [s for s, _ in self.spans]

    def of(self, pieces: Iterable[tuple[int, int]]) -> frozenset[int]:
        import bisect

        out: set[int] = set()
        for start, end in pieces:
            k = max(0, bisect.bisect_right(self.starts, start) - 1)
            while k < len(self.spans) and self.spans[k][0] < end:
                if self.spans[k][1] > start:
                    out.add(k)
                k += 1
        return frozenset(out)

    def content(self, pieces: Iterable[tuple[int, int]]) -> frozenset[int]:
        """Word tokens of a content, without a leading complementizer "that"."""
        tokens = self.of(pieces)
        if tokens:
            first = min(tokens)
            s, e = self.spans[first]
            if self.text[s:e].lower() == "that" and len(tokens) > 1:
                tokens = tokens - {first}
        return tokens


def _touch(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> bool:
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)


_RELATIVE = {"who", "which", "that", "whom", "whose"}


def _antecedent(text: str, speaker: tuple[int, int], source: Sequence[tuple[int, int]]) -> bool:
    """A gold source that is a bare relative pronoun ("who said") stands for its antecedent: a predicted
    speaker phrase ending right before it (nothing but punctuation and spaces between) names it."""
    if len(source) != 1:
        return False
    start, end = source[0]
    if text[start:end].strip().lower() not in _RELATIVE or speaker[1] > start:
        return False
    return not text[speaker[1] : start].strip(" ,\n\t\u00a0")


def system_attributions(quotes: Sequence[Any], actors: Sequence[Any] = ()) -> list[SystemAttribution]:
    """Group quotes by cue and drop attributions nested in another's content (PolNeAR is univocal)."""
    mentions_of = {a.id: tuple((m.start, m.end) for m in a.mentions if m.field == "body") for a in actors}
    groups: dict[Any, list[Any]] = {}
    for q in quotes:
        key = (q.cue_start, q.cue_end) if q.cue_start is not None else ("quote", q.start, q.end)
        groups.setdefault(key, []).append(q)
    units = []
    for key, qs in groups.items():
        pieces = tuple(sorted((q.start, q.end) for q in qs))
        first = min(qs, key=lambda q: (q.kind != "direct" and q.kind != "indirect", q.start))
        sp = first.speaker
        speaker = (sp.start, sp.end) if sp.start is not None and sp.end is not None else None
        cue = (first.cue_start, first.cue_end) if first.cue_start is not None else None
        units.append(SystemAttribution(pieces, cue, speaker, mentions_of.get(sp.actor, ()) if sp.actor else (),
                                       tuple(sorted({q.kind for q in qs}))))
    kept = []
    for u in units:
        nested = False
        for other in units:
            if other is u:
                continue
            inside = all(any(o0 <= s and e <= o1 for o0, o1 in other.content) for s, e in u.content)
            cue_inside = u.cue is None or any(o0 <= u.cue[0] and u.cue[1] <= o1 for o0, o1 in other.content)
            if inside and cue_inside and u.content != other.content:
                nested = True
                break
        if not nested:
            kept.append(u)
    return kept


def score_document(doc: BratDocument, system: Sequence[SystemAttribution]) -> Counts:
    """Match system attributions to the gold ones of one document and count."""
    tokens = _Tokens(doc.text)
    counts = Counts(gold=len(doc.attributions), system=len(system))
    gold_sets = [tokens.content(g.content) for g in doc.attributions]
    sys_sets = [tokens.content(s.content) for s in system]
    counts.gold_tokens = sum(len(s) for s in gold_sets)
    counts.system_tokens = sum(len(s) for s in sys_sets)
    # exact: identical token sets, one-to-one
    free = list(range(len(system)))
    for g in gold_sets:
        hit = next((k for k in free if sys_sets[k] == g and g), None)
        if hit is not None:
            free.remove(hit)
            counts.exact += 1
    # overlap: greedy by shared tokens
    pairs = []
    for gi, g in enumerate(gold_sets):
        for si, s in enumerate(sys_sets):
            shared = len(g & s)
            if shared:
                pairs.append((shared, -abs(len(g) - len(s)), gi, si))
    pairs.sort(reverse=True)
    gold_used: dict[int, int] = {}
    sys_used: set[int] = set()
    for shared, _, gi, si in pairs:
        if gi in gold_used or si in sys_used:
            continue
        gold_used[gi] = si
        sys_used.add(si)
        counts.overlap += 1
        counts.shared_tokens += shared
        gold = doc.attributions[gi]
        sysa = system[si]
        if gold.source:
            counts.speaker_pairs += 1
            ok = sysa.speaker is not None and _touch([sysa.speaker], gold.source)
            ok = ok or _touch(sysa.actor_spans, gold.source)
            ok = ok or (sysa.speaker is not None and _antecedent(doc.text, sysa.speaker, gold.source))
            counts.speaker_correct += ok
            if not ok:
                counts.wrong_speaker.append((doc.name, gold, sysa))
    for gi, gold in enumerate(doc.attributions):
        first = min(s for s, _ in gold.content)
        direct = doc.text[first : first + 1] in _MARKS or doc.text[first : first + 2] in ("''", "``")
        if direct:
            counts.gold_direct += 1
            counts.gold_direct_found += gi in gold_used
        else:
            counts.gold_indirect += 1
            counts.gold_indirect_found += gi in gold_used
        if gi not in gold_used:
            counts.missed.append((doc.name, gold))
    counts.spurious.extend((doc.name, system[si]) for si in range(len(system)) if si not in sys_used)
    # cues
    gold_cues = [g.cue for g in doc.attributions if g.cue]
    sys_cues = sorted({s.cue for s in system if s.cue is not None})
    counts.cue_gold, counts.cue_system = len(gold_cues), len(sys_cues)
    used: set[int] = set()
    for cue in sys_cues:
        hit = next((k for k, g in enumerate(gold_cues) if k not in used and _touch([cue], g)), None)
        if hit is not None:
            used.add(hit)
            counts.cue_matched += 1
    return counts


def _f1(correct: int, system: int, gold: int) -> float:
    return prf(correct, system, gold)[2]


def _run_pipeline(texts: list[str]) -> list[tuple[list[Any], list[Any]]]:
    from .. import annotate
    from ..actors import resolve_actors
    from ..quotes import find_quotes

    out = []
    for doc in annotate.pipe(texts):
        actors = resolve_actors([("body", doc)])
        out.append((find_quotes(doc, actors), actors))
    return out


def evaluate_quotes(
    directory: Path,
    runner: Callable[[list[str]], list[tuple[list[Any], list[Any]]]] | None = None,
    on_document: Callable[[BratDocument, Counts], None] | None = None,
) -> dict[str, float | int]:
    """Score the quote finder on every BRAT document under ``directory`` (PolNeAR layout).

    Returns ``{"content_f1_exact", "content_f1_overlap", "content_precision_overlap",
    "content_recall_overlap", "content_f1_soft", "speaker_accuracy", "cue_f1", "recall_direct",
    "recall_indirect", "n", "system", "documents"}``; conventions in the module docstring.
    """
    pairs = brat_documents(Path(directory))
    documents = [read_brat(text, ann) for text, ann in pairs]
    results = (runner or _run_pipeline)([d.text for d in documents])
    total = Counts()
    for doc, (quotes, actors) in zip(documents, results):
        counts = score_document(doc, system_attributions(quotes, actors))
        total.add(counts)
        if on_document:
            on_document(doc, counts)
    soft_p = total.shared_tokens / total.system_tokens if total.system_tokens else 0.0
    soft_r = total.shared_tokens / total.gold_tokens if total.gold_tokens else 0.0
    return {
        "content_f1_exact": round(_f1(total.exact, total.system, total.gold), 4),
        "content_f1_overlap": round(_f1(total.overlap, total.system, total.gold), 4),
        "content_precision_overlap": round(total.overlap / total.system if total.system else 0.0, 4),
        "content_recall_overlap": round(total.overlap / total.gold if total.gold else 0.0, 4),
        "content_f1_soft": round(2 * soft_p * soft_r / (soft_p + soft_r) if soft_p + soft_r else 0.0, 4),
        "speaker_accuracy": round(total.speaker_correct / total.speaker_pairs if total.speaker_pairs else 0.0, 4),
        "cue_f1": round(_f1(total.cue_matched, total.cue_system, total.cue_gold), 4),
        "recall_direct": round(total.gold_direct_found / total.gold_direct if total.gold_direct else 0.0, 4),
        "recall_indirect": round(total.gold_indirect_found / total.gold_indirect if total.gold_indirect else 0.0, 4),
        "n": total.gold,
        "system": total.system,
        "speaker_pairs": total.speaker_pairs,
        "documents": len(documents),
    }
