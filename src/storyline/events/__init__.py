"""PLOVER event coding over the annotate stage's parse (see ``coder``), the event record, and the
PLOVER JSON export."""

from .coder import code_events
from .model import Event, members
from .plover import to_plover
from .triggers import cameo_root, current_name

__all__ = ["Event", "cameo_root", "code_events", "current_name", "members", "to_plover"]
