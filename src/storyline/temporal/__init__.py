"""Time without a model: the TIMEX3 grammar and resolver, and document date inference.

Kept apart from ``annotate`` so ingest can infer a missing publication date
without loading spaCy; the annotate stage adds the parse's tense.
"""
