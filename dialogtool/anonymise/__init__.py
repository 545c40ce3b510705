"""Anonymisation: what identifies a county, place or person in a text (`find`), and redaction.

Data files in `data/`, read by `lexicon`; the finders by kind in `patterns` (contact details,
numbers), `people` (names) and `find` (places, unknown names, and the entry point)."""

from .find import CHECK, FINDING_COLUMNS, find_identifiers, finding_rows, findings_frame, findings_table
from .lexicon import ALLOWLIST_NAME, DATA_DIR, identifying_counts, load_allowlist, not_identifying
from .redact import PLACEHOLDERS, redact, redact_note
from .text import Finding

__all__ = [
    "ALLOWLIST_NAME", "CHECK", "DATA_DIR", "FINDING_COLUMNS", "PLACEHOLDERS", "Finding", "find_identifiers",
    "finding_rows", "findings_frame", "findings_table", "identifying_counts", "load_allowlist", "not_identifying", "redact", "redact_note",
]
