"""REFI-QDA projects (.qdpx): the round out to NVivo, ATLAS.ti, MAXQDA or QualCoder, and codings back.

Export layout: one `TextSource` per note, named by its county, whose plain text
(`sources/<guid>.txt`, UTF-8) is the note's segments joined by a blank line ("\\n\\n"). Every
effective code is one `PlainTextSelection` over exactly its segment (positions in Unicode
code points, start inclusive, end exclusive) with one `Coding`; auto-codes are created by the
user "dialogtool", human and accepted codes by their coder; the investigator who exports
comes first among the users (QualCoder takes the first as the name it codes under), and
each coding carries when it was decided. Counties are `Cases` with the
typology dimensions as text `Variables`. GUIDs are derived from dialogtool's ids (guids.py).

Import reads a project back: each coding becomes a human `code_added` decision of the
tool user who made it, matched to a current segment by the selected text (other tools
shift positions), its code matched to a theme by GUID, id or label. Positions are read as
code points; where another tool evidently counted otherwise (UTF-16 units, \\r\\n as two
characters or as one, a BOM) that reading is used and named. Everything is checked before
anything is written, and a second import of the same file records nothing new, even when
two imports run at once.
"""

from __future__ import annotations

import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree
from rapidfuzz import fuzz, process

from ...archives import checked_archive
from ...errors import ExchangeError
from ...files import replacing
from ...model import Code, Decision, Segment
from ...coding.reanchor import normalised, segments_by_county
from ...coding.review import unrecorded
from ...coding.store import Project, now
from ...coding.wordcodes import AUTO_AUTHOR, shortened
from .guids import normal_guid, stable_guid
from .qdc import (PROJECT_NS, CodeInfo, FragmentResult, check_root, code_path, code_themes, codes_element, codes_in,
                  parsed_xml, theme_guid, themes_fragment, write_fragment, xml_bytes)

PROJECT_FILE = "project.qde"
#: Where the sources' plain text lies in the archive: "sources/", as the REFI-QDA standard, QualCoder
#: and qdpxlib have it (an archive with "Sources/" or files at the top is read too).
SOURCES_DIR = "sources/"
INTERNAL = "internal://"
#: What separates two segments in an exported source's plain text.
SEGMENT_SEPARATOR = "\n\n"
UNKNOWN_CODER = "unknown"
#: The lowest rapidfuzz ratio at which a selection's text is taken to be a (revised) segment.
FUZZY_THRESHOLD = 75.0
#: The lowest partial ratio at which a selection is taken to lie inside a segment, and its shortest length.
PARTIAL_THRESHOLD = 90.0
PARTIAL_MIN_CHARS = 20
N = f"{{{PROJECT_NS}}}"


@dataclass
class ExportResult:
    """What an export wrote, and the codes it could not place (theme not in the codebook)."""

    path: Path
    sources: int = 0
    codes: int = 0
    selections: int = 0
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Selection:
    """One coded passage as read from a project: where, what text, which code, by whom."""

    source: str
    guid: str
    text: str
    code: str  # normal GUID
    coder: str
    coding_guid: str


@dataclass
class ImportResult:
    """What an import recorded, what was there already, and everything it could not place."""

    written: list[Decision] = field(default_factory=list)
    unchanged: int = 0
    #: Codings by the "dialogtool" user: suggestions the tagger makes again, never recorded.
    auto_skipped: int = 0
    #: (code name, number of codings) for codes that are no theme; their codings are not imported.
    unmatched_codes: list[tuple[str, int]] = field(default_factory=list)
    #: One line per selection that matches no segment, or sits in a source that matches no note.
    unmatched_selections: list[str] = field(default_factory=list)
    #: One line per source whose positions had to be read another tool's way (UTF-16 units, \r\n, a BOM).
    readings: list[str] = field(default_factory=list)
    #: How many coded selections (with their codings) the project has.
    selections: int = 0
    #: Every code of the project's codebook that is no theme, by its path ('Styrning / Övrigt').
    new_codes: list[str] = field(default_factory=list)
    fragment: FragmentResult | None = None


# ---------------------------------------------------------------- export


def export_qdpx(analysis, out_path: Path, investigator: str = "") -> ExportResult:
    """Write the round (notes, themes, effective codes, county typology) as a REFI-QDA project;
    `investigator` (who exports) is its first user, so codes made in the other tool are theirs."""
    out_path = Path(out_path)
    codebook = analysis.codebook
    if codebook is None or not codebook.themes:
        raise ExchangeError("analysen har ingen kodbok; kör med en themes.yaml som definierar temana.")
    result = ExportResult(out_path)
    by_county = segments_by_county(analysis.corpus.segments)
    by_id = {s.segment_id: s for s in analysis.corpus.segments}
    placed = [code for code in analysis.codes if code.theme in codebook.themes and code.segment_id in by_id]
    result.skipped = [f"{code.segment_id}: temat '{code.theme}' ({code.source}, {code.coder or 'ingen kodare'})"
                      for code in analysis.codes if code not in placed]
    users = export_users(placed, investigator)
    root = etree.Element(f"{N}Project", nsmap={None: PROJECT_NS}, name=project_name(analysis),
                         origin="dialogtool", creatingUserGUID=user_guid(users[0]))
    users_element = etree.SubElement(root, f"{N}Users")
    for user in users:
        etree.SubElement(users_element, f"{N}User", guid=user_guid(user), name=user)
    codebook_element = etree.SubElement(root, f"{N}CodeBook")
    codes = codes_element(codebook, PROJECT_NS)
    add_case_codes(codes, [note.county for note in analysis.corpus.notes if by_county.get(note.county)])
    codebook_element.append(codes)
    add_cases(root, analysis, codebook, by_county)
    sources = etree.SubElement(root, f"{N}Sources")
    texts: dict[str, str] = {}
    dates = decision_dates(analysis.decisions)
    for note in analysis.corpus.notes:
        exported = note_time(note.path)
        segments = by_county.get(note.county, [])
        text, spans = source_layout(segments)
        guid = source_guid(note.county)
        texts[f"{SOURCES_DIR}{guid}.txt"] = text
        source = etree.SubElement(sources, f"{N}TextSource", guid=guid, name=note.county,
                                  plainTextPath=f"{INTERNAL}{guid}.txt", creatingUser=user_guid(AUTO_AUTHOR))
        etree.SubElement(source, f"{N}Description").text = f"Minnesanteckningar {note.county} ({note.path.name})"
        for code in sorted((c for c in placed if c.county == note.county),
                           key=lambda c: (spans[c.segment_id][0], c.theme)):
            add_selection(source, code, spans[code.segment_id], dates.get((code.segment_id, code.theme), exported))
            result.selections += 1
        if segments:
            add_case_link(source, note.county, len(text), user_guid(users[0]), exported)
        result.sources += 1
    result.codes = len(codebook.themes)
    write_archive(out_path, root, texts)
    return result


def source_layout(segments: list[Segment]) -> tuple[str, dict[str, tuple[int, int]]]:
    """A note's plain text (segments joined by a blank line) and each segment's [start, end) in it."""
    spans: dict[str, tuple[int, int]] = {}
    position = 0
    for segment in segments:
        spans[segment.segment_id] = (position, position + len(segment.text))
        position += len(segment.text) + len(SEGMENT_SEPARATOR)
    return SEGMENT_SEPARATOR.join(s.text for s in segments), spans


def export_users(codes: list[Code], investigator: str = "") -> list[str]:
    """The project's users in the order other tools read them: the investigator, the coders by
    how many codes they have, then "dialogtool" for the suggestions."""
    counts = Counter(code_user(code) for code in codes if code_user(code) != AUTO_AUTHOR)
    people = [investigator.strip()] if investigator.strip() else []
    people += [name for name, _ in counts.most_common() if name.casefold() not in {p.casefold() for p in people}]
    return [*people, AUTO_AUTHOR]


def decision_dates(decisions: list[Decision]) -> dict[tuple[str, str], str]:
    """When each (segment, theme) was last decided by a person: the coding's creation time."""
    return {(d.segment_id, d.theme): d.created_at for d in sorted(decisions, key=lambda d: d.id or 0)
            if d.segment_id and d.theme and d.created_at}


def note_time(path: Path) -> str:
    """When a note's text was last saved: the date of the suggestions made from it, the same in
    every export of an unchanged note (so two exports are identical), unlike the export time."""
    try:
        return datetime.fromtimestamp(Path(path).stat().st_mtime, timezone.utc).isoformat(timespec="seconds")
    except OSError:
        return now()


def project_name(analysis) -> str:
    return f"dialogtool {Path(analysis.notes_dir).name}"


def code_user(code: Code) -> str:
    """Who a code is credited to in the export: auto-codes to "dialogtool", others to their coder."""
    if code.source == "auto":
        return AUTO_AUTHOR
    return code.coder or UNKNOWN_CODER


def user_guid(name: str) -> str:
    return stable_guid("user", name)


def source_guid(county: str) -> str:
    return stable_guid("source", county)


def add_selection(source: etree._Element, code: Code, span: tuple[int, int], created: str) -> None:
    user = user_guid(code_user(code))
    selection = etree.SubElement(
        source, f"{N}PlainTextSelection", guid=stable_guid("selection", code.county, code.segment_id, code.theme),
        name=code.theme, startPosition=str(span[0]), endPosition=str(span[1]), creatingUser=user,
        creationDateTime=created)
    if code.evidence:
        etree.SubElement(selection, f"{N}Description").text = code.evidence
    coding = etree.SubElement(selection, f"{N}Coding", guid=stable_guid("coding", code.county, code.segment_id, code.theme),
                              creatingUser=user, creationDateTime=created)
    etree.SubElement(coding, f"{N}CodeRef", targetGUID=theme_guid(code.theme))


def case_guid(county: str) -> str:
    return stable_guid("case", county)


def add_case_codes(codes: etree._Element, counties: list[str]) -> None:
    """One code per county with its case's GUID: tools that link a case to text only through
    a code of the same GUID (QualCoder, NVivo-style) turn it back into the case's text."""
    for county in counties:
        code = etree.SubElement(codes, f"{N}Code", guid=case_guid(county), name=county, isCodable="true")
        etree.SubElement(code, f"{N}Description").text = f"Fallet {county}: hela minnesanteckningen (inget tema)"


def add_case_link(source: etree._Element, county: str, length: int, user: str, created: str) -> None:
    """The whole source coded with its county's case code (see add_case_codes)."""
    selection = etree.SubElement(source, f"{N}PlainTextSelection", guid=stable_guid("case-text", county), name=county,
                                 startPosition="0", endPosition=str(length), creatingUser=user, creationDateTime=created)
    coding = etree.SubElement(selection, f"{N}Coding", guid=stable_guid("case-coding", county), creatingUser=user,
                              creationDateTime=created)
    etree.SubElement(coding, f"{N}CodeRef", targetGUID=case_guid(county))


def case_guids(root: etree._Element) -> set[str]:
    """The normal GUIDs of a project's cases: a code with one of them stands for its case, not a theme."""
    return {normal_guid(case.get("guid", "")) for case in root.iterfind(f"{N}Cases/{N}Case")}


def add_cases(root: etree._Element, analysis, codebook, by_county: dict[str, list[Segment]]) -> None:
    """The typology dimensions as text variables and each county as a case with its categories."""
    dimensions = codebook.dimensions
    if dimensions:
        variables = etree.SubElement(root, f"{N}Variables")
        for dimension_id, dimension in dimensions.items():
            variable = etree.SubElement(variables, f"{N}Variable", guid=stable_guid("variable", dimension_id),
                                        name=dimension_id, typeOfVariable="Text")
            categories = "; ".join(f"{c_id} = {c.label}" for c_id, c in dimension.categories.items())
            etree.SubElement(variable, f"{N}Description").text = f"{dimension.label} ({categories})"
    profiles = {profile.county: profile for profile in analysis.profiles}
    cases = etree.SubElement(root, f"{N}Cases")
    for note in analysis.corpus.notes:
        case = etree.SubElement(cases, f"{N}Case", guid=case_guid(note.county), name=note.county)
        profile = profiles.get(note.county)
        for dimension_id in dimensions:
            category = profile.category(dimension_id) if profile else None
            if category:
                value = etree.SubElement(case, f"{N}VariableValue")
                etree.SubElement(value, f"{N}VariableRef", targetGUID=stable_guid("variable", dimension_id))
                etree.SubElement(value, f"{N}TextValue").text = category
        if by_county.get(note.county):
            etree.SubElement(case, f"{N}SourceRef", targetGUID=source_guid(note.county))
    if not len(cases):
        root.remove(cases)


def write_archive(out_path: Path, root: etree._Element, texts: dict[str, str]) -> None:
    with replacing(out_path) as temporary:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(PROJECT_FILE, xml_bytes(root))
            for name, text in texts.items():
                archive.writestr(name, text.encode("utf-8"))


# ---------------------------------------------------------------- import


def import_qdpx(path: Path, project: Project | None, analysis, codebook_only: bool = False,
                fragment_out: Path | None = None) -> ImportResult:
    """Record another tool's codings of the round's notes as human decisions; all or nothing.

    With `codebook_only` only the codebook is read, into a themes.yaml fragment at
    `fragment_out` (default: beside the file); otherwise a fragment of the codes that are no
    theme is written when `fragment_out` is given. Unplaceable codes and selections are
    reported in the result, never dropped silently.
    """
    path = Path(path)
    with open_archive(path) as archive:
        root = project_root(archive, path.name)
        codes = codes_in(root.find(f"{N}CodeBook"), PROJECT_NS)
        result = ImportResult()
        selections = [] if codebook_only else project_selections(root, archive, path.name, codes,
                                                                 NoteTexts(analysis), result)
    cases = case_guids(root)  # codes that link cases to text, and their codings, are no themes
    codes = {guid: code for guid, code in codes.items() if guid not in cases}
    selections = [selection for selection in selections if selection.code not in cases]
    codebook = analysis.codebook if analysis is not None else None
    if codebook_only or fragment_out:
        text, result.fragment = themes_fragment(codes, codebook, f"{path.name} ({root.get('origin') or 'REFI-QDA project'})")
    if codebook_only:
        result.fragment.path = write_fragment(text, fragment_out or path.with_name(f"{path.stem}-themes.yaml"))
        return result
    themes = code_themes(codes, analysis.codebook)
    result.selections = len(selections)
    result.new_codes = [code_path(guid, codes) for guid, theme in themes.items() if theme is None]
    planned = planned_decisions(selections, codes, themes, analysis, path.name, result)
    as_known_coders(planned, project)
    if fragment_out:
        result.fragment.path = write_fragment(text, fragment_out)
    result.written = project.add_many(planned, unrecorded=lambda recorded: unrecorded(planned, recorded)) if planned else []
    result.unchanged = len(planned) - len(result.written)
    return result


def open_archive(path: Path) -> zipfile.ZipFile:
    """The .qdpx archive, refused when it is a zip bomb or damaged (before anything is imported)."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ExchangeError(f"{path}: filen finns inte; ange projektet (.qdpx) som exporterats från det andra "
                            "verktyget.") from None
    except zipfile.BadZipFile:
        raise ExchangeError(
            f"{path.name}: inget REFI-QDA-projekt (inget zip-arkiv); exportera projektet igen som .qdpx från det "
            "andra verktyget."
        ) from None
    except OSError as error:
        raise ExchangeError(f"{path}: kan inte läsas ({error.strerror}); kontrollera filen.") from None
    return checked_archive(archive, path.name, ExchangeError, "exportera projektet igen som .qdpx från det andra "
                                                              "verktyget")


def project_root(archive: zipfile.ZipFile, file: str) -> etree._Element:
    """project.qde's root element, checked to be a QDA-XML 1.0 Project.

    Some tools name the file after the project (name.qde) or zip it inside a folder; one
    .qde in the archive is taken wherever it is.
    """
    member = archive_member(archive, PROJECT_FILE)
    if member is None:
        others = [n for n in archive.namelist() if n.lower().endswith(".qde")]
        member = others[0] if len(others) == 1 else None
    if member is None:
        raise ExchangeError(
            f"{file}: arkivet har ingen {PROJECT_FILE} på översta nivån; "
            "ange en .qdpx som exporterats från ett QDA-verktyg (en kodbok i .qdc läses med `dialogtool import qdc`)."
        )
    root = parsed_xml(archive.read(member), f"{file}: {PROJECT_FILE}")
    check_root(root, f"{file}: {PROJECT_FILE}", "Project", PROJECT_NS)
    return root


def project_selections(root: etree._Element, archive: zipfile.ZipFile, file: str, codes: dict[str, CodeInfo],
                       notes: NoteTexts, result: ImportResult) -> list[Selection]:
    """Every coded text selection of the project, checked against its source and the codebook.

    Positions are read as the standard says (code points into the source's plain text);
    where that puts selections outside the text or off the notes' words, the reading
    other tools use is tried (UTF-16 units, \\r\\n counted or not, a BOM counted) and the
    one that finds the most selections in the notes is kept — and named in the result.
    """
    users = {normal_guid(u.get("guid", "")): u.get("name") or u.get("id") or UNKNOWN_CODER
             for u in root.iterfind(f"{N}Users/{N}User")}
    project_user = normal_guid(root.get("creatingUserGUID", ""))
    selections = []
    for source in root.iterfind(f"{N}Sources/{N}TextSource"):
        name = source.get("name") or source.get("guid", "")
        elements = list(source.iterfind(f"{N}PlainTextSelection"))
        if not elements:
            continue
        spans = [raw_span(element) for element in elements]
        reading = best_reading(source_text(source, archive, file, name), spans, notes.of_source(name))
        if reading.label != STANDARD_READING:
            result.readings.append(f"TextSource '{name}': positionerna lästa som {reading.label}")
        for element, span in zip(elements, spans):
            text = reading.slice(*span)
            if text is None:
                raise ExchangeError(
                    f"{file}: PlainTextSelection {element.get('guid')} i TextSource '{name}' sträcker sig över "
                    f"{element.get('startPosition')}–{element.get('endPosition')} men källans text har "
                    f"{reading.length} tecken; rätta markeringen i det andra verktyget och exportera igen."
                )
            for coding in element.iterfind(f"{N}Coding"):
                reference = coding.find(f"{N}CodeRef")
                target = normal_guid(reference.get("targetGUID", "")) if reference is not None else ""
                if target not in codes:
                    raise ExchangeError(
                        f"{file}: Coding {coding.get('guid')} i TextSource '{name}' hänvisar till koden "
                        f"{target or '(ingen)'}, "
                        "som inte finns i CodeBook; lägg till koden i kodboken eller ta bort kodningen i det andra "
                        "verktyget."
                    )
                user = normal_guid(coding.get("creatingUser") or element.get("creatingUser") or project_user)
                selections.append(Selection(name, element.get("guid", ""), text, target,
                                            users.get(user, UNKNOWN_CODER), coding.get("guid", "")))
    return selections


def raw_span(selection: etree._Element) -> tuple[int, int]:
    """A selection's (start, end) as written; (-1, -1) when they are not whole numbers."""
    try:
        return int(selection.get("startPosition")), int(selection.get("endPosition"))
    except (TypeError, ValueError):
        return -1, -1


STANDARD_READING = "kodpunkter"
#: Unicode categories of characters that belong to the one before them (accents, variation selectors, joiners).
JOINING = ("Mn", "Me", "Cf")


@dataclass(frozen=True)
class Reading:
    """One way to read a source's positions: which form of its text, counted in which units."""

    label: str
    text: str
    utf16: bool = False

    @property
    def length(self) -> int:
        return len(self.text.encode("utf-16-le")) // 2 if self.utf16 else len(self.text)

    def slice(self, start: int, end: int) -> str | None:
        """The text from start to end, or None when that is not inside the text."""
        if not 0 <= start <= end <= self.length:
            return None
        if not self.utf16:
            return self.text[start:end]
        return self.text.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le", errors="replace")


def readings(text: str) -> list[Reading]:
    """The standard reading first, then the ways other tools count positions over the same text."""
    forms = [("", text)]
    if "\r\n" in text:
        forms.append((", \\r\\n räknat som ett tecken", text.replace("\r\n", "\n")))
    elif "\n" in text:
        forms.append((", radbrytningar räknade som \\r\\n", text.replace("\n", "\r\n")))
    bom = [(label + (", utan BOM" if text.startswith("\ufeff") else ", med en BOM räknad"),
            form[1:] if form.startswith("\ufeff") else "\ufeff" + form) for label, form in forms]
    result = []
    for label, form in forms + bom:
        result.append(Reading(STANDARD_READING + label, form))
        result.append(Reading("UTF-16-enheter" + label, form, utf16=True))
    return result


def best_reading(text: str, spans: list[tuple[int, int]], notes: tuple[set[str], str]) -> Reading:
    """The reading under which the most selections are inside the text and on the notes' words.

    The standard reading wins unless another one does strictly better; when none has every
    selection inside the text, the standard one is returned and the caller names the first
    selection outside.
    """
    candidates = readings(text)
    best, best_score = candidates[0], reading_score(candidates[0], spans, notes)
    if best_score[:2] == (len(spans), len(spans)):
        return best
    for reading in candidates[1:]:
        score = reading_score(reading, spans, notes)
        if score > best_score:
            best, best_score = reading, score
    return best if best_score[0] == len(spans) else candidates[0]


def reading_score(reading: Reading, spans: list[tuple[int, int]],
                  notes: tuple[set[str], str]) -> tuple[int, int, int, int]:
    """(selections inside the text, of them found in the notes on whole words, of them whole
    paragraphs, found at all).

    A reading that counts positions wrongly mostly selects text that still lies in a note,
    but cut in the middle of a word (or of an emoji): whole words tell the right reading.
    """
    paragraphs, joined = notes
    inside = whole = exact = found = 0
    for span in spans:
        text = reading.slice(*span)
        if text is None:
            continue
        inside += 1
        wanted = normalised(text)
        if wanted in paragraphs:
            whole, exact, found = whole + 1, exact + 1, found + 1
            continue
        at = joined.find(wanted)
        found += at >= 0
        while at >= 0 and not on_word_edges(joined, at, at + len(wanted)):
            at = joined.find(wanted, at + 1)
        whole += at >= 0
    return inside, whole, exact, found


def on_word_edges(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] neither begins nor ends inside a word or a character
    sequence (an emoji with its joiners and variation selectors, a letter and its accent)."""
    def cut(at: int) -> bool:
        if not 0 < at < len(text):
            return False
        return (text[at - 1].isalnum() and text[at].isalnum()) or unicodedata.category(text[at]) in JOINING \
            or unicodedata.category(text[at - 1]) == "Cf"
    return not (cut(start) or cut(end))


class NoteTexts:
    """The round's segment texts (one set and one joined string per county) that selections are looked up in."""

    def __init__(self, analysis):
        by_county = segments_by_county(analysis.corpus.segments)
        self.names = note_names(analysis)
        self.texts = {county: note_texts(segments) for county, segments in by_county.items()}
        self.every = note_texts(analysis.corpus.segments)

    def of_source(self, name: str) -> tuple[set[str], str]:
        """The texts a source can be about: its county's when its name tells, else every note's."""
        return self.texts.get(self.names.get(source_key(name)), self.every)


def note_texts(segments: list[Segment]) -> tuple[set[str], str]:
    texts = [normalised(s.text) for s in segments]
    return set(texts), " ".join(texts)


def note_names(analysis) -> dict[str, str]:
    """County by every name a source may carry for its note: county id, file name, file stem."""
    names = {}
    for note in analysis.corpus.notes:
        for key in (note.county, note.path.name, note.path.stem):
            names[key.casefold()] = note.county
    return names


def source_key(name: str) -> str:
    """A source's name as looked up in `note_names`: case folded, a file suffix dropped."""
    key = name.strip().casefold()
    return key if not Path(key).suffix else Path(key).stem


def source_text(source: etree._Element, archive: zipfile.ZipFile, file: str, name: str) -> str:
    """A text source's plain text: inline `PlainTextContent`, or the archive file `plainTextPath` names."""
    inline = source.find(f"{N}PlainTextContent")
    if inline is not None:
        return inline.text or ""
    reference = source.get("plainTextPath", "")
    if not reference.startswith(INTERNAL):
        raise ExchangeError(
            f"{file}: TextSource '{name}' har kodade markeringar men ingen ren text i projektet "
            f"(plainTextPath '{reference}'); exportera projektet igen med källorna inbäddade."
        )
    wanted = SOURCES_DIR + reference[len(INTERNAL):]
    member = archive_member(archive, wanted)
    if member is None:
        raise ExchangeError(
            f"{file}: TextSource '{name}' pekar på {reference} men {wanted} finns inte i arkivet; "
            "exportera projektet igen med källorna."
        )
    return archive.read(member).decode("utf-8-sig", errors="replace")


def archive_member(archive: zipfile.ZipFile, name: str) -> str | None:
    """The archive's name for `name`, in any case and with either slash; a source file
    (Sources/x.txt) may also sit in 'sources/' or at the top, as some tools put it."""
    names = {n.replace("\\", "/").casefold(): n for n in archive.namelist()}
    wanted = name.casefold()
    if wanted in names:
        return names[wanted]
    if not wanted.startswith(SOURCES_DIR.casefold()):
        return None
    base = wanted.rsplit("/", 1)[-1]
    matches = [n for key, n in names.items() if key.rsplit("/", 1)[-1] == base]
    return matches[0] if len(matches) == 1 else None


def planned_decisions(selections: list[Selection], codes: dict[str, CodeInfo], themes: dict[str, str | None],
                      analysis, file: str, result: ImportResult) -> list[Decision]:
    """The decisions the selections make (not yet checked against the database); the rest reported."""
    segments = segments_by_county(analysis.corpus.segments)
    counties = source_counties({s.source for s in selections}, analysis, segments, selections)
    unmatched_codes: dict[str, int] = {}
    planned: list[Decision] = []
    for selection in selections:
        if selection.coder == AUTO_AUTHOR:
            result.auto_skipped += 1
            continue
        theme = themes[selection.code]
        if theme is None:
            name = code_path(selection.code, codes)
            unmatched_codes[name] = unmatched_codes.get(name, 0) + 1
            continue
        county = counties.get(selection.source)
        if county is None:
            result.unmatched_selections.append(f"'{shortened(selection.text)}' i källan '{selection.source}' (ingen "
                                               "anteckning matchar)")
            continue
        targets = segments_for(selection.text, segments[county])
        if not targets:
            result.unmatched_selections.append(f"'{shortened(selection.text)}' i källan '{selection.source}' "
                                               f"({county}): inget textavsnitt har denna text")
            continue
        for segment in targets:
            planned.append(Decision(kind="code_added", county=county, segment_id=segment.segment_id, theme=theme,
                                    text=segment.text, coder=selection.coder,
                                    detail={"source": file, "guid": selection.coding_guid}))
    result.unmatched_codes = sorted(unmatched_codes.items())
    return planned


def as_known_coders(planned: list[Decision], project: Project) -> None:
    """Credit each decision to the spelling of its coder the database has already ("Karin N"
    in the other tool is the "karin n" of the review sheet), so no person counts twice."""
    names = {coder: project.coder_named(coder) for coder in {d.coder for d in planned}}
    for decision in planned:
        decision.coder = names[decision.coder]


def source_counties(names: set[str], analysis, segments: dict[str, list[Segment]],
                    selections: list[Selection]) -> dict[str, str]:
    """Each source's county: by its name (county id or note file), else by the coded texts it holds."""
    by_name = note_names(analysis)
    result = {}
    for name in names:
        county = by_name.get(name.strip().casefold()) or by_name.get(source_key(name))
        if county is None:
            county = county_by_content([s.text for s in selections if s.source == name], segments)
        if county is not None:
            result[name] = county
    return result


def county_by_content(texts: list[str], segments: dict[str, list[Segment]]) -> str | None:
    """The county most of whose selections' texts lie in its segments, if any does."""
    scores = {county: sum(1 for text in texts if segments_for(text, county_segments_list))
              for county, county_segments_list in segments.items()}
    best = max(scores, key=scores.get, default=None)
    return best if best is not None and scores[best] * 2 > len(texts) else None


def segments_for(text: str, candidates: list[Segment]) -> list[Segment]:
    """The segments a selected text codes: the same text, the one it lies in, or those it spans.

    Exact (whitespace-normalised) text first, then containment either way, then the
    closest segment by rapidfuzz ratio, then a long selection inside a revised segment.
    """
    wanted = normalised(text)
    if not wanted or not candidates:
        return []
    texts = [normalised(s.text) for s in candidates]
    if wanted in texts:
        return [candidates[texts.index(wanted)]]
    inside = [s for s, t in zip(candidates, texts) if wanted in t]
    if inside:
        return inside[:1]
    spanned = [s for s, t in zip(candidates, texts) if t and t in wanted]
    if spanned:
        return spanned
    match = process.extractOne(wanted, texts, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
    if match:
        return [candidates[match[2]]]
    if len(wanted) >= PARTIAL_MIN_CHARS:
        match = process.extractOne(wanted, texts, scorer=fuzz.partial_ratio, score_cutoff=PARTIAL_THRESHOLD)
        if match:
            return [candidates[match[2]]]
    return []

