"""Text from users made safe to show: no terminal escapes, control or direction-override characters.

A department name or a comment comes from a file anyone could have edited. Printed raw, an ESC
sequence (``\\x1b[2J``) clears or recolours the terminal, a BEL rings, a NUL or other control
character breaks a Word or Excel file, and a right-to-left override (U+202E) shows text reversed
so that a plan can seem to say something else. :func:`clean_text` removes all of these and keeps
every printable character (accents, other scripts, emoji) as it is.
"""

from __future__ import annotations

import io
import re
from typing import Any, TextIO

# ESC followed by a CSI sequence (ESC [ params final), an OSC string (ESC ] ... BEL or ESC \),
# or any single character (ESC c resets the terminal, ESC 7/8 save and restore the cursor).
_ESCAPE = r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|.)?"
# C0 controls except tab, newline and the CR of a CR LF (a lone CR overwrites the line), DEL,
# C1 controls (U+0080-U+009F, e.g. the 8-bit CSI U+009B), the bidi embeddings and overrides
# U+202A-U+202E and the isolates U+2066-U+2069.
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)"
UNSAFE_PATTERN = f"{_ESCAPE}|{_CONTROL}"
_UNSAFE = re.compile(UNSAFE_PATTERN, re.DOTALL)
# The same characters as UTF-8 bytes, to skip the cleaning of a whole file that has none.
UNSAFE_BYTES = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_NOT_A_FIRST_BYTE = bytes(b for b in range(256) if b not in _CONTROL_BYTES + b"\r\xc2\xe2")
_UNSAFE_SEQUENCES = tuple(  # (first byte, the sequences it starts)
    (first, re.compile(pattern))
    for first, pattern in ((0xC2, rb"\xc2[\x80-\x9f]"), (0xE2, rb"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"))
)


def has_unsafe_bytes(raw: bytes) -> bool:
    """Whether :data:`UNSAFE_BYTES` occurs in ``raw``, at a tenth of the regex's time on a large
    file: one pass keeps only the bytes a match can start with, and the multi-byte sequences are
    looked for only when their first byte is there (each by a literal-prefix search)."""
    first_bytes = raw.translate(None, _NOT_A_FIRST_BYTE)
    if not first_bytes:
        return False
    if first_bytes.translate(None, b"\r\xc2\xe2"):  # a control character
        return True
    if b"\r" in first_bytes and raw.count(b"\r") != raw.count(b"\r\n"):  # a CR without its LF
        return True
    return any(first in first_bytes and sequence.search(raw) for first, sequence in _UNSAFE_SEQUENCES)


def clean_text(text: Any) -> str:
    """``text`` without escapes and unsafe control characters; CR LF becomes LF, a lone CR goes."""
    value = str(text)
    if "\r" in value:
        value = value.replace("\r\n", "\n")
    return _UNSAFE.sub("", value) if _UNSAFE.search(value) else value


def clean_line(text: Any) -> str:
    """:func:`clean_text` on one line: newlines and tabs become spaces (labels, table cells)."""
    return clean_text(text).replace("\n", " ").replace("\t", " ")


# Characters that end a line in what people paste: Word's manual line break (VT), a form feed, a
# lone CR (old Mac), NEL and the Unicode line and paragraph separators.
_LINE_BREAKS = re.compile(r"\r\n|[\x0b\x0c\r\x85\u2028\u2029]")
# Not characters at all (lone surrogates, U+FFFE/U+FFFF): no UTF-8, no XML, no Excel cell holds them.
_NON_CHARACTERS = re.compile(r"[\ud800-\udfff\ufffe\uffff]")


def clean_free_text(text: Any) -> str:
    """A participant's free text as it is stored and exported: every line break becomes a newline
    (Word's ``\\x0b`` too), a tab a space, and :func:`clean_text` removes the rest of the control
    and escape characters; what is left prints, fits in an Excel cell and is valid UTF-8."""
    value = _LINE_BREAKS.sub("\n", str(text)).replace("\t", " ")
    return clean_text(_NON_CHARACTERS.sub("", value))


def has_unsafe(text: str) -> bool:
    return _UNSAFE.search(text) is not None


def clean_data(value: Any) -> Any:
    """Every string inside nested dicts, lists and tuples cleaned (e.g. a model's ``model_dump``)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_data(k): clean_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(clean_data(v) for v in value)
    return value


class SafeStream(io.TextIOBase):
    """A text stream that writes :func:`clean_text` of everything to the stream it wraps.

    The CLI wraps stdout and stderr in it, so no message, table or JSON can carry an escape
    sequence from the data to the user's terminal, whichever command printed it.
    """

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.wrapped = stream

    def write(self, text: str) -> int:
        self.wrapped.write(clean_text(text))
        return len(text)

    def flush(self) -> None:
        self.wrapped.flush()

    def isatty(self) -> bool:
        return self.wrapped.isatty()

    def fileno(self) -> int:
        return self.wrapped.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.wrapped, "encoding", "utf-8")
