"""CSV records split strictly (RFC 4180) from a stream of lines, resuming after a bad one.

A record whose quotes do not close, that has text after a closing quote, is reported with
the line it starts on, and reading resumes at the line after that one, so the rows after a
broken row are kept (field counts are the caller's to check against its header).

Considered: Python's csv module (strict mode raises, but it cannot resume after an unclosed
quote, and its field size limit of 128 KiB is process-wide state a library must not raise)
and ``pyarrow.csv.open_csv`` with ``invalid_row_handler`` (streams and has no field limit,
but measured on a file whose second row has an unclosed quote it returned rows A, C and D and
dropped B without a word: the handler only sees wrong field counts). Neither keeps every good
row, so the splitting is done here.
"""

from __future__ import annotations

import collections
from collections.abc import Iterator

Line = tuple[int, str | None, int]  # line number, text (None: longer than the limit), stray bytes repaired


class _Pushback:
    """Lines with a way to read some again (to resume after a bad row)."""

    def __init__(self, lines: Iterator[Line]):
        self.lines, self.back = lines, collections.deque[Line]()

    def next(self) -> Line | None:
        return self.back.popleft() if self.back else next(self.lines, None)

    def again(self, lines: list[Line]) -> None:
        self.back.extendleft(reversed(lines))


def _split_row(record: str) -> tuple[list[str], str, int]:
    """RFC 4180 fields of one record; 'ok', 'open' (a quote still open) or what is wrong; and where
    it went wrong (the offset of the quote that ended a field early, else -1)."""
    body = record[:-1] if record.endswith("\n") else record
    body = body[:-1] if body.endswith("\r") else body
    fields: list[str] = []
    pos, end = 0, len(body)
    while True:
        if pos < end and body[pos] == '"':
            parts, j = [], pos + 1
            while True:
                k = body.find('"', j)
                if k < 0:
                    return fields, "open", -1
                if body.startswith('"', k + 1):
                    parts.append(body[j:k + 1])
                    j = k + 2
                    continue
                parts.append(body[j:k])
                break
            fields.append("".join(parts))
            pos = k + 1
            if pos == end:
                return fields, "ok", -1
            if body[pos] != ",":
                return fields, "text after a closing quote", k
            pos += 1
        else:
            k = body.find(",", pos)
            fields.append(body[pos:] if k < 0 else body[pos:k])
            if k < 0:
                return fields, "ok", -1
            pos = k + 1


def csv_rows(lines: Iterator[Line], limit: int) -> Iterator[tuple[int, list[str] | None, str, int]]:
    """(line the record starts on, fields or None, problem, stray bytes) for every record.

    After a bad record, reading resumes at the line after its first one; but when a quote on
    a later line ended the record's field early and that quote opens a field (it starts its
    line or follows a comma), the record's own quote never closed and the next row starts on
    that line: reading resumes there, so the lines in between are not taken for rows.
    """
    source = _Pushback(lines)
    while (first := source.next()) is not None:
        number, text, stray = first
        if text is None:
            yield number, None, f"line {number} is longer than {limit} bytes (setting max_bytes)", 0
            continue
        if not text.strip():
            continue
        taken, parts, size = [first], [text], len(text)
        fields, state, where = _split_row(text)
        while state == "open":
            more = source.next()
            if more is None or more[1] is None or size > limit:
                if more is not None:
                    taken.append(more)
                state = "a quote opened in this row never closes"
                break
            taken.append(more)
            parts.append(more[1])
            size += len(more[1])
            stray += more[2]
            if '"' in more[1]:
                fields, state, where = _split_row("".join(parts))
        if state == "ok":
            yield number, fields, "", stray
            continue
        yield number, None, f"the row starting at line {number}: {state}", 0
        source.again(taken[_resume(taken, where):])


def _resume(taken: list[Line], where: int) -> int:
    """Which of a bad record's lines to read again from (see ``csv_rows``)."""
    if where < 0:
        return 1
    offset = 0
    for i, (_, text, _) in enumerate(taken):
        line = text or ""
        if where < offset + len(line):
            if i == 0:
                return 1
            before = line[: where - offset].rstrip(" ")
            return i if before == "" or before.endswith(",") else i + 1
        offset += len(line)
    return 1
