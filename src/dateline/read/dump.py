"""Reading text dumps: copied page text, one or more articles per file, streamed in chunks.

A dump is cut into chunks at runs of blank lines longer than the ones that
separate paragraphs (the usual gap is learnt from the start of the file), so a
file of any size is read with bounded memory. The cleaner then splits a chunk
further where a repeated headline starts a new article.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from .base import RawText
from .inputs import TextInput

MAX_CHUNK_CHARS = 2 * 1024 * 1024
"""A chunk with no article break is cut at the next blank line past this size."""


def boundary_gap(sample: str) -> int:
    """The number of consecutive blank lines that separates articles in this dump.

    Paragraph gaps are the most common run of blank lines; an article break is
    any run longer than that (at least two blank lines).
    """
    runs: Counter[int] = Counter()
    run = 0
    for line in sample.splitlines():
        if line.strip():
            if run:
                runs[run] += 1
            run = 0
        else:
            run += 1
    if not runs:
        return 2
    usual = runs.most_common(1)[0][0]
    return max(2, usual + 1)


def read_dump(inp: TextInput) -> Iterator[RawText]:
    """Yield the chunks of an opened dump, each with its first and last input line."""
    yield from chunk_dump(inp.name, inp.lines(), inp.sample)


def chunk_dump(name: str, numbered_lines: Iterable[tuple[int, str]], sample: str) -> Iterator[RawText]:
    """Cut numbered lines into chunks at article-sized gaps (learnt from ``sample``)."""
    gap = boundary_gap(sample)
    lines: list[str] = []
    size = 0
    first = last = 0
    blank_run = 0
    for number, line in numbered_lines:
        if not line.strip():
            blank_run += 1
            if lines:
                lines.append("")
            if lines and (blank_run >= gap or size > MAX_CHUNK_CHARS):
                yield RawText(name, "dump", "\n".join(lines).strip("\n"), first, last)
                lines, size = [], 0
            continue
        blank_run = 0
        if not lines:
            first = number
        lines.append(line)
        size += len(line)
        last = number
    if lines:
        yield RawText(name, "dump", "\n".join(lines).strip("\n"), first, last)
