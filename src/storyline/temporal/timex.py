"""Time expressions: recognised in text and normalised to TIMEX3 values against the right anchor.

Method: a hand-written grammar (``grammar.Grammar``: each rule a regular
expression registered with its handler, longest match wins; the rules are in
``calendar_rules``, ``relative_rules`` and ``span_rules``) and a resolver that
knows which anchor each expression needs: the document's date for
"yesterday", "last month", "on Monday"; the previous dated expression of the
narrative for "one week later", "the following day". Weekdays and year-less
dates follow the tense of their sentence: "said on Monday" is the Monday
before the anchor, "will meet on Monday" the one after. When the anchor is
only a month or a year, anything finer is reported at the anchor's precision
rather than invented; when it was inferred, no day is built on it at all
("Jan. 21" is only its month, ``2008-01``; "yesterday" is ``XXXX-XX-XX``).

Candidates measured on TempEval-3's training data (see README, Evaluation):
dateparser's ``search_dates`` finds spans poorly (false hits on "may", "now",
"a second"; splits "Nov. 12") and resolves "Nov. 12" from 2024-11-05 to the
wrong year; timexy and ctparse mis-resolve (TOOLCHAIN.md). HeidelTime and
SUTime are Java. Hence this grammar; dateparser stays as the speed peer in
``make bench``.

Refused: values for expressions whose anchor is unknown (no document date):
they get a value with the unknown part left as X ("XXXX-11-12") and are not
used for dates downstream. Tagging is linear in the length of the text.
"""

from __future__ import annotations

import re

from .grammar import GrammarError
from .resolver import GRAMMAR
from .span_rules import SpanRules
from .tense import Tense, text_tense
from .values import Anchor, Timex, valid

__all__ = ["Anchor", "GRAMMAR", "GrammarError", "Tense", "Timex", "tag", "text_tense", "valid"]

_VERB_LAST = re.compile(r"(?:last|past)\s+", re.I)
_AUXILIARY = re.compile(r"\b(?:would|will|could|can|may|might|should|must|to|did|does|do)\s+$", re.I)
_LEADING = re.compile(r"^(?:on|at|by|around|about|over|in|during)\s+", re.I)
_LEADING_SPAN = re.compile(r"^(?:on|at(?!\s+(?:least|most)\b)|by|in|during)\s+", re.I)  # "about two years", "over a week" keep their hedge
_HEDGED = ("duration", "shifted")


class _Resolver(SpanRules):
    """Every rule of the grammar, over one text."""


GRAMMAR.bind(_Resolver)


def tag(text: str, anchor: Anchor | None = None, tense: Tense | None = None) -> list[Timex]:
    """Every time expression in ``text`` with its TIMEX3 value, resolved against ``anchor``."""
    resolver = _Resolver(text, anchor, tense or text_tense(text))
    out = []
    for r, match in GRAMMAR.find(text):
        try:
            result = r.handler(resolver, match.group().lower(), match.start())
        except (ValueError, OverflowError, AttributeError, KeyError):
            result = None
        if result is None or not valid(result[1]):
            continue
        start, end = match.start(), match.end()
        if lead := (_LEADING_SPAN if r.name in _HEDGED else _LEADING).match(match.group()):
            start += lead.end()
        verb = _VERB_LAST.match(text, start)
        if verb and _AUXILIARY.search(text[max(0, start - 12):start]):
            start = verb.end()  # "talks would last two weeks": "last" is the verb
        out.append(Timex(start, end, text[start:end], result[0], result[1]))
        if result[0] in ("DATE", "TIME"):
            resolver.remember(result[1], start, r.anchors)
    return out
