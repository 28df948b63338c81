"""Read an export into a table of strings and recognise which survey tool wrote it.

One reader (:func:`read_table`) turns bytes into a DataFrame of strings (CSV of any encoding and
delimiter, or an xlsx workbook), header rows included; :func:`detect` looks at those header rows;
one :class:`Format` per tool knows its header rows, metadata and identity columns, response id,
incomplete rows and how a multi-select answer is joined. The quoted headers these follow are in
``/work/shared/reference/surveys-and-adoption.md`` section 2.

Every fatal problem is raised as :class:`ImportProblem` with an i18n key; nothing here prints.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from advisor.survey.identity import CONTACT_FIELDS, is_identity, normalise
from advisor.survey.report import ImportProblem
from advisor.textsafe import UNSAFE_PATTERN, clean_line, clean_text, has_unsafe_bytes

MAX_BYTES = 200 * 1024 * 1024
SNIFF_BYTES = 64 * 1024
DELIMITERS = (",", ";", "\t")
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls (and other Office 97-2003 files)
# A workbook is a zip: refuse one that unpacks to more than this, or that packs suspiciously well.
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_ZIP_ENTRIES = 10_000
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# The directory of an encrypted Office file names these streams (UTF-16 in the OLE container).
ENCRYPTED_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
SHOWN_ROWS = 5  # rows named in a notice; the report lists them all


@dataclass
class Table:
    """The raw cells: ``rows`` holds every row of the file, header rows included, as str.

    ``short_rows`` maps a row number (1-based, as in the spreadsheet) to the number of cells that
    row really had, for rows with fewer cells than the header (the parser pads them).
    """

    rows: pd.DataFrame
    encoding: str | None = None
    delimiter: str | None = None
    notices: list[str] = field(default_factory=list)
    short_rows: dict[int, int] = field(default_factory=dict)


@dataclass
class Export:
    """A recognised export: data rows below the header, one name per column.

    ``data`` has positional column labels 0..n-1 (names may repeat in a bad file) and is indexed
    by the row number the user sees (1-based, header rows counted). ``texts`` is what is compared
    with question texts (Qualtrics: row 2; SurveyMonkey: the first row carried over), ``labels``
    the per-column option label where the tool puts one (SurveyMonkey row 2, Qualtrics
    ``Question - Choice``), ``extra`` anything else a format knows about a column.
    """

    format: type[Format]
    names: list[str]
    texts: list[str]
    labels: list[str]
    data: pd.DataFrame
    header_rows: int
    extra: list[dict[str, Any]]
    short_rows: dict[int, int] = field(default_factory=dict)
    _factorized: dict[int, tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def factorized(self, position: int) -> tuple[np.ndarray, np.ndarray]:
        """``pd.factorize`` of one column (codes per row, distinct cells), worked out once.

        Suggestions, the empty-row check and the conversion each look at every column's distinct
        cells; a column of 100,000 answers has a handful of them, so they share one pass.
        """
        if position not in self._factorized:
            codes, uniques = pd.factorize(self.data[position], sort=False)
            self._factorized[position] = codes, np.asarray(uniques, dtype=object)
        return self._factorized[position]


# --- reading bytes -------------------------------------------------------------------------


def read_table(raw: bytes) -> Table:
    if len(raw) > MAX_BYTES:
        raise ImportProblem("too_large", size=len(raw) // (1024 * 1024), limit=MAX_BYTES // (1024 * 1024))
    if not raw.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise ImportProblem("empty")
    if raw.startswith(XLSX_MAGIC):
        return _read_zip(raw)
    if raw.startswith(OLE_MAGIC):
        if any(name in raw for name in ENCRYPTED_STREAMS):
            raise ImportProblem("password_protected")
        raise ImportProblem("old_excel")
    return _read_csv(raw)


def clean_cells(table: Table) -> Table:
    """Remove terminal escapes, control and direction-override characters from every cell.

    They cannot be typed in a form, but a crafted file could use them to rewrite the terminal or
    reverse text in a plan; the notice says how many cells and where the first one is.
    """
    frame = table.rows
    dirty = np.zeros(frame.shape, dtype=bool)
    for position in range(frame.shape[1]):
        dirty[:, position] = frame.iloc[:, position].str.contains(UNSAFE_PATTERN, regex=True).to_numpy()
    if not dirty.any():
        return table
    rows, columns = np.nonzero(dirty)
    for position in sorted(set(columns.tolist())):
        frame[position] = frame[position].map(clean_text)
    first_row, first_column = int(rows[0]) + 1, excel_column(int(columns[0]))
    table.notices.append(notice("control_characters", count=len(rows), row=first_row, column=first_column))
    return table


def notice(key: str, **values: Any) -> str:
    """A reading notice with values, for the importer to put in words (``inputs.notices.<key>``)."""
    return json.dumps({"key": key, **values}, ensure_ascii=False)


def _delimiter_name(delimiter: str) -> str:
    return "tab" if delimiter == "\t" else f"'{delimiter}'"


def excel_column(position: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column as a spreadsheet shows it."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    return str(value).strip()


def _read_zip(raw: bytes) -> Table:
    """An xlsx workbook, after checking the zip directory: no OpenDocument, no zip bomb."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise ImportProblem("bad_xlsx") from None
    names = {entry.filename for entry in entries}
    if "mimetype" in names and archive.read("mimetype").strip().startswith(ODS_MIMETYPE):
        raise ImportProblem("ods")
    if "word/document.xml" in names or "ppt/presentation.xml" in names:
        raise ImportProblem("not_a_workbook")
    unpacked = sum(entry.file_size for entry in entries)
    ratio = max((e.file_size / max(e.compress_size, 1) for e in entries if e.file_size > 1 << 20), default=0)
    if len(entries) > MAX_ZIP_ENTRIES or unpacked > MAX_UNZIPPED or ratio > MAX_RATIO:
        raise ImportProblem(
            "zip_bomb",
            size=unpacked // (1024 * 1024),
            limit=MAX_UNZIPPED // (1024 * 1024),
            ratio=round(ratio),
            max_ratio=MAX_RATIO,
        )
    if "xl/workbook.xml" not in names:
        raise ImportProblem("bad_xlsx")
    return clean_cells(_read_xlsx(raw, archive))


def _sheet_rows(sheet: Any) -> list[list[str]]:
    sheet.reset_dimensions()  # a stale <dimension> would cut rows and columns off silently
    rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def _header_width(rows: list[list[str]]) -> int:
    return max((max((i + 1 for i, v in enumerate(r) if v), default=0) for r in rows[:3]), default=0)


def _read_xlsx(raw: bytes, archive: zipfile.ZipFile) -> Table:
    import openpyxl  # only needed for workbooks

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheets = [(s.title, getattr(s, "_worksheet_path", ""), _sheet_rows(s)) for s in book.worksheets]
        book.close()
    except Exception:  # a damaged workbook can fail anywhere inside openpyxl and its XML parser
        raise ImportProblem("bad_xlsx") from None
    names = set(archive.namelist())
    if not sheets or any(path and path not in names for _, path, _ in sheets):  # a sheet part is missing
        raise ImportProblem("bad_xlsx")
    tables = [(title, path, rows) for title, path, rows in sheets if _header_width(rows) >= 2]
    filled = [title for title, _, rows in sheets if rows]
    if not filled:
        raise ImportProblem("empty")
    if not tables:  # one column only: the usual message
        title, path, rows = next(s for s in sheets if s[2])
    else:
        title, path, rows = tables[0]
    notices = []
    if sheets[0][0] != title:
        notices.append(notice("sheet_chosen", sheet=clean_line(title), first=clean_line(sheets[0][0])))
    others = [t for t in filled if t != title]
    if others and sheets[0][0] == title:
        notices.append(notice("other_sheets", sheet=clean_line(title), others=clean_line(", ".join(others))))
    _refuse_formulas_without_values(archive, path, title)
    width = _header_width(rows)
    for number, row in enumerate(rows, start=1):
        beyond = next((i for i in range(width, len(row)) if row[i]), None)
        if beyond is not None:
            raise ImportProblem(
                "cell_beyond_header", sheet=title, row=number, column=excel_column(beyond), width=width
            )
    frame = pd.DataFrame([(r + [""] * width)[:width] for r in rows], dtype=str)
    return Table(frame, notices=notices)


def _refuse_formulas_without_values(archive: zipfile.ZipFile, path: str, sheet: str) -> None:
    """A formula whose result Excel did not save reads as an empty cell: refuse, naming the cells.

    Files written by scripts (and some "export to Excel" buttons) store formulas without their
    cached value; only Excel or LibreOffice computes them. Reading them as blanks would silently
    drop answers.
    """
    if not path or path not in archive.namelist():
        return
    with archive.open(path) as stream:
        if not any(b"<f" in chunk or b":f>" in chunk for chunk in iter(lambda: stream.read(1 << 20), b"")):
            return
    from xml.etree.ElementTree import iterparse

    missing: list[str] = []
    total = 0
    with archive.open(path) as stream:
        for _, element in iterparse(stream):
            if not element.tag.endswith("}c") and element.tag != "c":
                continue
            children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
            if "f" in children:
                value = children.get("v")
                if value is None or not (value.text or "").strip():
                    total += 1
                    if len(missing) < SHOWN_ROWS:
                        missing.append(element.get("r", "?"))
            element.clear()
    if total:
        raise ImportProblem("formulas_without_values", sheet=sheet, cells=", ".join(missing), count=total)


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when every other byte is NUL (ASCII text saved as UTF-16)."""
    even, odd = head[0::2], head[1::2]
    if len(head) < 8:
        return None
    if odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.02 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.6 * len(even) and odd.count(0) < 0.02 * len(odd):
        return "utf-16-be"
    return None


def _transcode_utf16(raw: bytes) -> tuple[bytes, str | None]:
    """UTF-16 (with or without BOM) as UTF-8 bytes, so one CSV path reads every file."""
    head = raw[:SNIFF_BYTES]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif (encoding := _utf16_without_bom(head)) is None:
        return raw, None
    try:
        return raw.decode(encoding).lstrip("\ufeff").encode("utf-8"), encoding
    except UnicodeDecodeError as exc:
        raise ImportProblem("undecodable", byte=exc.start) from None


_SEP_LINE = re.compile(rb"\A(?:\xef\xbb\xbf)?\"?sep=(.)\"?[ \t]*\r?\n", re.IGNORECASE)


def _sep_line(raw: bytes) -> tuple[bytes, str | None]:
    """Excel's ``sep=;`` first line: the delimiter it names, and the file without that line."""
    match = _SEP_LINE.match(raw)
    if match is None:
        return raw, None
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    return bom + raw[match.end() :], match.group(1).decode("latin-1")


def _decode_head(raw: bytes) -> tuple[str, str]:
    """The first part of the file as text, and the encoding to read all of it with."""
    head = raw[:SNIFF_BYTES]
    if b"\x00" in head:
        raise ImportProblem("binary")
    try:
        return codecs.getincrementaldecoder("utf-8-sig")().decode(
            head, final=len(raw) <= SNIFF_BYTES
        ), "utf-8-sig"
    except UnicodeDecodeError:
        if _UTF8_SEQUENCE.search(head):  # UTF-8 with a stray bad byte: see _read_utf8_with_bad_bytes
            return head.decode("utf-8-sig", errors="replace"), "utf-8-sig"
    try:  # Excel on Windows saves "CSV" as Windows-1252 without saying so
        return head.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise ImportProblem("undecodable", byte=exc.start) from None


def _refuse_nul(raw: bytes) -> None:
    """A NUL byte anywhere (not only in the first 64 KB) means binary data, not an export."""
    position = raw.find(b"\x00")
    if 0 <= position < SNIFF_BYTES:  # at the start: not text at all
        raise ImportProblem("binary")
    if position >= 0:
        raise ImportProblem("nul_byte", offset=position, line=raw.count(b"\n", 0, position) + 1)


def sniff_delimiter(text: str) -> str:
    """The delimiter that gives the most columns consistently over the first records."""
    lines = text.splitlines(keepends=True)
    sample = "".join(lines[:-1] if len(lines) > 1 else lines)[:SNIFF_BYTES]
    best, best_score = ",", 0.0
    for delimiter in DELIMITERS:
        try:
            records = list(itertools.islice(csv.reader(io.StringIO(sample), delimiter=delimiter), 6))
        except csv.Error:
            continue
        if not records:
            continue
        width = len(records[0])
        consistent = all(len(r) == width for r in records[1:] if any(r))
        score = width if consistent else width / 2
        if score > best_score:
            best, best_score = delimiter, score
    return best


_FIELDS_ERROR = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_EOF_ERROR = re.compile(r"EOF inside string starting at row (\d+)")


def _read_csv(raw: bytes) -> Table:
    raw, utf16 = _transcode_utf16(raw)
    _refuse_nul(raw)
    raw, sep = _sep_line(raw)
    head, encoding = _decode_head(raw)
    delimiter = sep or sniff_delimiter(head)
    notices = ["encoding_guessed"] if encoding == "cp1252" else []
    notices += [notice("utf16_without_bom", encoding=utf16)] if utf16 in ("utf-16-le", "utf-16-be") else []
    notices += [notice("sep_line", delimiter=_delimiter_name(sep))] if sep else []
    try:
        frame = _parse_csv(raw, delimiter, encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8-sig":
            raise ImportProblem("undecodable", byte=0) from None
        if _UTF8_SEQUENCE.search(raw):
            table = _read_utf8_with_bad_bytes(raw, delimiter, exc.start)
        else:
            table = _read_csv_as(raw, "cp1252", delimiter)
        encoding = "cp1252" if table.encoding == "cp1252" else "utf-8-sig"
        table.notices += notices
    else:
        table = Table(_trim(frame), "utf-16" if utf16 else encoding.removesuffix("-sig"), delimiter, notices)
    table.short_rows = _check_records(raw, delimiter, encoding, table.rows.shape[1])
    return clean_cells(table) if has_unsafe_bytes(raw) else table


def _check_records(raw: bytes, delimiter: str, encoding: str, width: int) -> dict[int, int]:
    """Rows with fewer cells than the header, and a quote that swallows whole lines.

    The parser pads a short row silently and takes everything up to the next quote as one cell,
    so both are checked on the records themselves: ``{row: cells}`` for short rows; a quoted
    cell that contains a complete line of the file (``width - 1`` delimiters) is a quote that was
    never closed, and is refused naming the line where it opened.

    A line without a quote that starts a record is that whole record, so only the lines with a
    quote go through :mod:`csv`; the others are told apart by counting delimiters per line on the
    bytes (the delimiter, quote and newline are single bytes in these encodings). The answer is
    that of :func:`_check_every_record`, at a fraction of the time; files where the shortcut does
    not hold, or does not pay, are read record by record.
    """
    if encoding == "utf-8-sig":
        raw, encoding = raw.removeprefix(codecs.BOM_UTF8), "utf-8"
    lines = _Lines(raw) if encoding in ("utf-8", "cp1252") and _is_ascii(delimiter) else None
    if (
        lines is None
        or delimiter in '"\r\n'
        or (b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n"))  # a lone CR ends a line too
        or len(lines.quoted) > len(lines) // 4
        or lines.longest > csv.field_size_limit()  # where csv would stop
    ):
        return _check_every_record(raw, delimiter, encoding, width)
    short_lines = np.flatnonzero(lines.delimiters(delimiter) + 1 < width).tolist()
    short: dict[int, int] = {}
    extra = 0  # lines beyond the first of the multi-line records so far: row = line - extra
    after = 0  # the first line not yet read as part of a record
    quoted = set(lines.quoted)
    for index in sorted(quoted.union(short_lines)):
        if index < after:  # inside a quoted record already read
            continue
        row = index + 1 - extra
        if index in quoted:
            reader = csv.reader(lines.text_from(index, encoding), delimiter=delimiter)
            try:
                record = next(reader)
            except csv.Error:  # as _check_every_record: a stricter reader is no reason to stop
                return short
            if reader.line_num > 1 and width >= 3:
                _refuse_swallowed_lines(record, delimiter, width, row, index + 1, index + reader.line_num)
            extra += reader.line_num - 1
            after = index + reader.line_num
        else:
            content = lines[index].removesuffix(b"\r")
            record = content.split(delimiter.encode()) if content else []
            after = index + 1
        if 0 < len(record) < width and any(record):
            short[row] = len(record)
    return short


def _is_ascii(delimiter: str) -> bool:
    return len(delimiter) == 1 and delimiter.isascii()


class _Lines:
    """The lines of a file (split at LF, each without it) found with numpy, for _check_records.

    The bytes are looked at in blocks of :data:`_BLOCK` so that the arrays stay small next to the
    table already read (a whole-file comparison would hold one more byte per byte of the file).
    """

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.bytes = np.frombuffer(raw, dtype=np.uint8)
        newlines = self._positions(ord("\n"), 0, len(raw))
        self.starts = np.concatenate(([0], newlines + 1))
        self.ends = np.append(newlines, len(raw))
        if self.starts[-1] == len(raw):  # a last newline ends the last line; no empty line after it
            self.starts, self.ends = self.starts[:-1], self.ends[:-1]
        self.ends_with_newline = raw.endswith(b"\n")
        quotes = self._positions(ord('"'), 0, len(raw))
        self.quoted: list[int] = np.unique(np.searchsorted(newlines, quotes)).tolist()
        self.longest = int((self.ends - self.starts).max(initial=0))

    def _positions(self, byte: int, start: int, stop: int) -> np.ndarray:
        """Where ``byte`` occurs in ``raw[start:stop]`` (positions in the whole file)."""
        found = [
            np.flatnonzero(self.bytes[lo : min(lo + _BLOCK, stop)] == byte) + lo
            for lo in range(start, stop, _BLOCK)
        ]
        return np.concatenate(found) if found else np.empty(0, dtype=np.intp)

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, index: int) -> bytes:
        return self.raw[self.starts[index] : self.ends[index]]

    def delimiters(self, delimiter: str) -> np.ndarray:
        """The number of ``delimiter`` bytes on each line."""
        counts = np.zeros(len(self), dtype=np.int64)
        lines_per_block = max(1, len(self) * _BLOCK // max(1, len(self.raw)))
        for lo in range(0, len(self), lines_per_block):
            hi = min(lo + lines_per_block, len(self))
            found = self._positions(ord(delimiter), int(self.starts[lo]), int(self.ends[hi - 1]))
            counts[lo:hi] = np.searchsorted(found, self.ends[lo:hi]) - np.searchsorted(
                found, self.starts[lo:hi]
            )
        return counts

    def text_from(self, start: int, encoding: str) -> Iterator[str]:
        """The lines from ``start`` on as a text file gives them to :mod:`csv`: with their newline."""
        for index in range(start, len(self)):
            newline = "\n" if index < len(self) - 1 or self.ends_with_newline else ""
            yield self[index].decode(encoding, errors="replace") + newline


_BLOCK = 1 << 21  # bytes compared at once by _Lines


def _check_every_record(raw: bytes, delimiter: str, encoding: str, width: int) -> dict[int, int]:
    """:func:`_check_records` by reading every record with :mod:`csv`."""
    short: dict[int, int] = {}
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding=encoding, errors="replace", newline="")
    reader = csv.reader(stream, delimiter=delimiter)
    line = 1
    try:
        for number, record in enumerate(reader, start=1):
            if 0 < len(record) < width and any(record):
                short[number] = len(record)
            if reader.line_num > line and width >= 3:
                _refuse_swallowed_lines(record, delimiter, width, number, line, reader.line_num)
            line = reader.line_num + 1
    except csv.Error:  # the parser above already read it; a stricter reader is no reason to stop
        return short
    return short


def _refuse_swallowed_lines(
    record: list[str], delimiter: str, width: int, row: int, first: int, last: int
) -> None:
    for position, cell in enumerate(record):
        if "\n" not in cell:
            continue
        inner = cell.split("\n")[1:]
        if any(part.count(delimiter) >= width - 1 for part in inner):
            raise ImportProblem(
                "swallowed_lines", row=row, line=first, last=last, column=excel_column(position)
            )


# A real UTF-8 sequence for a letter beyond ASCII (é is C3 A9): a file that has these is UTF-8.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _read_utf8_with_bad_bytes(raw: bytes, delimiter: str, first_bad: int) -> Table:
    """A UTF-8 file with a few invalid bytes: read as UTF-8, the bad bytes shown as U+FFFD.

    Re-reading the whole file as Windows-1252 would turn every é of the file into Ã© and so
    change headers that a mapping names; this keeps every valid character and says where the
    first bad byte is (line number, 1-based), so the user can check that cell.
    """
    frame = _parse_csv(raw, delimiter, "utf-8-sig", errors="replace")
    line = raw.count(b"\n", 0, first_bad) + 1
    bad = len(raw.decode("utf-8-sig", errors="replace").split("\ufffd")) - 1
    return Table(_trim(frame), "utf-8", delimiter, [f"invalid_utf8:{line}:{bad}"])


def _read_csv_as(raw: bytes, encoding: str, delimiter: str) -> Table:
    try:
        frame = _parse_csv(raw, delimiter, encoding)
    except UnicodeDecodeError as exc:
        raise ImportProblem("undecodable", byte=exc.start) from None
    return Table(_trim(frame), encoding, delimiter, ["encoding_guessed"])


def _parse_csv(raw: bytes, delimiter: str, encoding: str, errors: str = "strict") -> pd.DataFrame:
    """Every cell as text, exactly as written (no NA guessing, blank lines kept for row numbers)."""
    try:
        return pd.read_csv(
            io.BytesIO(raw),
            sep=delimiter,
            header=None,
            dtype=object,  # Python strings: a third of the time of arrow-backed ones here
            encoding=encoding,
            encoding_errors=errors,
            na_filter=False,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError as exc:
        raise _parser_problem(str(exc)) from None
    except pd.errors.EmptyDataError:
        raise ImportProblem("empty") from None


def _parser_problem(message: str) -> ImportProblem:
    if match := _FIELDS_ERROR.search(message):
        expected, line, seen = match.groups()
        return ImportProblem("too_many_cells", line=int(line), expected=int(expected), seen=int(seen))
    if match := _EOF_ERROR.search(message):
        return ImportProblem("unterminated_quote", row=int(match.group(1)) + 1)  # pandas counts from 0
    return ImportProblem("unparsable", detail=message.split("\n")[0][:200])


def _trim(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop trailing blank lines (a file ending in empty lines is not a file of empty responses).

    Looked at from the end, a block of rows at a time: a file has a few blank lines at most, so
    the rows above them are never compared cell by cell.
    """
    last = len(frame)
    step = 64
    while last:
        block = frame.iloc[max(0, last - step) : last]
        filled = (block != "").to_numpy().any(axis=1)
        if filled.any():
            last = last - len(block) + int(np.flatnonzero(filled)[-1]) + 1
            break
        last -= len(block)
        step *= 2
    return frame.iloc[:last] if last < len(frame) else frame


# --- the formats ---------------------------------------------------------------------------


class Format:
    """What one survey tool writes. Subclasses set the class attributes and override hooks."""

    name: ClassVar[str]
    header_rows: ClassVar[int] = 1
    metadata: ClassVar[frozenset[str]] = frozenset()  # normalised header names
    response_id: ClassVar[tuple[str, ...]] = ()
    multi_separators: ClassVar[tuple[str, ...]] = (";", ",")

    @classmethod
    def matches(cls, head: list[list[str]]) -> bool:
        return False

    @classmethod
    def check_header(cls, head: list[list[str]]) -> None:
        """Raise when the header rows this format needs are not there."""
        if len(head) < cls.header_rows:
            raise ImportProblem("header_rows_missing", format=cls.name, expected=cls.header_rows)

    @classmethod
    def columns(cls, head: list[list[str]]) -> tuple[list[str], list[str], list[str], list[dict[str, Any]]]:
        names = [c.strip() for c in head[0]]
        return names, names, [""] * len(names), [{} for _ in names]

    @classmethod
    def is_metadata(cls, name: str, extra: dict[str, Any]) -> bool:
        return normalise(name) in cls.metadata

    @classmethod
    def is_identity(cls, name: str, label: str, extra: dict[str, Any] | None = None) -> bool:
        return is_identity(cls.name, name, label)

    @classmethod
    def ignored(cls, name: str, extra: dict[str, Any]) -> str | None:
        """Why a non-question column is ignored (an i18n reason key), or None."""
        return None

    @classmethod
    def skip_reasons(cls, export: Export) -> dict[str, pd.Series]:
        """Boolean masks (over ``export.data``) of rows to skip, per reason."""
        return {}


def _first_cells(head: list[list[str]], row: int) -> set[str]:
    return {normalise(c) for c in head[row]} if len(head) > row else set()


def _column(export: Export, names: tuple[str, ...]) -> pd.Series | None:
    wanted = set(names)
    for position, name in enumerate(export.names):
        if normalise(name) in wanted:
            return export.data[position]
    return None


class MicrosoftForms(Format):
    name = "msforms"
    metadata = frozenset(
        {
            "id",
            "start time",
            "completion time",
            "email",
            "name",
            "last modified time",
            "total points",
            "quiz feedback",
            "grade posted to students",
        }
    )
    response_id = ("id",)
    multi_separators = (";",)

    @classmethod
    def matches(cls, head: list[list[str]]) -> bool:
        first = _first_cells(head, 0)
        return bool(head[0]) and normalise(head[0][0]) == "id" and {"start time", "completion time"} <= first

    @classmethod
    def is_metadata(cls, name: str, extra: dict[str, Any]) -> bool:
        return super().is_metadata(name, extra) or name.startswith(("Points - ", "Feedback - "))


class GoogleForms(Format):
    name = "googleforms"
    metadata = frozenset({"timestamp", "tijdstempel", "email address", "e-mailadres", "score"})
    multi_separators = (", ",)

    @classmethod
    def matches(cls, head: list[list[str]]) -> bool:
        return bool(head[0]) and normalise(head[0][0]) in {"timestamp", "tijdstempel"}


LIME_CODES = frozenset(
    {
        "id",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "startdate",
        "datestamp",
        "ipaddr",
        "refurl",
        "token",
        "interviewtime",
    }
)
LIME_FULL = frozenset(
    {
        "response id",
        "date submitted",
        "last page",
        "start language",
        "seed",
        "date started",
        "date last action",
        "ip address",
        "referrer url",
        "access code",
        "total time",
    }
)


class LimeSurvey(Format):
    name = "limesurvey"
    metadata = LIME_CODES | LIME_FULL | {"firstname", "lastname", "email", "optout", "emailstatus"}
    response_id = ("id", "response id")

    @classmethod
    def matches(cls, head: list[list[str]]) -> bool:
        first = _first_cells(head, 0)
        return ({"id", "submitdate"} <= first and bool({"lastpage", "startlanguage"} & first)) or (
            {"response id", "date submitted"} <= first
        )

    @classmethod
    def is_metadata(cls, name: str, extra: dict[str, Any]) -> bool:
        return super().is_metadata(name, extra) or bool(
            re.fullmatch(r"attribute_\d+|groupTime\d+|[A-Za-z][A-Za-z0-9]*Time", name)
        )

    @classmethod
    def ignored(cls, name: str, extra: dict[str, Any]) -> str | None:
        if re.search(r"\[(\w*comment|other)\]$", name, flags=re.IGNORECASE):
            return "other_text"
        return None

    @classmethod
    def skip_reasons(cls, export: Export) -> dict[str, pd.Series]:
        submitted = _column(export, ("submitdate", "date submitted"))
        return {} if submitted is None else {"incomplete": submitted.str.strip() == ""}


QUALTRICS_META = frozenset(
    normalise(n)
    for n in (
        "StartDate",
        "EndDate",
        "Status",
        "IPAddress",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "RecordedDate",
        "ResponseId",
        "RecipientLastName",
        "RecipientFirstName",
        "RecipientEmail",
        "ExternalReference",
        "LocationLatitude",
        "LocationLongitude",
        "DistributionChannel",
        "UserLanguage",
    )
)
# Status codes and labels of responses that are not real: previews, tests, spam.
QUALTRICS_NOT_REAL = frozenset(
    {
        "1",
        "2",
        "8",
        "9",
        "12",
        "17",
        "survey preview",
        "survey test",
        "spam",
        "preview spam",
        "imported spam",
        "offline survey preview",
    }
)


def _import_id(cell: str) -> dict[str, Any]:
    try:
        value = json.loads(cell)
    except (ValueError, TypeError):
        return {}
    return value if isinstance(value, dict) else {}


class Qualtrics(Format):
    name = "qualtrics"
    header_rows = 3
    metadata = QUALTRICS_META
    response_id = ("responseid",)
    multi_separators = (",",)

    @classmethod
    def looks_like(cls, head: list[list[str]]) -> bool:
        return len(_first_cells(head, 0) & QUALTRICS_META) >= 4

    @classmethod
    def matches(cls, head: list[list[str]]) -> bool:
        return (
            cls.looks_like(head)
            or cls.legacy(head)
            or (len(head) > 2 and sum(c.startswith('{"ImportId"') for c in head[2]) >= 2)
        )

    @classmethod
    def legacy(cls, head: list[list[str]]) -> bool:
        """The export format before 2016: columns V1, V2, V3 ... and the question texts in row 2."""
        first = [normalise(c) for c in head[0][:3]] if head else []
        return first == ["v1", "v2", "v3"]

    @classmethod
    def check_header(cls, head: list[list[str]]) -> None:
        if cls.legacy(head) or (head and head[0] and normalise(head[0][0]) == "v1"):
            raise ImportProblem("qualtrics_legacy")
        if len(head) < 3 or sum(c.startswith('{"ImportId"') for c in head[2]) < 2:
            raise ImportProblem("qualtrics_no_import_ids")

    @classmethod
    def columns(cls, head: list[list[str]]) -> tuple[list[str], list[str], list[str], list[dict[str, Any]]]:
        names = [c.strip() for c in head[0]]
        texts = [c.strip() for c in head[1]]
        extra = [_import_id(c) for c in head[2]]
        return names, texts, [""] * len(names), extra

    @classmethod
    def is_metadata(cls, name: str, extra: dict[str, Any]) -> bool:
        return super().is_metadata(name, extra) or name.startswith("Q_")

    @classmethod
    def ignored(cls, name: str, extra: dict[str, Any]) -> str | None:
        import_id = str(extra.get("ImportId", ""))
        if name.endswith("_DO") or import_id.endswith("_DO"):
            return "display_order"
        if re.search(r"_(First Click|Last Click|Page Submit|Click Count)$", name):
            return "timing"
        if re.search(r"_\d+_TEXT$", name):
            return "other_text"
        if re.search(r" - (Topics|Parent Topics|Sentiment.*|Topic Sentiment.*|Actionability)$", name):
            return "text_analysis"
        return None

    @classmethod
    def skip_reasons(cls, export: Export) -> dict[str, pd.Series]:
        reasons = {}
        status = _column(export, ("status",))
        if status is not None:
            reasons["test_response"] = status.str.strip().str.casefold().isin(QUALTRICS_NOT_REAL)
        finished = _column(export, ("finished",))
        if finished is not None:
            reasons["incomplete"] = finished.str.strip().str.casefold().isin({"0", "false"})
        return reasons


SURVEYMONKEY_META = frozenset(
    {
        "respondent id",
        "collector id",
        "start date",
        "end date",
        "ip address",
        "email address",
        "first name",
        "last name",
    }
)


class SurveyMonkey(Format):
    name = "surveymonkey"
    header_rows = 2
    metadata = SURVEYMONKEY_META
    response_id = ("respondent id",)

    @classmethod
    def matches(cls, head: list[list[str]]) -> bool:
        return {"respondent id", "collector id"} <= _first_cells(head, 0)

    @classmethod
    def check_header(cls, head: list[list[str]]) -> None:
        position = next((i for i, c in enumerate(head[0]) if normalise(c) == "respondent id"), 0)
        second = head[1] if len(head) > 1 else None
        # Row 2 of a real export is a sub-header: empty under the metadata, labels under questions.
        if second is None or second[position].strip() or not any(c.strip() for c in second):
            raise ImportProblem("surveymonkey_one_header")

    @classmethod
    def columns(cls, head: list[list[str]]) -> tuple[list[str], list[str], list[str], list[dict[str, Any]]]:
        names, texts, labels, extra = [], [], [], []
        current = ""
        for first, second in zip(head[0], head[1], strict=True):
            first, second = first.strip(), second.strip()
            current = first or current
            names.append(f"{current} | {second}" if second else current)
            texts.append(current)
            labels.append(second)
            extra.append({"continued": not first})
        # A contact-information question has several contact sub-fields; a matrix row that
        # happens to be called "Email" (a channel) is an answer, not a person's address.
        contact: dict[str, int] = {}
        for text, label in zip(texts, labels, strict=True):
            contact[text] = contact.get(text, 0) + (normalise(label) in CONTACT_FIELDS)
        for text, item in zip(texts, extra, strict=True):
            item["contact_block"] = contact[text] >= 2
        return names, texts, labels, extra

    @classmethod
    def is_identity(cls, name: str, label: str, extra: dict[str, Any] | None = None) -> bool:
        if extra is not None and not extra.get("contact_block", True) and normalise(label) in CONTACT_FIELDS:
            return is_identity(cls.name, name)
        return is_identity(cls.name, name, label)

    @classmethod
    def is_metadata(cls, name: str, extra: dict[str, Any]) -> bool:
        return super().is_metadata(name, extra) or bool(re.fullmatch(r"custom data \d+", normalise(name)))


class Native(Format):
    """This tool's own CSV: one column per canonical question id, optional ``response_id``."""

    name = "native"
    metadata = frozenset({"response_id"})
    response_id = ("response_id",)


# Detection order matters: the most specific header first, native as the fallback.
DETECTION_ORDER: tuple[type[Format], ...] = (Qualtrics, SurveyMonkey, LimeSurvey, MicrosoftForms, GoogleForms)
BY_NAME: dict[str, type[Format]] = {
    f.name: f for f in (Native, MicrosoftForms, GoogleForms, LimeSurvey, Qualtrics, SurveyMonkey)
}
FORMATS: tuple[str, ...] = tuple(BY_NAME)


def detect(head: list[list[str]]) -> type[Format]:
    return next((f for f in DETECTION_ORDER if f.matches(head)), Native)


def recognise(table: Table, forced: str | None = None) -> Export:
    """Detect (or take) the format, check its header rows and split header from data."""
    if forced is not None and forced not in BY_NAME:
        raise ImportProblem("unknown_format", format=forced, formats=", ".join(FORMATS))
    rows = table.rows
    head = [list(r) for r in rows.iloc[:3].itertuples(index=False, name=None)]
    fmt = BY_NAME[forced] if forced else detect(head)
    if rows.shape[1] < 2:
        raise ImportProblem("one_column")
    fmt.check_header(head)
    names, texts, labels, extra = fmt.columns(head)
    data = rows.iloc[fmt.header_rows :]
    if data.empty:
        raise ImportProblem("header_only")
    data = data.set_axis(pd.RangeIndex(fmt.header_rows + 1, len(rows) + 1), axis=0)
    data = data.set_axis(range(len(names)), axis=1)
    short = {row: cells for row, cells in table.short_rows.items() if row > fmt.header_rows}
    return Export(fmt, names, texts, labels, data, fmt.header_rows, extra, short)
