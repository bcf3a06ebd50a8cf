"""TimeML reader and TIMEX3 scorer (TempEval-3 conventions).

Reading. Every ``.tml`` file under the folder is one document. Its text is the
content of ``<TEXT>`` with every tag removed and XML entities decoded; gold
offsets are character offsets into that plain text. The document creation time
(DCT) is the ``TIMEX3`` whose ``functionInDocument`` is ``CREATION_TIME`` (its
value's ``YYYY-MM-DD`` part); it is the anchor given to ``find_times`` and is
not itself a gold timex. The gold timexes are the other ``TIMEX3`` elements
inside ``<TEXT>``, each with its ``type`` and ``value``.

Scoring, as in TempEval-3 task A (timex extent, type and value):

* **extent, relaxed**: a system timex matches a gold timex when their spans
  overlap by at least one character. Matching is one-to-one: system timexes are
  taken in text order and each is paired with the unpaired gold timex it
  overlaps most. P = matched / system, R = matched / gold, F1 their harmonic
  mean.
* **extent, strict**: the relaxed pairs whose spans are identical (same start
  and end), over the same denominators.
* **value**: a system timex is correct when it is paired (relaxed) with a gold
  timex and has exactly the same value string. P = correct / system,
  R = correct / gold, F1 their harmonic mean (which equals TempEval-3's
  "attribute F1", relaxed extent F1 times value accuracy). The headline figure.
* **type accuracy**: the share of relaxed pairs whose types agree.

All counts are summed over documents (micro average). Floats are rounded to
four decimals.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EvalError
from . import prf
from ..times import TimeExpr, find_times

__all__ = ["GoldTimex", "TimemlDocument", "DocumentScore", "read_timeml", "score_document", "evaluate_timex"]


@dataclass(frozen=True)
class GoldTimex:
    """One gold TIMEX3: its span in the plain ``<TEXT>`` text, type and value."""

    text: str
    start: int
    end: int
    type: str
    value: str


@dataclass(frozen=True)
class TimemlDocument:
    """A TimeML file read: plain text, creation date and gold timexes."""

    name: str
    text: str
    dct: dt.date | None
    timexes: tuple[GoldTimex, ...]


@dataclass
class DocumentScore:
    """Counts for one document, and the pairs behind them (for error analysis)."""

    gold: int = 0
    system: int = 0
    relaxed: int = 0
    strict: int = 0
    value: int = 0
    type: int = 0
    pairs: list[tuple[GoldTimex, TimeExpr]] = field(default_factory=list)
    missed: list[GoldTimex] = field(default_factory=list)
    spurious: list[TimeExpr] = field(default_factory=list)

    def add(self, other: DocumentScore) -> None:
        """Add another document's counts to these."""
        for name in ("gold", "system", "relaxed", "strict", "value", "type"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def _walk(element: ET.Element, parts: list[str], offset: int, found: list[GoldTimex]) -> int:
    """Append the element's plain text to ``parts``, recording TIMEX3 spans (text filled in later);
    return the offset after it."""
    start = offset
    if element.text:
        parts.append(element.text)
        offset += len(element.text)
    for child in element:
        offset = _walk(child, parts, offset, found)
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    if element.tag == "TIMEX3" and element.get("functionInDocument") != "CREATION_TIME":
        found.append(GoldTimex("", start, offset, element.get("type", ""), element.get("value", "")))
    return offset


def read_timeml(path: Path) -> TimemlDocument:
    """Read one TimeML file: the plain text of ``<TEXT>``, its DCT and its gold timexes."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise EvalError(f"cannot read the TimeML file ({exc})", where=str(path)) from exc
    body = root.find(".//TEXT")
    if body is None:
        raise EvalError("no <TEXT> element", where=str(path), hint="give TimeML 1.2 files (.tml)")
    dct = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = _parse_date(timex.get("value"))
            break
    parts: list[str] = []
    found: list[GoldTimex] = []
    _walk(body, parts, 0, found)
    text = "".join(parts)
    timexes = tuple(
        GoldTimex(text[t.start : t.end], t.start, t.end, t.type, t.value) for t in sorted(found, key=lambda t: t.start)
    )
    return TimemlDocument(path.name, text, dct, timexes)


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return min(a_end, b_end) - max(a_start, b_start)


def score_document(gold: Sequence[GoldTimex], system: Sequence[TimeExpr]) -> DocumentScore:
    """Pair system timexes with gold ones (relaxed, one-to-one) and count the matches."""
    result = DocumentScore(gold=len(gold), system=len(system))
    free = list(gold)
    for sys in sorted(system, key=lambda t: (t.start, t.end)):
        best, best_overlap = None, 0
        for g in free:
            overlap = _overlap(g.start, g.end, sys.start, sys.end)
            if overlap > best_overlap:
                best, best_overlap = g, overlap
        if best is None:
            result.spurious.append(sys)
            continue
        free.remove(best)
        result.pairs.append((best, sys))
        result.relaxed += 1
        result.strict += best.start == sys.start and best.end == sys.end
        result.value += best.value == sys.value
        result.type += best.type == sys.type
    result.missed = free
    return result


def _f1(correct: int, system: int, gold: int) -> float:
    return prf(correct, system, gold)[2]


def tml_files(directory: Path) -> list[Path]:
    """The ``.tml`` files under ``directory`` (recursively), sorted; EvalError when there are none."""
    files = sorted(directory.rglob("*.tml")) if directory.is_dir() else []
    if not files:
        raise EvalError(
            "no .tml files in the folder",
            where=str(directory),
            hint="give a folder of TimeML files, e.g. ../shared/eval/temporal/tbaq_cleaned/TimeBank",
        )
    return files


def evaluate_timex(
    directory: Path,
    finder: Callable[[str, dt.date | None], Iterable[TimeExpr]] = find_times,
    on_document: Callable[[TimemlDocument, DocumentScore], None] | None = None,
) -> dict[str, float | int]:
    """Run ``finder`` on every TimeML document under ``directory`` and score it against the gold TIMEX3s.

    Returns ``{"extent_f1", "extent_f1_strict", "extent_precision", "extent_recall",
    "value_f1", "value_precision", "value_recall", "type_accuracy", "n", "system",
    "documents"}``; ``n`` is the number of gold timexes.
    """
    total = DocumentScore()
    files = tml_files(Path(directory))
    for path in files:
        doc = read_timeml(path)
        result = score_document(doc.timexes, list(finder(doc.text, doc.dct)))
        total.add(result)
        if on_document:
            on_document(doc, result)
    return {
        "extent_f1": round(_f1(total.relaxed, total.system, total.gold), 4),
        "extent_f1_strict": round(_f1(total.strict, total.system, total.gold), 4),
        "extent_precision": round(total.relaxed / total.system if total.system else 0.0, 4),
        "extent_recall": round(total.relaxed / total.gold if total.gold else 0.0, 4),
        "value_f1": round(_f1(total.value, total.system, total.gold), 4),
        "value_precision": round(total.value / total.system if total.system else 0.0, 4),
        "value_recall": round(total.value / total.gold if total.gold else 0.0, 4),
        "type_accuracy": round(total.type / total.relaxed if total.relaxed else 0.0, 4),
        "n": total.gold,
        "system": total.system,
        "documents": len(files),
    }
