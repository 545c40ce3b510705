"""Which quotes the draft (and `fill`) print: per theme, through quotes.py's gate, best first.

Per theme: the investigator's chosen quotes; where none is chosen, the best proposal by
quotes.py's ranking, asked to illustrate what the draft's sentence says. A quote under "Fem
län lyfte … strategins mål" comes from one of those five counties, preferably from the very
segment that placed the county there (its evidence sentence kept in the quote), never first
from a county saying the opposite. In the draft a passage is printed once, under the first
part that asks for it; one chosen for a theme, under that theme only.
"""

from __future__ import annotations

from ...anonymise import load_allowlist
from ..quotes import IdentifierSearch, Quote, coded_segments, illustrating, shown_by, theme_quotes
from .spec import QuoteSource

#: Candidates per theme looked at when picking the draft's quotes.
CANDIDATE_POOL = 40


class QuotePicker:
    """The quotes of a round that pass the gate, per theme and part of the draft."""

    def __init__(self, analysis):
        self.analysis = analysis
        self.allow = load_allowlist(analysis.notes_dir) if analysis.notes_dir else ()
        self.search = IdentifierSearch(self.allow, analysis)
        #: The round's segments and their codes, indexed once for every theme's candidates.
        self.index = coded_segments(analysis)
        self.used: set[str] = set()
        #: Per theme, the candidates the gate refused on the last look (edited or identifying).
        self.refused: dict[str, int] = {}
        self.cache: dict[QuoteSource, list[Quote]] = {}
        #: Paragraphs chosen as the quote of a named theme: printed in that theme's part only.
        self.reserved = {d.segment_id for d in analysis.decisions if d.kind == "quote_chosen" and d.theme}

    def ranked(self, source: QuoteSource) -> list[Quote]:
        """The theme's quotes that pass the gate, best first for what `source` should show."""
        if source not in self.cache:
            prefer, counties = illustrating(self.analysis, source.shows)
            result = theme_quotes(source.theme, self.analysis, self.allow, limit=CANDIDATE_POOL, prefer=prefer,
                                  counties=counties, search=self.search, index=self.index)
            self.refused[source.theme] = len(result.refused)
            self.cache[source] = result.quotes
        return self.cache[source]

    def why_none(self, theme: str) -> str:
        """Why a theme has no quote, in Swedish, after `for_source` found none."""
        refused = self.refused.get(theme, 0)
        if refused:
            return f"{self.label(theme)} ({refused} förslag stoppades av kontrollen)"
        return f"{self.label(theme)} (inga kodade segment kvar)"

    def for_source(self, source: QuoteSource, wanted: int = 1) -> list[Quote]:
        """The theme's chosen quotes not yet printed, or its `wanted` best unprinted proposals."""
        quotes = [q for q in self.ranked(source)
                  if q.segment_id not in self.used and (q.chosen or q.segment_id not in self.reserved)]
        picked = [q for q in quotes if q.chosen] or quotes[:wanted]
        self.used.update(q.segment_id for q in picked)
        return picked

    def label(self, theme: str) -> str:
        themes = self.analysis.codebook.themes
        return themes[theme].label if theme in themes else theme

    def nth(self, theme: str, number: int) -> Quote | None:
        """The theme's `number`th quote (1 = the best) that passes the gate, or None; for `fill`.

        Ranked for what the draft's first part quoting the theme shows, so that `{{ citat … 1 }}`
        is the quote the draft prints.
        """
        quotes = self.ranked(QuoteSource(theme, shown_by(theme)))
        return quotes[number - 1] if len(quotes) >= number else None
