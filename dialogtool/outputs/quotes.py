"""Quotes for the report: candidates per theme, the investigator's choice, and the gate.

A report quote is a verbatim passage of a note, shortened only with "/.../" and followed by
"(Utdrag ur minnesanteckningar)", with no county. The tool proposes candidates for a theme
and the investigator records a choice, with the passages kept. A candidate is proposed as the report
prints a quote: the sentences of its paragraph that carry the theme (read with the theme's
cues), at most about MAX_WORDS words, with "/.../" where sentences between are left out.
Candidates are ranked: the investigator's chosen quotes first; then the passages that
illustrate what the caller asks for (the segments behind a typology cell, then the counties
in a category: a quote under "Fem län väger in strategins mål" comes from one of them, not
from a county saying it does not); then passages that read as a report quote on their own
(whole sentences, of the length the report's quotes have, about the county's work rather than
about how the meeting ran); then the most specific (coded with the theme itself, with fewer
other themes); then a length nearest the report's usual one.

Nothing is written without passing the gate: a chosen quote must still be verbatim in the
current note — a paragraph edited since the choice is refused with what changed, never
silently written — and no quote may carry an identifier (it is refused naming it, or
written with placeholders when redaction is asked for).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import docx
from docx.shared import Cm
from rapidfuzz import fuzz, process

from ..anonymise import Finding, find_identifiers, load_allowlist, redact
from ..errors import QuoteError
from ..files import save_document, write_text
from ..model import Decision, Segment
from ..coding.reanchor import FUZZY_THRESHOLD, normalised
from ..coding.store import Project
from ..coding.tag import theme_weight
from .report.spec import QUOTES, Categories

ELLIPSIS = "/.../"
ATTRIBUTION = "(Utdrag ur minnesanteckningar)"
QUOTE_SUFFIXES = (".docx", ".md")
#: The length (characters) of a passage that reads as a report quote: the lägesrapport's quotes
#: run from about 160 to 600, shortened ones included; shorter says too little, longer needs trimming.
QUOTE_LENGTH = (100, 550)
#: The lengths most of the report's quotes have: among candidates of equal standing, the nearer the better.
GOOD_LENGTH = (150, 400)
#: The longest proposed quote, in words: the report's quotes run to about 60 words, "/.../" included.
MAX_WORDS = 60
#: A proposal shorter than this (in words) takes the sentences around it, so that it says something.
MIN_WORDS = 20
#: Candidates per theme whose proposed passages are read sentence by sentence before the final ranking.
PROPOSAL_POOL = 60
#: Where a sentence ends inside a paragraph: a stop, then a capital (or a quote, bracket or digit).
SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”»']?\s+(?=[\"”“«'(\[–-]?[A-ZÅÄÖ0-9])|\n+")
#: A sentence that starts like this refers back to the one before it ("Detta motiverade …", "I år finns i
#: stället …").
REFERS_BACK = re.compile(r"^(?:detta|dessa|denna|därför|därmed|det\s+här|de\s+här|samtidigt|dock|också)\b"
                         r"|^(?:\S+\s+){0,4}(?:i\s+stället|däremot)\b", re.IGNORECASE)
QUOTE_OPENINGS = "\"”“«'[("
CLOSING_QUOTES = "\"”»'"
SENTENCE_ENDINGS = ".!?"
#: The start of a paragraph about the dialogue itself rather than the county's work: how the meeting
#: opened, ran or closed ("Dialogen inleds med …", "Deltagarna tackar för dialogen"). What participants
#: thought of the dialogue format ("Dialogen uppskattades, men …") is a message to the national level.
ABOUT_THE_DIALOGUE = re.compile(
    r"(?:dialogen|mötet|samtalet)\s+(?:inleds|inleddes|börjar|började|startar|startade|kom\s+i\s+gång|"
    r"avslutas|avslutades|avrundas|avrundades|öppnades)\b"
    r"|(?:\w+\s+){0,3}tack(?:ar|ade)\s+(?:\w+\s+)?för\s+(?:dialogen|mötet|samtalet|medverkan|deltagandet)\b"
    r"|(?:efter|före|inför)\s+(?:dialogen|mötet)\b"
    r"|(?:\w+\s+){0,3}presentationsrunda"
    r"|(?:minnes)?anteckningarna\s+(?:skickas|skickades|har\s+skickats|granskas|granskades|har\s+granskats)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Candidate:
    """A segment proposed as a quote for a theme, or a quote an investigator chose."""

    segment_id: str
    county: str
    #: The segment as it is in the current notes; None when a chosen paragraph is gone.
    segment: Segment | None
    specific: bool = True
    other_themes: int = 0
    chosen: Decision | None = None
    #: The passages proposed for an unchosen candidate ((start, end) of its text); () = the whole paragraph.
    proposal: tuple[tuple[int, int], ...] = ()

    @property
    def trims(self) -> list[tuple[int, int]]:
        if self.chosen:
            return [tuple(t) for t in self.chosen.detail.get("trims", [])]
        return list(self.proposal)

    @property
    def body(self) -> str:
        """The quote as proposed or chosen (before the gate): its passages joined by "/.../"."""
        if self.segment is None:
            return ""
        trims = self.trims if self.trims and all(end <= len(self.segment.text) for _, end in self.trims) else ()
        return f" {ELLIPSIS} ".join(quote_pieces(self.segment.text, trims))

    @property
    def length(self) -> int:
        return len(self.body)

    @property
    def reads_as_quote(self) -> bool:
        return self.segment is not None and reads_as_quote(self.body)


@dataclass(frozen=True)
class Quote:
    """A quote that passed the gate: its verbatim (or redacted) body, ready for the report."""

    segment_id: str
    body: str
    chosen: bool = False
    redacted: tuple[Finding, ...] = ()

    @property
    def text(self) -> str:
        return f"{self.body} {ATTRIBUTION}"


@dataclass
class QuoteSet:
    """The quotes of one theme that may be written, and why the others were refused."""

    theme: str
    label: str
    quotes: list[Quote] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    path: Path | None = None


# --- Candidates -------------------------------------------------------------------------


def theme_lineage(theme: str, codebook) -> list[str]:
    """The theme and the themes above it (a sub-theme implies its parent)."""
    if codebook is not None and theme in codebook.themes:
        return [theme, *codebook.ancestors(theme)]
    parts = theme.split(".")
    return [".".join(parts[:n]) for n in range(len(parts), 0, -1)]


def quote_candidates(theme: str, analysis, choices: list[Decision] | None = None,
                     limit: int | None = None, prefer: dict[str, tuple[str, ...]] | set[str] | None = None,
                     counties: frozenset[str] | set[str] = frozenset(),
                     index: CodedSegments | None = None) -> list[Candidate]:
    """Segments whose effective codes include `theme` (or a sub-theme of it), best first, each with
    the passages proposed as its quote (`proposed_trims`). `index`: the analysis's
    `coded_segments`, made once where the candidates of many themes are looked at.

    Ranked: chosen quotes (`choices`, by default the analysis's quote_chosen decisions),
    then segments of `counties` (where given), then proposals that read as a report quote
    (`reads_as_quote`), then the `prefer`red segments ({segment id: sentences that must stay
    in the quote}, e.g. the evidence of a typology cell; a set of ids will do), then segments
    coded with the theme itself before those coded only through a sub-theme, then fewer
    other themes, then a length closer to GOOD_LENGTH, then note order.
    """
    prefer = prefer if isinstance(prefer, dict) else dict.fromkeys(prefer or (), ())
    if choices is None:
        choices = [d for d in analysis.decisions if d.kind == "quote_chosen"]
    segments, themes, order = index or coded_segments(analysis)
    chosen = chosen_for_theme(theme, choices, themes, analysis.codebook)
    candidates = [
        Candidate(d.segment_id, d.county, segments.get(d.segment_id), chosen=d) for d in chosen.values()
    ]
    above = theme_lineage(theme, analysis.codebook)
    under = {t for t in {t for coded in themes.values() for t in coded} if theme in theme_lineage(t, analysis.codebook)}
    for segment_id, coded in themes.items():
        if segment_id in chosen or segment_id not in segments:
            continue
        related = coded & under
        if related:
            others = {t for t in coded - related if t not in above}
            segment = segments[segment_id]
            candidates.append(Candidate(segment_id, segment.county, segment, theme in coded, len(others)))

    def standing(c: Candidate) -> tuple:
        return c.chosen is None, bool(counties) and c.county not in counties

    candidates.sort(key=lambda c: (*standing(c), c.segment_id not in prefer, not c.specific, c.other_themes,
                                   length_penalty(len(c.segment.text) if c.segment else 0),
                                   order.get(c.segment_id, -1)))
    themes_read = [theme, *descendants(theme, analysis.codebook)]
    pool = [c if c.chosen else replace(c, proposal=proposed_trims(c.segment, themes_read, analysis.codebook,
                                                                  prefer.get(c.segment_id, ())))
            for c in candidates[:PROPOSAL_POOL]]
    pool.sort(key=lambda c: (*standing(c), not c.reads_as_quote, c.segment_id not in prefer, not c.specific,
                             c.other_themes, length_penalty(c.length), order.get(c.segment_id, -1)))
    candidates = pool + candidates[PROPOSAL_POOL:]
    return candidates[:limit] if limit else candidates


#: A round's segments by id, the themes coded on each segment, and each segment's place in the notes.
CodedSegments = tuple[dict[str, Segment], dict[str, set[str]], dict[str, int]]


def coded_segments(analysis) -> CodedSegments:
    """The analysis's segments by id, the themes coded on each, and each one's place in the notes:
    what every theme's candidates are picked from."""
    themes: dict[str, set[str]] = {}
    for code in analysis.codes:
        themes.setdefault(code.segment_id, set()).add(code.theme)
    return ({s.segment_id: s for s in analysis.corpus.segments}, themes,
            {s.segment_id: i for i, s in enumerate(analysis.corpus.segments)})


def shown_by(theme: str) -> Categories | None:
    """The categories the report draft's first part quoting `theme` shows (spec.QUOTES), or None."""
    return next((s.shows for sources in QUOTES.values() for s in sources if s.theme == theme), None)


def illustrating(analysis, shows: Categories | None) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """What illustrates `shows` best: ({segment id: evidence sentences} of the cells that placed a county
    in those categories, the counties in them); nothing preferred where `shows` is None."""
    if shows is None:
        return {}, frozenset()
    counties = frozenset(p.county for p in analysis.profiles if p.category(shows.dimension) in shows.ids)
    evidence: dict[str, tuple[str, ...]] = {}
    for profile in analysis.profiles:
        cell = profile.cells.get(shows.dimension)
        if profile.county in counties and cell is not None:
            for found in cell.evidence:
                evidence[found.segment_id] = (*evidence.get(found.segment_id, ()), found.sentence)
    return evidence, counties


def descendants(theme: str, codebook) -> list[str]:
    """The theme's sub-themes, their sub-themes, …: a parent theme is carried by its sub-themes' words too."""
    if codebook is None or theme not in codebook.themes:
        return []
    children = codebook.children(theme)
    return children + [d for child in children for d in descendants(child, codebook)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, spaces left out, so that each slice is verbatim."""
    spans, start = [], 0
    for match in [*SENTENCE_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[start:end]
        if piece.strip():
            left = start + len(piece) - len(piece.lstrip())
            spans.append((left, start + len(piece.rstrip())))
        start = match.end() if match else len(text)
    return spans


def proposed_trims(segment: Segment, themes: list[str], codebook, keep: tuple[str, ...] = ()) -> tuple[tuple[int, int], ...]:
    """The passages of `segment` to propose as a quote: its sentences that carry `themes`, as the report quotes.

    A sentence carries a theme where the theme's cues match in it (`keep`: sentences that
    stay whatever the cues say, such as the evidence of a typology cell). Where several do,
    the weightiest are kept within MAX_WORDS; a proposal under MIN_WORDS takes the sentences
    after (then before) it, and a sentence that refers back ("Detta …") the one before it.
    Adjacent sentences form one passage; "/.../" joins the passages. () where the whole
    paragraph is the quote.
    """
    text = segment.text
    spans = sentence_spans(text)
    if len(spans) <= 1:
        return ()
    words = [len(text[s:e].split()) for s, e in spans]
    weights = [sentence_weight(text[s:e], themes, codebook, segment.area, keep) for s, e in spans]
    carrying = sorted((i for i, w in enumerate(weights) if w > 0), key=lambda i: (-weights[i], i))
    # a sentence announcing a list ("Utöver detta finns några egna kriterier:") says nothing without it
    carrying = [i for i in carrying if not text[spans[i][0]:spans[i][1]].rstrip().endswith(":")] or carrying
    kept: set[int] = set()
    for index in carrying or range(len(spans)):
        if not kept or sum(words[i] for i in kept) + words[index] <= MAX_WORDS:
            kept.add(index)
    for index in sorted(kept):
        if index and index - 1 not in kept and REFERS_BACK.match(text[spans[index][0]:]) \
                and sum(words[i] for i in kept) + words[index - 1] <= MAX_WORDS:
            kept.add(index - 1)
    for index in [*range(max(kept) + 1, len(spans)), *range(min(kept) - 1, -1, -1)]:
        if sum(words[i] for i in kept) >= MIN_WORDS or sum(words[i] for i in kept) + words[index] > MAX_WORDS:
            break
        kept.add(index)
    if len(kept) == len(spans):
        return ()
    passages: list[list[int]] = []
    for index in sorted(kept):
        if passages and passages[-1][1] == index - 1:
            passages[-1][1] = index
        else:
            passages.append([index, index])
    return tuple((spans[first][0], spans[last][1]) for first, last in passages)


def sentence_weight(sentence: str, themes: list[str], codebook, area: str, keep: tuple[str, ...]) -> float:
    """How much a sentence carries the themes: its cue matches, and more where it must stay (`keep`)."""
    kept = any(k and (k in sentence or sentence in k) for k in keep)
    known = [t for t in themes if codebook is not None and t in codebook.themes]
    return (2.0 if kept else 0.0) + (theme_weight(sentence, known, codebook, area) if known else 0.0)


def chosen_for_theme(theme: str, choices: list[Decision], themes: dict[str, set[str]], codebook) -> dict[str, Decision]:
    """The latest choice per segment that applies to `theme` (its own theme, or the segment's codes)."""
    chosen: dict[str, Decision] = {}
    for decision in sorted(choices, key=lambda d: d.id or 0):
        if decision.kind != "quote_chosen" or decision.status == "removed":
            continue
        coded = themes.get(decision.segment_id) or set(decision.detail.get("themes", []))
        if decision.theme == theme or (
            decision.theme is None and any(theme in theme_lineage(t, codebook) for t in coded)
        ):
            chosen[decision.segment_id] = decision
    return chosen


def length_penalty(length: int) -> int:
    low, high = GOOD_LENGTH
    return max(low - length, length - high, 0)


def reads_as_quote(text: str) -> bool:
    """Whether a passage reads as a report quote on its own: whole sentences of QUOTE_LENGTH, about
    the county's work. A list item ("vilket av överenskommelsens prioriterade områden insatsen
    svarar mot"), a half sentence or a one-liner says nothing without its paragraph, a page needs
    trimming, and "Dialogen inleds med en presentationsrunda" is about the meeting, not the county.
    """
    text = text.strip()
    low, high = QUOTE_LENGTH
    return (low <= len(text) <= high and starts_a_sentence(text) and ends_a_sentence(text)
            and not ABOUT_THE_DIALOGUE.match(text))


def starts_a_sentence(text: str) -> bool:
    """A capital first letter, after an opening quote or bracket if any ("[Handlings]planen")."""
    letter = text.lstrip(QUOTE_OPENINGS)[:1]
    return letter.isalpha() and letter.isupper()


def ends_a_sentence(text: str) -> bool:
    """A full stop, question or exclamation mark, or a closing quote; a bracket only after one (".)")."""
    return text[-1:] in SENTENCE_ENDINGS + CLOSING_QUOTES or (text[-1:] == ")" and text[-2:-1] in SENTENCE_ENDINGS)


# --- Choosing and rendering -------------------------------------------------------------


def checked_trims(text: str, trims) -> list[tuple[int, int]]:
    """The trims as (start, end) pairs, or a QuoteError saying which one does not fit the text."""
    result: list[tuple[int, int]] = []
    for start, end in trims:
        if not 0 <= start < end <= len(text):
            raise QuoteError(
                f"urvalet {start}:{end} ryms inte i stycket (0:{len(text)}); ange START:SLUT med START < SLUT inom "
                "stycket."
            )
        if result and start < result[-1][1]:
            raise QuoteError(f"urvalet {start}:{end} överlappar eller kommer före det föregående; ange urvalen i "
                             "ordning och åtskilda.")
        result.append((start, end))
    return result


def quote_pieces(text: str, trims=()) -> list[str]:
    """The verbatim passages a quote keeps: the whole text, or each trim."""
    return [text[s:e].strip() for s, e in checked_trims(text, trims)] if trims else [text.strip()]


def render_quote(text: str, trims=()) -> str:
    """The quote as the report writes it: passages joined by "/.../", then the attribution."""
    return f" {ELLIPSIS} ".join(quote_pieces(text, trims)) + f" {ATTRIBUTION}"


def whole_word_trims(text: str, trims) -> list[tuple[int, int]]:
    """The trims widened to whole words (a trim never cuts a word in half), overlapping or
    touching ones merged: what a mouse selection or a START:END typed by hand keeps."""
    result: list[tuple[int, int]] = []
    for start, end in checked_trims(text, trims):
        while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
            start -= 1
        while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
            end += 1
        if result and start <= result[-1][1]:
            start = result.pop()[0]
        result.append((start, end))
    return result


def record_choice(project: Project, segment: Segment, trims=(), coder: str = "",
                  themes=(), theme: str | None = None, expected_version: str | None = None) -> Decision:
    """Store the investigator's choice of a quote, with the text it was chosen on, for `theme`
    (or, when None, every theme of the segment). A paragraph is a quote for one theme: an
    earlier choice of it is withdrawn, so choosing it for another theme moves it there.
    `expected_version`: see `Project.add`."""
    kept = whole_word_trims(segment.text, trims)
    earlier = [d for d in project.decisions(kind="quote_chosen") if d.segment_id == segment.segment_id]
    decision = Decision(
        kind="quote_chosen",
        county=segment.county,
        segment_id=segment.segment_id,
        theme=theme,
        text=segment.text,
        detail={"trims": [list(t) for t in kept], "pieces": quote_pieces(segment.text, kept),
                "themes": sorted(themes)},
        coder=coder,
    )
    project.add(decision, expected_version)
    for previous in earlier:
        project.update(previous.id, status="removed")
    return decision


def withdraw_choice(project: Project, decision_id: int, expected_version: str | None = None) -> Decision:
    """Mark a chosen quote withdrawn (it stays in the database); returns it as it was."""
    active = {d.id: d for d in project.decisions(kind="quote_chosen")}
    if decision_id not in active:
        raise QuoteError(f"inget valt citat med id {decision_id} i {project.path}; "
                         f"valda: {', '.join(str(i) for i in active) or 'inga'}.")
    project.update(decision_id, expected_version, status="removed")
    return active[decision_id]


# --- The gate ---------------------------------------------------------------------------


def current_text(candidate: Candidate, segments: list[Segment]) -> str:
    """The candidate's text in the current notes; a QuoteError when a chosen one was edited."""
    decision = candidate.chosen
    if decision is None:
        return candidate.segment.text
    segment = candidate.segment
    if segment is not None and normalised(segment.text) == normalised(decision.text):
        if all(piece in segment.text for piece in decision.detail.get("pieces", [])):
            return segment.text
    if segment is None:
        texts = [s.text for s in segments if s.county == decision.county]
        match = process.extractOne(decision.text, texts, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD) if texts else None
        if match is None:
            raise QuoteError(
                f"{decision.segment_id}: stycket som citatet valdes ur finns inte längre i anteckningen "
                f"för {decision.county}; välj ett annat citat eller återställ stycket."
            )
        segment = next(s for s in segments if s.county == decision.county and s.text == match[0])
    score = fuzz.ratio(decision.text, segment.text)
    chosen_id = decision.detail.get("previous_segment_ids", [decision.segment_id])[0]
    raise QuoteError(
        f"{chosen_id}: anteckningen har redigerats sedan citatet valdes "
        f"(nu {segment.segment_id}, likhet {score:.0f}; {describe_change(decision.text, segment.text)}); "
        f"läs stycket igen och välj citatet på nytt med `dialogtool quotes choose {segment.segment_id}`."
    )


def describe_change(old: str, new: str) -> str:
    """The first difference between two texts, in words: "'X' became 'Y'"."""
    a, b = old.split(), new.split()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        before, after = short(" ".join(a[i1:i2])), short(" ".join(b[j1:j2]))
        if tag == "replace":
            return f"'{before}' blev '{after}'"
        if tag == "delete":
            return f"'{before}' togs bort"
        if tag == "insert":
            return f"'{after}' lades till"
    return "mellanrummen ändrades"


def short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class IdentifierSearch:
    """The identifier search with one allow-list, each paragraph searched once while a draft is
    written (it is a candidate for several themes). Kept by segment and text, so two counties'
    identical paragraphs are each searched: the search is only saved where it would repeat itself.

    Given the `analysis` whose findings were searched with the same allow-list, its paragraphs
    are not searched again: the run already searched every one of them."""

    def __init__(self, allow=(), analysis=None):
        self.allow = tuple(allow)
        self.found: dict[tuple[str, str], list[Finding]] = {}
        if analysis is not None and analysis.findings is not None and tuple(analysis.allowlist) == self.allow:
            self.found = round_findings(analysis.corpus.segments, analysis.findings)

    def __call__(self, segment_id: str, text: str) -> list[Finding]:
        """The identifiers in `text`, the current text of segment `segment_id`."""
        key = (segment_id, text)
        if key not in self.found:
            self.found[key] = find_identifiers(text, self.allow)
        return self.found[key]


def round_findings(segments: list[Segment], findings) -> dict[tuple[str, str], list[Finding]]:
    """The findings table of a run (`findings_table`), as IdentifierSearch keeps them: by segment
    and text, every segment present (most have none)."""
    texts = {s.segment_id: s.text for s in segments}
    found: dict[tuple[str, str], list[Finding]] = {(s.segment_id, s.text): [] for s in segments}
    for row in findings.itertuples(index=False):
        found[(row.segment_id, texts[row.segment_id])].append(Finding(row.kind, row.text, int(row.start), int(row.end)))
    return found


def checked_quote(candidate: Candidate, segments: list[Segment], allow=(), redacting: bool = False,
                  search: IdentifierSearch | None = None) -> Quote:
    """The quote if it passes the gate (verbatim, no identifier); a QuoteError naming why not.
    `search`: the run's identifier search with the same `allow`, to search a paragraph once."""
    text = current_text(candidate, segments)
    trims = checked_trims(text, candidate.trims) if candidate.trims else [(0, len(text))]
    findings = (search or IdentifierSearch(allow))(candidate.segment_id, text)
    pieces, removed = [], []
    for start, end in trims:
        inside = findings_within(findings, start, end)
        if inside and not redacting:
            named = ", ".join(f"{f.kind} '{f.text}'" for f in inside)
            raise QuoteError(
                f"{candidate.segment_id}: citatet nämner {named}; välj ett avsnitt utan det, lägg till ordet i "
                "allowlist.txt om det inte identifierar någon, eller be om ett maskerat citat (--redact)."
            )
        clipped = [Finding(f.kind, f.text, max(f.start, start) - start, min(f.end, end) - start) for f in inside]
        pieces.append(redact(text[start:end], clipped).strip())
        removed.extend(inside)
    body = f" {ELLIPSIS} ".join(pieces)
    left = findings if body == text else shortened_identifiers(body, tuple(allow))  # the same text is searched once
    if left:
        raise QuoteError(
            f"{candidate.segment_id}: det förkortade citatet nämner fortfarande {left[0].kind} '{left[0].text}'; "
            "välj andra avsnitt."
        )
    return Quote(candidate.segment_id, body, candidate.chosen is not None, tuple(removed))


@lru_cache(maxsize=4096)
def shortened_identifiers(body: str, allow: tuple[str, ...]) -> tuple[Finding, ...]:
    """The identifiers left in a shortened quote: the same passages are proposed for a paragraph
    under each theme it carries, and each `quotes` call for a theme would search them again."""
    return tuple(find_identifiers(body, allow))


def findings_within(findings: list[Finding], start: int, end: int) -> list[Finding]:
    """The identifiers that reach into text[start:end]: what a passage kept from the paragraph carries."""
    return [f for f in findings if f.start < end and f.end > start]


def kept_identifiers(text: str, trims=(), allow=()) -> list[Finding]:
    """The identifiers a quote of `text` shortened to `trims` would carry: the gate refuses it when any."""
    findings = find_identifiers(text, allow)
    return [f for start, end in (whole_word_trims(text, trims) if trims else [(0, len(text))])
            for f in findings_within(findings, start, end)]


def theme_quotes(theme: str, analysis, allow=(), limit: int | None = None, redacting: bool = False,
                 choices: list[Decision] | None = None, prefer: dict[str, tuple[str, ...]] | set[str] | None = None,
                 counties: frozenset[str] | set[str] = frozenset(), search: IdentifierSearch | None = None,
                 index: CodedSegments | None = None) -> QuoteSet:
    """The theme's candidates through the gate, best first (`quote_candidates`, with `prefer` and
    `counties`): up to `limit` quotes, and every refusal met. `search`: the run's identifier
    search with the same `allow`, and `index` its `coded_segments`, shared by the themes."""
    search = search or IdentifierSearch(allow)
    codebook = analysis.codebook
    label = codebook.themes[theme].label if codebook is not None and theme in codebook.themes else theme
    result = QuoteSet(theme, label)
    for candidate in quote_candidates(theme, analysis, choices, prefer=prefer, counties=counties, index=index):
        if limit and len(result.quotes) >= limit:
            break
        try:
            result.quotes.append(checked_quote(candidate, analysis.corpus.segments, allow, redacting, search))
        except QuoteError as error:
            result.refused.append(str(error))
    return result


def write_quotes(quotes: list[Quote], path: Path, heading: str = "") -> Path:
    """Write the quotes as the report sets them: .docx (indented paragraphs) or .md."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in QUOTE_SUFFIXES:
        raise QuoteError(f"{path}: citat skrivs som .docx eller .md; ange ett filnamn som slutar på något av dem.")
    title = f"Citat: {heading}" if heading else "Citat"
    if suffix == ".md":
        blocks = [f"## {title}", *(f"> {quote.body} {ATTRIBUTION}" for quote in quotes)]
        return write_text(path, "\n\n".join(blocks) + "\n")
    document = docx.Document()
    document.add_heading(title, level=2)
    for quote in quotes:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(1)
        paragraph.paragraph_format.right_indent = Cm(1)
        paragraph.add_run(quote.body).italic = True
        paragraph.add_run(f" {ATTRIBUTION}")
    return save_document(document, path)


# --- What the commands call -------------------------------------------------------------


def quote_choices(notes_dir: Path) -> list[Decision]:
    """Every quote choice of the round not removed, orphaned ones too (so an edit is flagged)."""
    return [d for d in Project.for_notes(notes_dir).decisions(kind="quote_chosen", status=None) if d.status != "removed"]


def propose_quotes(analysis, theme: str, out: Path | None = None, limit: int | None = None,
                   redacting: bool = False) -> QuoteSet:
    """Gate the theme's quotes in a built round and write them to `out` when given; ranked, as in the
    report draft, for the category the draft's sentence on the theme counts (`shown_by`). The
    paragraphs are not searched for identifiers again where the round's own search still holds
    (`IdentifierSearch`): a call per theme would search every paragraph once more."""
    known = list(analysis.codebook.themes)
    if theme not in known:
        raise QuoteError(f"temat '{theme}' finns inte i themes.yaml; använd ett av: {', '.join(known)}.")
    notes_dir = analysis.notes_dir
    prefer, counties = illustrating(analysis, shown_by(theme))
    allow = load_allowlist(notes_dir)
    result = theme_quotes(theme, analysis, allow, limit, redacting, quote_choices(notes_dir), prefer, counties,
                          IdentifierSearch(allow, analysis))
    if out is not None:
        result.path = write_quotes(result.quotes, out, result.label)
    return result
