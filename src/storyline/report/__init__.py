"""Readers' outputs: export, and (later) timeline, briefing, graph."""
