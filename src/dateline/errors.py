"""dateline's error vocabulary.

Every error the pipeline raises on purpose is a ``DatelineError``. Messages say
what was wrong, where (file and line when known) and what to do about it. The
CLI turns these into one line on stderr; third-party errors are translated into
these classes where they are caught.
"""

from __future__ import annotations


class DatelineError(Exception):
    """Base class for every error dateline raises on purpose.

    ``where`` names the file (and line, ``path:line``) the problem was found in;
    ``hint`` says what the user can do.
    """

    code = "E000"

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        self.message = message
        self.where = where
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        """One line: ``where: [code] message (hint)``."""
        text = f"[{self.code}] {self.message}"
        if self.where:
            text = f"{self.where}: {text}"
        if self.hint:
            text = f"{text}; {self.hint}"
        return text


class InputError(DatelineError):
    """An input could not be read at all (missing, unreadable, empty, binary, undecodable)."""

    code = "E100"


class NotFoundError(InputError):
    """A path or glob named on the command line matched nothing."""

    code = "E101"


class EmptyInputError(InputError):
    """An input file holds no text."""

    code = "E102"


class BinaryInputError(InputError):
    """An input file holds binary data, not text."""

    code = "E103"


class DecodingError(InputError):
    """An input's bytes could not be decoded as text in any likely encoding."""

    code = "E104"


class RecordError(DatelineError):
    """One record inside an input (a JSON line, a CSV row) is malformed; the rest of the file is kept."""

    code = "E200"


class NoArticleError(DatelineError):
    """An input was read but holds no article text (an HTML page with no main text, say)."""

    code = "E300"


class UsageError(DatelineError):
    """The command was called with options that do not fit together or do not exist."""

    code = "E400"


class EvalError(DatelineError):
    """An evaluation data set is missing or not in the expected layout."""

    code = "E500"
