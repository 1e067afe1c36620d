"""The text of a parsed ``Doc``, built once.

spaCy's ``Doc.text`` joins every token's text on each access (a Python loop
over the tokens); the stages read it many times per document, so it is kept
in the ``Doc``'s own ``user_data`` the first time it is asked for. A ``Doc``'s
text never changes after the parse.
"""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "storyline.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined on the first call and kept on the ``Doc``."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text
