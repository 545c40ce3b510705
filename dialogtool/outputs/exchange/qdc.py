"""REFI-QDA codebooks: the theme tree as nested `Code`s, out (.qdc) and back in (a themes.yaml fragment).

The same `Codes/Code` structure sits in a project's `CodeBook` and in a stand-alone `.qdc`
(namespace urn:QDA-XML:codebook:1.0), so both directions live here and qdpx.py uses them.
A codebook made in another tool never replaces themes.yaml: it becomes a YAML fragment,
with ids made from the codes' names, that an investigator merges by hand.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from lxml import etree

from ...errors import ExchangeError
from ...files import write_bytes, write_text
from .guids import normal_guid, stable_guid

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
#: The file the fragment must never be written over.
THEMES_FILE = "themes.yaml"


@dataclass(frozen=True)
class CodeInfo:
    """One `Code` of a REFI-QDA codebook as read: what a theme is matched or made from."""

    guid: str
    name: str
    description: str = ""
    parent: str | None = None  # the parent code's normal GUID


@dataclass
class FragmentResult:
    """A codebook read from another tool: where its fragment went and which codes it holds."""

    path: Path | None = None
    #: (fragment theme id, code name) for every code written to the fragment.
    themes: list[tuple[str, str]] = field(default_factory=list)
    #: (code name, theme id) for every code that is already a theme, left out of the fragment.
    known: list[tuple[str, str]] = field(default_factory=list)


def theme_guid(theme_id: str) -> str:
    return stable_guid("code", theme_id)


def codes_element(codebook, ns: str) -> etree._Element:
    """`<Codes>` with one nested `<Code>` per theme, children under their parent, file order kept."""
    themes = codebook.themes
    children: dict[str | None, list[str]] = {}
    for theme_id, theme in themes.items():
        parent = theme.parent if theme.parent in themes else None
        children.setdefault(parent, []).append(theme_id)
    codes = etree.Element(f"{{{ns}}}Codes")

    def add(parent_element, theme_id: str) -> None:
        theme = themes[theme_id]
        code = etree.SubElement(parent_element, f"{{{ns}}}Code", guid=theme_guid(theme_id),
                                name=theme_id, isCodable="true")
        description = " — ".join(part for part in (theme.label, getattr(theme, "description", "")) if part)
        if description:
            etree.SubElement(code, f"{{{ns}}}Description").text = description
        for child in children.get(theme_id, []):
            add(code, child)

    for root in children.get(None, []):
        add(codes, root)
    return codes


def export_qdc(codebook, out_path: Path) -> Path:
    """Write the theme tree alone as a REFI-QDA codebook (.qdc) for another QDA tool."""
    out_path = Path(out_path)
    if not codebook.themes:
        raise ExchangeError("kodboken har inga teman; lägg till teman i themes.yaml innan du exporterar den.")
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS}, origin="dialogtool")
    root.append(codes_element(codebook, CODEBOOK_NS))
    write_xml(root, out_path)
    return out_path


def write_xml(root: etree._Element, out_path: Path) -> None:
    write_bytes(out_path, xml_bytes(root))


def xml_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def parsed_xml(data: bytes, where: str) -> etree._Element:
    """The root element of an XML document; a syntax error names its line."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position else error.lineno
        raise ExchangeError(
            f"{where} rad {line}: ogiltig XML ({error.msg}); exportera filen igen från det andra verktyget."
        ) from None


def check_root(root: etree._Element, where: str, tag: str, ns: str) -> None:
    """The root must be `tag` in namespace `ns`; anything else is another format or version."""
    found = etree.QName(root)
    if found.localname != tag or found.namespace != ns:
        shown = (f"{found.localname} i namnrymden {found.namespace}" if found.namespace
                 else f"{found.localname} utan namnrymd")
        raise ExchangeError(
            f"{where}: rotelementet är {shown}, inte {tag} i namnrymden {ns}; "
            "exportera en REFI-QDA-fil (QDA-XML 1.0) från det andra verktyget."
        )


def codes_in(codebook_element: etree._Element | None, ns: str) -> dict[str, CodeInfo]:
    """Every `Code` under a `CodeBook` element, parents before children, by normal GUID."""
    result: dict[str, CodeInfo] = {}
    if codebook_element is None:
        return result

    def walk(element, parent: str | None) -> None:
        for code in element.iterfind(f"{{{ns}}}Code"):
            guid = normal_guid(code.get("guid", ""))
            description = code.findtext(f"{{{ns}}}Description") or ""
            result[guid] = CodeInfo(guid, code.get("name", ""), description.strip(), parent)
            walk(code, guid)

    for codes in codebook_element.iterfind(f"{{{ns}}}Codes"):
        walk(codes, None)
    return result


def theme_for_code(code: CodeInfo, codebook, parent_theme: str | None = None) -> str | None:
    """The theme a code stands for: by dialogtool's GUID, else a name that is a theme id or
    label, else (under a code that is a theme) a name that is the last part of a child's id."""
    if codebook is None:
        return None
    by_guid = {normal_guid(theme_guid(theme_id)): theme_id for theme_id in codebook.themes}
    if code.guid in by_guid:
        return by_guid[code.guid]
    name = " ".join(code.name.split()).casefold()
    for theme_id, theme in codebook.themes.items():
        if name in (theme_id.casefold(), " ".join((theme.label or "").split()).casefold()):
            return theme_id
    child = f"{parent_theme}.{slug(code.name)}" if parent_theme else None
    return child if child in codebook.themes else None


def code_themes(codes: dict[str, CodeInfo], codebook) -> dict[str, str | None]:
    """The theme of every code (None: no theme), parents first so that a child is looked up under its parent's."""
    themes: dict[str, str | None] = {}
    for guid, code in codes.items():
        themes[guid] = theme_for_code(code, codebook, themes.get(code.parent) if code.parent else None)
    return themes


def code_path(guid: str, codes: dict[str, CodeInfo]) -> str:
    """A code's name with its parents' ('Styrning / Övrigt'): tells apart codes of one name in two branches."""
    names, seen = [], set()
    while guid in codes and guid not in seen:
        seen.add(guid)
        names.append(" ".join(codes[guid].name.split()))
        guid = codes[guid].parent
    return " / ".join(reversed(names))


def slug(name: str) -> str:
    """An id part from a code's name: ASCII lower case, å/ä/ö → a/a/o, other runs → '_'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_") or "kod"


def themes_fragment(codes: dict[str, CodeInfo], codebook, origin: str) -> tuple[str, FragmentResult]:
    """The codes that are not themes yet, as themes.yaml entries (YAML text), and what went where.

    Ids are the parent's id, a dot and the slugified name; a code whose parent is already a
    theme hangs under that theme.
    """
    result = FragmentResult()
    ids: dict[str, str] = {}
    taken = set(codebook.themes) if codebook is not None else set()
    entries = []
    themes = code_themes(codes, codebook)
    for code in codes.values():
        known = themes[code.guid]
        if known:
            ids[code.guid] = known
            result.known.append((code.name, known))
            continue
        parent = ids.get(code.parent) if code.parent else None
        base = child_id(parent, code.name)
        theme_id, number = base, 1
        while theme_id in taken:
            number += 1
            theme_id = f"{base}_{number}"
        taken.add(theme_id)
        ids[code.guid] = theme_id
        entries.append({"id": theme_id, "label": code.name, "description": code.description, "parent": parent})
        result.themes.append((theme_id, code.name))
    header = (f"# Themes from {origin}, made by `dialogtool import`: merge the ones you want into\n"
              "# themes.yaml by hand (ids come from the codes' names; check labels and parents).\n")
    return header + yaml.safe_dump({"themes": entries}, allow_unicode=True, sort_keys=False), result


def child_id(parent: str | None, name: str) -> str:
    """The theme id of a code named `name` under `parent`: the parent's id, a dot and the slug
    of the name, whose own "parent." prefix (a code named by its theme id, as dialogtool
    exports them) is not doubled: 'styrning.skola' under 'styrning' is styrning.skola."""
    if parent and name.casefold().startswith(f"{parent.casefold()}."):
        name = name[len(parent) + 1:]
    return f"{parent}.{slug(name)}" if parent else slug(name)


def write_fragment(text: str, out_path: Path) -> Path:
    """Write a fragment beside themes.yaml, never over it."""
    out_path = Path(out_path)
    if out_path.name == THEMES_FILE:
        raise ExchangeError(
            f"{out_path}: utdraget skulle skriva över kodboken; ange en annan --fragment-out, "
            "t.ex. themes-import.yaml, och för in det för hand."
        )
    return write_text(out_path, text)


def read_file(path: Path, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise ExchangeError(f"{path}: filen finns inte; ange {what} som exporterats från det andra verktyget.") from None
    except OSError as error:
        raise ExchangeError(f"{path}: kan inte läsas ({error.strerror}); kontrollera filen.") from None


def import_qdc(path: Path, fragment_out: Path, codebook=None) -> FragmentResult:
    """A codebook (.qdc) from another tool as a themes.yaml fragment; codes that are themes already left out."""
    path = Path(path)
    root = parsed_xml(read_file(path, "kodboken (.qdc)"), path.name)
    check_root(root, path.name, "CodeBook", CODEBOOK_NS)
    codes = codes_in(root, CODEBOOK_NS)
    text, result = themes_fragment(codes, codebook, f"{path.name} ({root.get('origin') or 'REFI-QDA codebook'})")
    result.path = write_fragment(text, fragment_out)
    return result
