"""Finding, opening and decoding inputs.

``expand_inputs`` turns command-line arguments (files, directories, globs, ``-``)
into input names; ``open_text`` opens one of them (gzip detected by its magic
bytes), refuses binary and empty files, picks the encoding (UTF-8 first, then
the charset that charset-normalizer detects) and returns a line stream whose
memory stays bounded however large the file is.
"""

from __future__ import annotations

import codecs
import glob
import gzip
import io
import os
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

from ..errors import BinaryInputError, DecodingError, EmptyInputError, InputError, NotFoundError

SAMPLE_BYTES = 256 * 1024
"""How much of a file is looked at to choose its encoding and format."""

MAX_LINE_CHARS = 4 * 1024 * 1024
"""Longest line read in one piece; longer lines are read in pieces of this size."""

LEGACY_TOLERANCE = 0.05
"""How much worse (charset-normalizer 'chaos') windows-1252 may score than the best guess and still be chosen."""

_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "an SQLite database",
    b"BZh": "a bzip2 archive (decompress it first)",
    b"\xfd7zXZ": "an xz archive (decompress it first)",
    b"PAR1": "a Parquet file",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
STDIN = "-"


def expand_inputs(specs: list[str]) -> Iterator[str | NotFoundError]:
    """Yield input names for command-line arguments, in a stable order.

    Directories are walked recursively (hidden files skipped), globs are
    expanded (``**`` allowed), ``-`` stands for stdin. An argument that matches
    nothing yields a ``NotFoundError`` in its place, so the other inputs still run.
    """
    for spec in specs:
        if spec == STDIN:
            yield STDIN
        elif os.path.isdir(spec):
            found = False
            for root, dirs, files in os.walk(spec):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        found = True
                        yield os.path.join(root, name)
            if not found:
                yield NotFoundError("the directory holds no files", where=spec)
        elif os.path.exists(spec):
            yield spec
        else:
            matches = sorted(m for m in glob.glob(spec, recursive=True) if os.path.isfile(m))
            if matches:
                yield from matches
            else:
                yield NotFoundError(
                    "no such file, directory or matching glob", where=spec, hint="check the path"
                )


class _Prepended(io.RawIOBase):
    """A read-only stream that replays bytes already read, then reads on from the source."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._rest.close()
        super().close()


@dataclass
class DecodeStats:
    """Counts undecodable bytes replaced while reading a file (after the sample chose the encoding)."""

    replaced: int = 0


@dataclass
class TextInput:
    """An opened, decoded input.

    ``name`` is the path as given (``-`` for stdin); ``encoding`` the encoding
    chosen; ``sample`` the first decoded characters (for format detection);
    ``stream`` yields the text. ``compressed`` is true for gzip input.
    """

    name: str
    encoding: str
    sample: str
    stream: io.TextIOBase
    compressed: bool = False
    stats: DecodeStats = field(default_factory=DecodeStats)

    def lines(self) -> Iterator[tuple[int, str]]:
        """Yield ``(line number, line without its newline)``; very long lines come in pieces."""
        number = 0
        pending = False
        while True:
            chunk = self.stream.readline(MAX_LINE_CHARS)
            if not chunk:
                return
            if not pending:
                number += 1
            pending = not chunk.endswith("\n")
            yield number, chunk.rstrip("\r\n")

    def read_all(self, limit: int) -> str:
        """Read the whole text, refusing inputs over ``limit`` characters."""
        text = self.stream.read(limit + 1)
        if len(text) > limit:
            raise InputError(
                f"too large to read as one document ({limit // (1024 * 1024)} MB at most)",
                where=self.name,
                hint="split it, or give --input-format dump/jsonl/csv, which stream",
            )
        return text

    def close(self) -> None:
        self.stream.close()


_ERROR_HANDLER = "dateline-count"
_ACTIVE_STATS: list[DecodeStats] = []


def _count_and_replace(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeDecodeError):
        raise err
    if _ACTIVE_STATS:
        _ACTIVE_STATS[-1].replaced += err.end - err.start
    return "\ufffd", err.end


codecs.register_error(_ERROR_HANDLER, _count_and_replace)


def _describe_binary(sample: bytes) -> str | None:
    for magic, what in _MAGIC.items():
        if sample.startswith(magic):
            return what
    if b"\x00" in sample[:8192]:
        return "binary data (NUL bytes)"
    head = sample[:8192]
    if head:
        controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
        if controls / len(head) > 0.05:
            return "binary data (control bytes)"
    return None


def _choose_encoding(sample: bytes, name: str) -> str:
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding
    what = _describe_binary(sample)
    if what:
        raise BinaryInputError(
            f"not text: looks like {what}", where=name, hint="give dateline text, HTML, JSON Lines or CSV"
        )
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(sample))
    if not matches:
        raise DecodingError(
            "bytes are neither UTF-8 nor any charset that could be detected",
            where=name,
            hint="convert the file to UTF-8 (e.g. with iconv)",
        )
    # Single-byte code pages are hard to tell apart on little text; among the near-best
    # guesses, prefer windows-1252, by far the most common legacy encoding of news pages.
    best = min(match.chaos for match in matches)
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best + LEGACY_TOLERANCE:
            return "cp1252"
    return str(matches[0].encoding)


def open_binary(name: str) -> BinaryIO:
    """Open an input name for binary reading (``-`` is stdin)."""
    if name == STDIN:
        return sys.stdin.buffer
    try:
        return open(name, "rb")
    except IsADirectoryError as exc:
        raise InputError("is a directory", where=name) from exc
    except PermissionError as exc:
        raise InputError("permission denied", where=name, hint="check the file's permissions") from exc
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror or exc}", where=name) from exc


def open_text(name: str) -> TextInput:
    """Open an input as decoded text with bounded memory.

    Raises ``EmptyInputError``, ``BinaryInputError``, ``DecodingError`` or
    ``InputError`` with the file named and a hint.
    """
    raw: BinaryIO = open_binary(name)
    compressed = False
    try:
        head = raw.read(2)
        if head == b"\x1f\x8b":
            compressed = True
            raw = gzip.GzipFile(fileobj=_Prepended(head, raw), mode="rb")  # type: ignore[assignment]
            head = b""
        sample = head + raw.read(SAMPLE_BYTES)
    except (OSError, EOFError, zlib.error) as exc:
        raw.close()
        raise InputError(f"cannot read: {exc}", where=name, hint="is the gzip file complete?") from exc
    if not sample.strip():
        raw.close()
        raise EmptyInputError("the file is empty", where=name, hint="nothing to do")
    try:
        encoding = _choose_encoding(sample, name)
    except InputError:
        raw.close()
        raise
    stats = DecodeStats()
    buffered = io.BufferedReader(_Prepended(sample, raw), buffer_size=64 * 1024)
    stream = _CountingTextWrapper(buffered, encoding, stats)
    sample_text = sample.decode(encoding, errors="replace")
    if encoding.startswith("utf-8"):
        sample_text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(sample, final=False)
    return TextInput(name, encoding, sample_text.lstrip("\ufeff"), stream, compressed, stats)


class _CountingTextWrapper(io.TextIOWrapper):
    """A TextIOWrapper whose undecodable bytes are replaced and counted in ``stats``."""

    def __init__(self, buffer: io.BufferedReader, encoding: str, stats: DecodeStats):
        super().__init__(buffer, encoding=encoding, errors=_ERROR_HANDLER, newline=None)
        self._stats = stats

    def readline(self, size: int = -1) -> str:  # type: ignore[override]
        _ACTIVE_STATS.append(self._stats)
        try:
            return super().readline(size)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"cannot read on: {exc}", where=None) from exc
        finally:
            _ACTIVE_STATS.pop()

    def read(self, size: int | None = -1) -> str:
        _ACTIVE_STATS.append(self._stats)
        try:
            return super().read(size)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"cannot read on: {exc}", where=None) from exc
        finally:
            _ACTIVE_STATS.pop()


def display_name(name: str) -> str:
    """The name used in records and messages (``-`` for stdin, else the path as given)."""
    return name if name == STDIN else str(Path(name))
