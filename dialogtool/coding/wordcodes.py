"""Coding in Word: comments whose text is theme ids are human codes, and back again.

Investigators code the way they already work: select text in a note, add a comment, type
a theme id (several: separated by commas, semicolons or new lines). `word_codes` turns
such comments into codes on the segments they anchor to and reports every comment it
cannot use, with the nearest theme ids. `export_word` writes a note with the current codes
as comments, one per segment and author, so a colleague can review them in Word; reading
the written file with `word_codes` gives the same codes back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree
from rapidfuzz import fuzz, process

from .effective import folded_theme, theme_index
from ..errors import WordFileError
from ..files import save_document
from ..model import Code, Note, Segment
from ..ingest.read import read_note
from ..ingest.read.docx_reader import document_blocks, open_document
from ..ingest.read.header import header_fields

#: The comment author for codes nobody has judged; its comments read back as auto codes.
AUTO_AUTHOR = "dialogtool"
ID_SEPARATORS = re.compile(r"[,;\n\r]+")
NEAREST_COUNT = 3
NEAREST_MIN_SCORE = 60
SHOWN_CHARS = 60
#: How much of the coded paragraph a problem quotes, so the comment can be found in Word.
ANCHOR_CHARS = 30
#: Word's paragraph ids and the namespaces of its comment-thread parts (replies, durable ids).
W14_PARA_ID = "{http://schemas.microsoft.com/office/word/2010/wordml}paraId"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
W16CID = "{http://schemas.microsoft.com/office/word/2016/wordml/cid}"
W16CEX = "{http://schemas.microsoft.com/office/word/2018/wordml/cex}"


@dataclass
class WordCoding:
    """The codes a note's Word comments give, and what is wrong with the rest."""

    codes: list[Code] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def word_codes(note: Note, segments: list[Segment], codebook) -> WordCoding:
    """The note's comments as codes on their segments; every unusable comment a problem.

    A comment spanning several paragraphs codes each of their segments. Comments by
    `AUTO_AUTHOR` (an `export_word` file read back) are auto codes; all others are human
    codes by the comment's author.
    """
    known = theme_index(codebook.themes)
    by_block = {segment.block: segment for segment in segments}
    anchored: dict[str, list[Segment]] = {}
    off_segment: dict[str, str] = {}
    for index, block in enumerate(note.blocks):
        for comment_id in block.comment_ids:
            segment = by_block.get(index)
            if segment is not None:
                anchored.setdefault(comment_id, []).append(segment)
            else:
                off_segment.setdefault(comment_id, block.text)
    result = WordCoding()
    seen: set[tuple[str, str, str]] = set()
    for comment in note.comments.values():
        themes, unknown = theme_ids_in(comment.text, known)
        faults = [not_a_theme_id(part, known) for part in unknown]
        if comment.comment_id not in anchored:
            faults.append(not_on_a_segment(off_segment.get(comment.comment_id)))
        where = f"{note.path.name} kommentar {comment.comment_id} av {comment.author or 'okänd författare'}"
        if faults and comment.comment_id in anchored:
            where += f" på '{shortened(anchored[comment.comment_id][0].text, ANCHOR_CHARS)}'"
        if faults:
            used = f"kodad {', '.join(themes)}, men " if themes and comment.comment_id in anchored else ""
            result.problems.append(f"{where}: {used}{'; '.join(faults)}")
        for segment in anchored.get(comment.comment_id, []):
            for theme in themes:
                code = comment_code(segment, theme, comment)
                if (code.segment_id, code.theme, code.coder) not in seen:
                    seen.add((code.segment_id, code.theme, code.coder))
                    result.codes.append(code)
    order = {segment.segment_id: segment.position for segment in segments}
    result.codes.sort(key=lambda code: order[code.segment_id])
    return result


def theme_ids_in(text: str, known: dict[str, str]) -> tuple[list[str], list[str]]:
    """The theme ids a comment names and the parts that are none.

    Case, surrounding space and a closing full stop do not matter ('Styrning.Skola.'). A
    comment where no part is a theme id is taken whole (a remark, not a list of ids).
    """
    parts = [part.strip() for part in ID_SEPARATORS.split(text) if part.strip()]
    themes = list(dict.fromkeys(known[folded_theme(p)] for p in parts if folded_theme(p) in known))
    if not themes:
        return [], [" / ".join(parts)]
    return themes, [p for p in parts if folded_theme(p) not in known]


def not_a_theme_id(part: str, known: dict[str, str]) -> str:
    if not part:
        return "kommentaren är tom; skriv ett temas id i den"
    nearest = process.extract(folded_theme(part), list(known.values()), scorer=fuzz.WRatio,
                              limit=NEAREST_COUNT, score_cutoff=NEAREST_MIN_SCORE)
    suggestion = ", ".join(theme for theme, _, _ in nearest) or "inget (se themes.yaml)"
    return f"'{shortened(part)}' är inget temas id; närmast: {suggestion}"


def not_on_a_segment(block_text: str | None) -> str:
    if block_text is None:
        return "kommentaren är inte fäst vid något stycke i anteckningen; fäst den vid stycket den kodar"
    return (f"kommentaren sitter på en rubrik eller en rad i huvudet ('{shortened(block_text)}'), som inte är något "
            "textavsnitt; "
            "fäst den vid stycket den kodar")


def shortened(text: str, chars: int = SHOWN_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def comment_code(segment: Segment, theme: str, comment) -> Code:
    evidence = f"Word comment {comment.comment_id}"
    if comment.author == AUTO_AUTHOR:
        return Code(segment.segment_id, segment.county, theme, "auto", evidence, "")
    return Code(segment.segment_id, segment.county, theme, "human", evidence, comment.author)


def export_word(note: Note, segments: list[Segment], codes: list[Code], out_path: Path, codebook=None) -> Path:
    """Write `note` as .docx with `codes` as comments: one per coded segment and author.

    Auto codes are signed `AUTO_AUTHOR`, the others by their coder. A .docx note is copied
    with its formatting and its remarks kept; its comments that are only theme ids of
    `codebook` are replaced by the current codes (otherwise a rejected code would come
    back on reading); without a codebook every comment is kept.
    A .md/.txt note becomes a new document: header lines, headings, paragraphs and lists.
    """
    out_path = Path(out_path)
    check_output(out_path, note.path)
    by_segment = {segment.segment_id: segment for segment in segments}
    groups = comment_groups([code for code in codes if code.segment_id in by_segment])
    if note.path.suffix.lower() == ".docx":
        document = open_document(note.path)
        if codebook is not None:
            remove_coding_comments(document, note, theme_index(codebook.themes))
        anchors = block_paragraphs(document)
        check_blocks(note, anchors)
    else:
        document, anchors = new_document(note)
    for (segment_id, author), themes in groups.items():
        paragraphs = anchors[by_segment[segment_id].block]
        runs = [first_run(paragraphs[0]), last_run(paragraphs[-1])]
        document.add_comment(runs, text=", ".join(themes), author=author, initials=initials(author))
    ensure_county_line(document, note, out_path, anchors)
    return save_document(document, out_path)


def check_output(out_path: Path, source: Path) -> None:
    """Refuse an output that is not .docx, lies in a missing directory or is the note itself."""
    check_docx_output(out_path)
    if out_path.exists() and out_path.resolve() == Path(source).resolve():
        raise WordFileError(f"{out_path}: detta är själva anteckningen; skriv exporten till en annan fil.")


def check_docx_output(out_path: Path) -> None:
    if out_path.suffix.lower() != ".docx":
        raise WordFileError(f"{out_path}: utfilen måste vara en Word-fil; låt namnet sluta på .docx.")
    if not out_path.parent.is_dir():
        raise WordFileError(
            f"{out_path}: mappen {out_path.parent} finns inte; skapa den eller välj en annan sökväg för utfilen."
        )


def comment_groups(codes: list[Code]) -> dict[tuple[str, str], list[str]]:
    """Theme ids per (segment, author), in the order the codes come."""
    groups: dict[tuple[str, str], list[str]] = {}
    for code in codes:
        author = code.coder if code.source != "auto" and code.coder else AUTO_AUTHOR
        themes = groups.setdefault((code.segment_id, author), [])
        if code.theme not in themes:
            themes.append(code.theme)
    return groups


def initials(author: str) -> str:
    return "".join(word[0] for word in author.replace(".", " ").split())[:3].upper()


def block_paragraphs(document) -> list[list]:
    """For each block the reader makes of this document, the Word paragraphs it came from."""
    return [paragraphs for _, paragraphs in document_blocks(document)]


def check_blocks(note: Note, anchors: list[list]) -> None:
    """Refuse to anchor comments when the file no longer has the blocks the note was read with."""
    if len(anchors) != len(note.blocks):
        raise WordFileError(
            f"{note.path}: filen har ändrats sedan den lästes ({len(anchors)} stycken nu, "
            f"{len(note.blocks)} då); kör kommandot igen."
        )


def first_run(paragraph):
    runs = paragraph.runs
    return runs[0] if runs else paragraph.add_run()


def last_run(paragraph):
    runs = paragraph.runs
    return runs[-1] if runs else paragraph.add_run()


def remove_coding_comments(document, note: Note, known: dict[str, str]) -> None:
    """Remove the comments that are only theme ids: the codes being written replace them."""
    coding = {
        comment_id for comment_id, comment in note.comments.items()
        if comment.text.strip() and all(
            folded_theme(part) in known for part in ID_SEPARATORS.split(comment.text) if part.strip())
    }
    if not coding:
        return
    body = document.element.body
    for marker in list(body.iter(qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:commentReference"))):
        if marker.get(qn("w:id")) in coding:
            parent = marker.getparent()
            parent.remove(marker)
            if marker.tag == qn("w:commentReference") and all(child.tag == qn("w:rPr") for child in parent):
                parent.getparent().remove(parent)
    comments = document.comments._comments_elm
    removed_paragraphs = set()
    for element in list(comments.comment_lst):
        if str(element.id) in coding:
            removed_paragraphs.update(p.get(W14_PARA_ID) for p in element.iter(qn("w:p")) if p.get(W14_PARA_ID))
            comments.remove(element)
    if removed_paragraphs:
        forget_comment_threads(document, removed_paragraphs)


def forget_comment_threads(document, paragraphs: set[str]) -> None:
    """Drop what Word's reply parts say about removed comments (by their paragraph ids): their
    thread entries go, and a reply to one of them becomes a comment of its own, not a reply to
    nothing."""
    durable: set[str] = set()
    parts = {str(part.partname).rsplit("/", 1)[-1]: part for part in document.part.package.iter_parts()}
    for name, tag, key in (("commentsExtended.xml", W15 + "commentEx", W15 + "paraId"),
                           ("commentsIds.xml", W16CID + "commentId", W16CID + "paraId"),
                           ("commentsExtensible.xml", W16CEX + "commentExtensible", W16CEX + "durableId")):
        part = parts.get(name)
        if part is None or not hasattr(part, "_blob"):
            continue
        root = etree.fromstring(part.blob)
        for entry in list(root.iter(tag)):
            if entry.get(key) in (durable if name == "commentsExtensible.xml" else paragraphs):
                durable.add(entry.get(W16CID + "durableId", ""))
                root.remove(entry)
            elif entry.get(W15 + "paraIdParent") in paragraphs:
                del entry.attrib[W15 + "paraIdParent"]
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def new_document(note: Note):
    """A .docx of a text note, and the paragraph of each of its blocks."""
    document = docx.Document()
    anchors: list[list] = []
    for block in note.blocks:
        if block.kind == "heading":
            paragraph = document.add_heading(block.text, level=min(max(block.level, 1), 9))
        elif block.kind == "list":
            paragraph = document.add_paragraph(block.text, style="List Bullet")
        elif block.kind == "maybe_heading":
            paragraph = document.add_paragraph()
            paragraph.add_run(block.text).bold = True
        else:
            paragraph = document.add_paragraph(block.text)
        anchors.append([paragraph])
    return document, anchors


def ensure_county_line(document, note: Note, out_path: Path, anchors: list[list]) -> None:
    """Add `Län: <county>` after the first block when the note takes its county from its
    file name, so the export keeps the county (and so its segment ids) under another name."""
    if "län" in header_fields(note.blocks) or out_path.stem == note.county or not anchors:
        return
    element = anchors[0][-1]._p
    while element.getparent() is not document.element.body:
        element = element.getparent()
    line = document.add_paragraph(f"Län: {note.county}")._p
    element.addnext(line)


def check_outside_round(out_path: Path, notes_dir: Path) -> None:
    """Refuse to write the export among the round's notes: it would be read as a second note of its county."""
    if Path(notes_dir).is_dir() and out_path.parent.resolve() == Path(notes_dir).resolve():
        raise WordFileError(
            f"{out_path}: filen ligger i mappen med anteckningar {notes_dir}, där nästa körning skulle läsa den som "
            "en andra anteckning för länet; skriv exporten till en annan mapp."
        )


def round_note(note_ref: str, corpus) -> Note | None:
    """The round's note named by its county id or file name in any case ('l07', 'L07.docx'), if one is."""
    wanted = note_ref.strip().casefold()
    if Path(note_ref).parent != Path("."):
        return None
    return next((n for n in corpus.notes if wanted in (n.county.casefold(), n.path.name.casefold())), None)


def note_from_path(note_ref: str, corpus, notes_dir: Path) -> Note:
    """The note in a file given on the command line; its county must be one of the round's."""
    path = Path(note_ref)
    known = ", ".join(n.county for n in corpus.notes)
    if not path.exists():
        if path.suffix or len(path.parts) > 1:
            raise WordFileError(f"{path}: filen finns inte; ange sökvägen till en anteckning eller ett läns id "
                                f"({known}).")
        raise WordFileError(
            f"{note_ref}: ingen anteckning för detta län i {notes_dir} (kända: {known}); "
            "ange ett av dem eller sökvägen till en anteckning."
        )
    note = read_note(path)
    if corpus.note_for(note.county) is None:
        raise WordFileError(
            f"{path}: länet {note.county} har ingen anteckning i {notes_dir}, så det har inga koder; "
            "ange omgångens mapp med anteckningar med --notes."
        )
    return note
