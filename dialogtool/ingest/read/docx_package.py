"""Opening a Word note with python-docx, without doing twice what one note, or equal notes, share.

`docx.Document(path)` inflates every part of the package and parses every XML part python-docx
knows. Two things of that are done here once instead of again and again:

- the package's parts are inflated once, by python-docx, and the check for a DOCTYPE scans
  those bytes instead of inflating them again. The check still comes before the parts are
  parsed; python-docx's reading of the package parses only its content types and
  relationships, with python-docx's parser, which resolves no entity;
- a note's styles part (~350 KB, mostly table styles a note never uses, the same in every
  note written from one template) is parsed once per distinct content in the process
  (`parsed_styles`); a styles part with those bytes is left unparsed until something asks
  for its element (`StylesPartOnDemand`), and the reader takes its style facts from the
  parse of the same bytes.

The document is python-docx's own: python-docx's `Unmarshaller` builds it with its part
classes, the styles part's a subclass registered on a PartFactory of our own
(`NotePartFactory`, python-docx's extension point for part classes), so no other user of
python-docx in the process loads anything differently. A styles part parsed on demand is the
element `StylesPart` would have held (the same bytes, python-docx's own parser), and saved it
serializes that element as `StylesPart` does.
"""

from __future__ import annotations

import functools
import zipfile
from pathlib import Path

from docx.document import Document as DocumentType
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.package import Unmarshaller
from docx.opc.part import PartFactory
from docx.opc.pkgreader import PackageReader
from docx.oxml.parser import parse_xml
from docx.package import Package
from docx.parts.styles import StylesPart

from ...archives import ZIP_ERRORS

#: Markup Word never writes: a DOCTYPE can declare entities that read other files.
DOCTYPE_MARKS = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"), "<!ENTITY".encode("utf-16-le"))
#: How many distinct styles parts stay parsed: a round's notes come from a few templates, and
#: a parsed styles part takes a few MB.
KEPT_STYLES = 8


@functools.lru_cache(maxsize=KEPT_STYLES)
def parsed_styles(content: bytes):
    """The element python-docx parses from a styles part's `content`, parsed once per distinct
    content (keyed by the bytes themselves, so equal bytes and nothing else share it). Read
    only (a style table's source), never handed to a document: a document's own styles part
    parses its own copy when something asks for it."""
    return parse_xml(content)


class StylesPartOnDemand(StylesPart):
    """A styles part that parses its XML when something first asks for its element, not on
    loading. Loading still parses bytes not parsed before (`parsed_styles`), so a styles
    part that does not parse stops the loading as it stops python-docx's; bytes parsed before
    are known to parse, and stay unparsed in the part until used."""

    @classmethod
    def load(cls, partname, content_type, blob, package):
        parsed_styles(blob)
        part = cls(partname, content_type, None, package)
        part.content = blob
        return part

    @property
    def _element(self):
        """The part's root element, parsed from its content on first use."""
        if self._parsed is None:
            self._parsed = parse_xml(self.content)
        return self._parsed

    @_element.setter
    def _element(self, element) -> None:
        self._parsed = element

    @property
    def is_parsed(self) -> bool:
        """Whether the part's element exists (and may have been changed since loading)."""
        return self._parsed is not None


class NotePartFactory(PartFactory):
    """python-docx's part classes (registered on PartFactory when the docx package is
    imported, before this module), the styles part's parsed on demand."""

    part_type_for = {**PartFactory.part_type_for, CT.WML_STYLES: StylesPartOnDemand}


def package_document(reader: PackageReader, path: Path) -> DocumentType:
    """The document of a package python-docx has read: `docx.Document(path)`'s steps after reading
    the package, with NotePartFactory's part classes."""
    package = Package()
    Unmarshaller.unmarshal(reader, package, NotePartFactory)
    document_part = package.main_document_part
    if document_part.content_type != CT.WML_DOCUMENT_MAIN:
        raise ValueError(f"file '{path}' is not a Word file, content type is '{document_part.content_type}'")
    return document_part.document


def loaded_parts(reader: PackageReader) -> dict[str, bytes]:
    """The content of each part python-docx has read from the package, by its zip member name."""
    return {partname.membername: blob for partname, _, _, blob in reader.iter_sparts()}


def doctype_member(path: Path, loaded: dict[str, bytes]) -> str | None:
    """The first XML part or relationships member of the package that declares a DOCTYPE or
    an entity, None where none does; the content of a member python-docx has read is taken
    from `loaded`, the rest is inflated here. A member that cannot be inflated ends the
    search, as a package that is no zip leaves it to python-docx to say what is wrong (a
    member whose compressed data is broken among them: python-docx cannot read it either)."""
    try:
        with zipfile.ZipFile(path) as package:
            for member in package.infolist():
                if member.filename.endswith((".xml", ".rels")) and declares_doctype(member_content(package, member, loaded)):
                    return member.filename
    except ZIP_ERRORS:
        return None
    return None


def member_content(package: zipfile.ZipFile, member: zipfile.ZipInfo, loaded: dict[str, bytes]) -> bytes:
    """The member's content: python-docx's where it read this very member (of two members of one
    name, python-docx reads the last, as `getinfo` finds it), else inflated from the package."""
    if member.filename in loaded and package.getinfo(member.filename) is member:
        return loaded[member.filename]
    with package.open(member) as part:
        return part.read()


def declares_doctype(content: bytes) -> bool:
    """Whether the content holds one of DOCTYPE_MARKS. Each of them has a "!", which a part
    seldom has: one scan for it spares most parts the four scans for the marks."""
    return b"!" in content and any(mark in content for mark in DOCTYPE_MARKS)
