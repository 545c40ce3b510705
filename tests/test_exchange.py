"""REFI-QDA exchange: exports valid against the schema, exact positions, round trip, malformed files."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
import xmlschema
import yaml
from click.testing import CliRunner
from lxml import etree

from conftest import ROOT, built, note_source
from dialogtool.cli import cli
from dialogtool.cues.codebook import load_codebook
from dialogtool.errors import ExchangeError
from dialogtool.outputs.exchange import export_qdc, export_qdpx, import_qdc, import_qdpx
from dialogtool.outputs.exchange.guids import stable_guid
from dialogtool.model import Code, Decision
from dialogtool.coding.store import Project

DATA = Path(__file__).parent / "data" / "refi-qda"
SCHEMA = xmlschema.XMLSchema(str(DATA / "Project-mrt2019.xsd"))
ATLAS = DATA / "sample-atlasti-project.qdpx"
GUIDE = ROOT / "interview_guides" / "2025.yaml"
NS = "{urn:QDA-XML:project:1.0}"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"

EMOJI_NOTE = """Minnesanteckningar – länsdialog psykisk hälsa och suicidprevention 2025
Län: L09
Datum: 2025-10-20
Deltagare: 4 (länssamordnare)

## Länsgemensam ledning och samordning inom området

Skolan 🏫 är med i ledningsgruppen, även elevhälsan 👩‍⚕️ – så är det i år.

Brukarrådet och NSPH deltar; anhörigföreningarna önskar mer inflytande.

## Arbete med den nationella strategins vision och mål

Handlingsplanen är ännu inte beslutad 😕 men arbetet pågår i länet.
"""

def write_notes(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "L07.md").write_text(note_source(county="L07"), encoding="utf-8")
    (folder / "L09.md").write_text(EMOJI_NOTE, encoding="utf-8")
    return folder


def segment(analysis, county: str, position: int):
    return next(s for s in analysis.corpus.segments if s.county == county and s.position == position)


@pytest.fixture
def coded(tmp_path, small_model):
    """A round of two notes with auto-codes, a human code, an accepted and a rejected suggestion
    (suggested by the small model: these tests are of the exchange, not of the suggestions)."""
    folder = write_notes(tmp_path / "notes")
    first = built(folder)
    project = Project.for_notes(folder)
    emoji, brukare, plan = segment(first, "L09", 1), segment(first, "L09", 2), segment(first, "L07", 4)
    project.add_many([
        Decision("code_added", "L09", emoji.segment_id, "styrning.brukare", text=emoji.text, coder="anna"),
        Decision("code_added", "L09", brukare.segment_id, "styrning.brukare", text=brukare.text, coder="Åsa Öberg"),
        Decision("code_accepted", "L07", plan.segment_id, "handlingsplan.status", text=plan.text, coder="bertil"),
        Decision("code_rejected", "L07", segment(first, "L07", 6).segment_id, "medskick", coder="anna"),
    ])
    return folder


def project_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("project.qde"))


def source_texts(path: Path) -> dict[str, str]:
    """Each exported source's plain text, by source name."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("project.qde"))
        return {s.get("name"): archive.read("sources/" + s.get("plainTextPath").removeprefix("internal://")).decode("utf-8")
                for s in root.iter(f"{NS}TextSource")}


def effective(folder: Path) -> set[tuple]:
    return {(c.segment_id, c.theme, c.source, c.coder) for c in built(folder).codes}


def rezip(path: Path, out: Path, replace: dict[str, bytes | None]) -> Path:
    """A copy of an archive with some members replaced (None: left out)."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            if name in replace:
                if replace[name] is not None:
                    target.writestr(name, replace[name])
            else:
                target.writestr(name, source.read(name))
        for name, data in replace.items():
            if name not in source.namelist() and data is not None:
                target.writestr(name, data)
    return out


# ---------------------------------------------------------------- export


def test_export_validates_against_the_schema_and_has_stable_guids(coded, tmp_path, codebook):
    # a suggestion is dated with its note's last save, so two exports of the same round are byte for byte the same
    analysis = built(coded)
    first = export_qdpx(analysis, tmp_path / "a.qdpx")
    second = export_qdpx(built(coded), tmp_path / "b.qdpx")
    with zipfile.ZipFile(first.path) as archive:
        SCHEMA.validate(archive.read("project.qde").decode("utf-8"))
    assert project_xml(first.path).attrib == project_xml(second.path).attrib
    with zipfile.ZipFile(first.path) as a, zipfile.ZipFile(second.path) as b:
        assert a.read("project.qde") == b.read("project.qde")
    codes = {c.get("name"): c for c in project_xml(first.path).iter(f"{NS}Code")}
    assert codes["styrning.skola"].get("guid") == stable_guid("code", "styrning.skola")
    assert codes["styrning.skola"].getparent().get("name") == "styrning"
    assert codes["styrning"].findtext(f"{NS}Description").startswith(
        "Länsgemensam styrning, ledning och samordning — Hur ledning, styrning och samordning")
    assert (first.sources, first.codes, first.selections, first.skipped) == (2, len(codebook.themes), len(analysis.codes), [])


def theme_selections(source: etree._Element) -> list[etree._Element]:
    """A source's coded selections of themes: not the one that links the whole source to its county's case."""
    case = stable_guid("case", source.get("name"))
    return [s for s in source.iter(f"{NS}PlainTextSelection") if s.find(f"{NS}Coding/{NS}CodeRef").get("targetGUID") != case]


def test_each_selection_covers_exactly_its_segment_including_emoji(coded, tmp_path):
    analysis = built(coded)
    by_id = {s.segment_id: s for s in analysis.corpus.segments}
    path = export_qdpx(analysis, tmp_path / "out.qdpx").path
    texts = source_texts(path)
    assert "🏫" in texts["L09"] and "👩‍⚕️" in texts["L09"]
    assert texts["L07"] == "\n\n".join(s.text for s in analysis.corpus.segments_of("L07"))
    checked = set()
    for source in project_xml(path).iter(f"{NS}TextSource"):
        for selection in theme_selections(source):
            county, theme = source.get("name"), selection.get("name")
            code = next(c for c in analysis.codes if c.county == county and c.theme == theme
                        and stable_guid("selection", county, c.segment_id, theme) == selection.get("guid"))
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert texts[county][start:end] == by_id[code.segment_id].text
            checked.add((code.segment_id, theme))
    assert checked == {(c.segment_id, c.theme) for c in analysis.codes}
    emoji = segment(analysis, "L09", 1)
    assert any("👩‍⚕️" in by_id[s].text for s, _ in checked) and (emoji.segment_id, "styrning.brukare") in checked


def test_export_credits_auto_codes_to_dialogtool_and_human_codes_to_their_coder(coded, tmp_path):
    analysis = built(coded)
    root = project_xml(export_qdpx(analysis, tmp_path / "out.qdpx").path)
    users = {u.get("guid"): u.get("name") for u in root.iter(f"{NS}User")}
    assert set(users.values()) == {"dialogtool", "anna", "Åsa Öberg", "bertil"}
    credited = {(source.get("name"), s.get("name"), users[s.find(f"{NS}Coding").get("creatingUser")])
                for source in root.iter(f"{NS}TextSource") for s in theme_selections(source)}
    assert ("L09", "styrning.brukare", "anna") in credited and ("L09", "styrning.brukare", "Åsa Öberg") in credited
    assert ("L07", "handlingsplan.status", "bertil") in credited
    assert ("L07", "styrning.operativ", "dialogtool") in credited  # suggested by the tagger, nobody decided
    assert ("L07", "handlingsplan.status", "dialogtool") not in credited  # accepted by bertil
    assert "medskick" not in {theme for _, theme, _ in credited}  # rejected by anna


def test_counties_are_cases_with_typology_variables_and_their_source(coded, tmp_path, codebook):
    root = project_xml(export_qdpx(built(coded), tmp_path / "out.qdpx").path)
    variables = {v.get("guid"): v for v in root.iter(f"{NS}Variable")}
    assert {v.get("name") for v in variables.values()} == set(codebook.dimensions)
    assert all(v.get("typeOfVariable") == "Text" for v in variables.values())
    cases = {c.get("name"): c for c in root.iter(f"{NS}Case")}
    values = {(name, variables[v.find(f"{NS}VariableRef").get("targetGUID")].get("name"), v.findtext(f"{NS}TextValue"))
              for name, case in cases.items() for v in case.iter(f"{NS}VariableValue")}
    # as the rules classify conftest's note (L07) and the emoji note (L09); an empty cell has no value
    assert values == {("L07", "plan_status", "finns"), ("L07", "plan_koppling", "delmal"),
                      ("L07", "operativ_organisering", "aldersindelning"), ("L07", "skola_i_ledning", "ja"),
                      ("L07", "parallella_initiativ", "underlattar"),
                      ("L09", "plan_status", "pagar"), ("L09", "skola_i_ledning", "ja")}
    sources = {s.get("guid"): s.get("name") for s in root.iter(f"{NS}TextSource")}
    assert sources[cases["L09"].find(f"{NS}SourceRef").get("targetGUID")] == "L09"


def test_export_lists_codes_whose_theme_left_the_codebook(coded, tmp_path):
    analysis = built(coded)
    stray = segment(analysis, "L07", 1)
    analysis.codes.append(Code(stray.segment_id, "L07", "gammalt.tema", "human", "", "anna"))
    result = export_qdpx(analysis, tmp_path / "out.qdpx")
    assert result.skipped == [f"{stray.segment_id}: temat 'gammalt.tema' (human, anna)"]


def test_qdc_export_has_the_project_codebook_structure(tmp_path, codebook):
    path = export_qdc(codebook, tmp_path / "teman.qdc")
    root = etree.parse(str(path)).getroot()
    assert etree.QName(root) == etree.QName(CODEBOOK_NS, "CodeBook")
    # No codebook schema here: the same Codes moved into a Project must validate against the project schema.
    project = etree.Element(f"{NS}Project", nsmap={None: "urn:QDA-XML:project:1.0"}, name="check")
    book = etree.SubElement(project, f"{NS}CodeBook")
    book.append(etree.fromstring(etree.tostring(root[0]).replace(CODEBOOK_NS.encode(), b"urn:QDA-XML:project:1.0")))
    SCHEMA.validate(etree.tostring(project).decode())
    names = [c.get("name") for c in root.iter(f"{{{CODEBOOK_NS}}}Code")]
    assert names == list(codebook.themes)
    assert root.find(f"{{{CODEBOOK_NS}}}Codes/{{{CODEBOOK_NS}}}Code/{{{CODEBOOK_NS}}}Code").get("name") == "styrning.ledningsgrupp"


# ---------------------------------------------------------------- import


def test_round_trip_into_a_fresh_project_gives_the_same_effective_codes(coded, tmp_path):
    path = export_qdpx(built(coded), tmp_path / "out.qdpx").path
    fresh = write_notes(tmp_path / "fresh")
    result = import_qdpx(path, Project.for_notes(fresh), built(fresh))
    assert {(d.coder, d.kind) for d in result.written} == {("anna", "code_added"), ("Åsa Öberg", "code_added"),
                                                           ("bertil", "code_added")}
    assert result.auto_skipped > 0 and not result.unmatched_codes and not result.unmatched_selections
    written = result.written[0]
    assert written.detail["source"] == "out.qdpx" and written.detail["guid"]
    assert written.text == next(s.text for s in built(fresh).corpus.segments if s.segment_id == written.segment_id)
    original = effective(coded)
    # A rejection is no coding in REFI-QDA: the fresh project suggests that theme again.
    rejected = segment(built(coded), "L07", 6).segment_id
    assert (rejected, "medskick", "auto", "") not in original
    assert effective(fresh) == original | {(rejected, "medskick", "auto", "")}


def test_importing_twice_records_nothing_new(coded, tmp_path):
    path = export_qdpx(built(coded), tmp_path / "out.qdpx").path
    fresh = write_notes(tmp_path / "fresh")
    project = Project.for_notes(fresh)
    first = import_qdpx(path, project, built(fresh))
    second = import_qdpx(path, project, built(fresh))
    assert second.written == [] and second.unchanged == len(first.written)
    assert len(project.decisions()) == len(first.written)


def other_tool_project(tmp_path: Path, analysis, source_name: str, codes: list[tuple[str, str]],
                       selections: list[tuple[str, str]], prefix: str = "Intervju med länet\r\n\r\n") -> Path:
    """A project as another tool writes it: upper-case GUIDs, inline text with shifted positions."""
    texts = "\r\n".join(s.text for s in analysis.corpus.segments_of("L09"))
    text = prefix + texts
    root = etree.Element(f"{NS}Project", nsmap={None: "urn:QDA-XML:project:1.0"}, name="nvivo", origin="NVivo 14")
    users = etree.SubElement(root, f"{NS}Users")
    etree.SubElement(users, f"{NS}User", guid="0A0A0A0A-0000-0000-0000-000000000001", name="Karin N")
    book = etree.SubElement(etree.SubElement(root, f"{NS}CodeBook"), f"{NS}Codes")
    guids = {}
    for number, (name, _) in enumerate(codes, 1):
        guids[name] = f"C0DE0000-0000-0000-0000-{number:012d}"
        etree.SubElement(book, f"{NS}Code", guid=guids[name], name=name, isCodable="true")
    source = etree.SubElement(etree.SubElement(root, f"{NS}Sources"), f"{NS}TextSource",
                              guid="5005CE00-0000-0000-0000-000000000001", name=source_name)
    etree.SubElement(source, f"{NS}PlainTextContent").text = text
    for number, (passage, code) in enumerate(selections, 1):
        start = text.index(passage)
        selection = etree.SubElement(source, f"{NS}PlainTextSelection", guid=f"5E1EC700-0000-0000-0000-{number:012d}",
                                     startPosition=str(start), endPosition=str(start + len(passage)),
                                     creatingUser="0A0A0A0A-0000-0000-0000-000000000001")
        coding = etree.SubElement(selection, f"{NS}Coding", guid=f"C0D1C000-0000-0000-0000-{number:012d}")
        etree.SubElement(coding, f"{NS}CodeRef", targetGUID=guids[code])
    SCHEMA.validate(etree.tostring(root).decode())
    path = tmp_path / "nvivo.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", etree.tostring(root, xml_declaration=True, encoding="utf-8"))
    return path


def test_codings_from_another_tool_are_matched_by_text_name_and_label(tmp_path):
    folder = write_notes(tmp_path / "notes")
    analysis = built(folder)
    emoji, brukare, plan = (segment(analysis, "L09", n) for n in (1, 2, 3))
    codes = [("Brukarinflytande", ""), ("styrning.skola", ""), ("Medskick till nationell nivå", ""), ("Egen kod", "")]
    selections = [(brukare.text, "Brukarinflytande"),                        # label, whole paragraph
                  ("elevhälsan 👩‍⚕️", "styrning.skola"),                      # theme id, words inside a paragraph
                  (brukare.text + "\r\n" + plan.text, "Medskick till nationell nivå"),  # two paragraphs
                  (plan.text, "Egen kod")]                                     # no theme
    path = other_tool_project(tmp_path, analysis, "Intervju 3 (okänt län)", codes, selections)
    result = import_qdpx(path, Project.for_notes(folder), analysis)
    assert {(d.segment_id, d.theme, d.coder) for d in result.written} == {
        (brukare.segment_id, "styrning.brukare", "Karin N"), (emoji.segment_id, "styrning.skola", "Karin N"),
        (brukare.segment_id, "medskick", "Karin N"), (plan.segment_id, "medskick", "Karin N")}
    assert result.unmatched_codes == [("Egen kod", 1)]


def test_a_coder_known_in_another_case_is_credited_under_the_name_recorded(tmp_path):
    folder = write_notes(tmp_path / "notes")
    analysis = built(folder)
    brukare, plan = segment(analysis, "L09", 2), segment(analysis, "L09", 3)
    project = Project.for_notes(folder)
    project.add(Decision("code_added", "L09", plan.segment_id, "medskick", text=plan.text, coder="karin n"))
    path = other_tool_project(tmp_path, analysis, "L09", [("medskick", "")], [(brukare.text, "medskick")])
    result = import_qdpx(path, project, analysis)
    assert [(d.segment_id, d.coder) for d in result.written] == [(brukare.segment_id, "karin n")]
    assert {d.coder for d in project.decisions()} == {"karin n"}


def test_a_selection_that_matches_no_paragraph_is_reported(tmp_path):
    folder = write_notes(tmp_path / "notes")
    analysis = built(folder)
    path = other_tool_project(tmp_path, analysis, "L09.docx", [("medskick", "")],
                              [("Intervju med länet", "medskick")])
    result = import_qdpx(path, Project.for_notes(folder), analysis)
    assert result.written == []
    assert result.unmatched_selections == ["'Intervju med länet' i källan 'L09.docx' (L09): inget textavsnitt har denna text"]


def test_the_atlas_ti_sample_imports(tmp_path):
    folder = write_notes(tmp_path / "notes")
    result = import_qdpx(ATLAS, Project.for_notes(folder), built(folder), fragment_out=tmp_path / "atlas.yaml")
    assert result.written == [] and result.unmatched_codes == []
    fragment = yaml.safe_load((tmp_path / "atlas.yaml").read_text(encoding="utf-8"))["themes"]
    assert fragment[0] == {"id": "commits", "label": "Commits", "description": "", "parent": None}
    assert [t["id"] for t in fragment[1:]] == ["commits.2022_05_10t02_05_59z_19e4dce", "commits.2022_02_11t10_39_25z_cdbfd92"]
    assert all(t["parent"] == "commits" for t in fragment[1:])


def test_codebook_only_import_writes_a_fragment_beside_the_file(tmp_path):
    atlas = shutil.copy(ATLAS, tmp_path / "atlas.qdpx")
    result = import_qdpx(atlas, None, None, codebook_only=True)
    assert result.fragment.path == tmp_path / "atlas-themes.yaml"
    assert result.fragment.themes[0] == ("commits", "Commits") and len(result.fragment.themes) == 3
    assert (tmp_path / "atlas-themes.yaml").read_text(encoding="utf-8").startswith("# Themes from atlas.qdpx (ATLAS.ti")


def test_a_qdc_codebook_becomes_a_fragment_without_the_known_themes(tmp_path, codebook):
    path = export_qdc(codebook, tmp_path / "teman.qdc")
    tree = etree.parse(str(path))
    parent = tree.getroot().find(f"{{{CODEBOOK_NS}}}Codes/{{{CODEBOOK_NS}}}Code")
    extra = etree.SubElement(parent, f"{{{CODEBOOK_NS}}}Code", guid="ABCDEF00-0000-0000-0000-000000000001",
                             name="Länsstyrelsen – Öppna frågor", isCodable="true")
    etree.SubElement(extra, f"{{{CODEBOOK_NS}}}Description").text = "Ny kod från ATLAS.ti"
    tree.write(str(path), xml_declaration=True, encoding="utf-8")
    result = import_qdc(path, tmp_path / "fragment.yaml", codebook=codebook)
    assert result.themes == [("styrning.lansstyrelsen_oppna_fragor", "Länsstyrelsen – Öppna frågor")]
    assert len(result.known) == len(codebook.themes)
    entry = yaml.safe_load((tmp_path / "fragment.yaml").read_text(encoding="utf-8"))["themes"][0]
    assert entry == {"id": "styrning.lansstyrelsen_oppna_fragor", "label": "Länsstyrelsen – Öppna frågor",
                     "description": "Ny kod från ATLAS.ti", "parent": "styrning"}


def test_a_fragment_never_overwrites_themes_yaml(tmp_path):
    (tmp_path / "themes.yaml").write_text("themes: {}\n", encoding="utf-8")
    with pytest.raises(ExchangeError) as error:
        import_qdpx(ATLAS, None, None, codebook_only=True, fragment_out=tmp_path / "themes.yaml")
    assert str(error.value) == (f"{tmp_path / 'themes.yaml'}: utdraget skulle skriva över kodboken; ange en "
                                "annan --fragment-out, t.ex. themes-import.yaml, och för in det för hand.")
    assert (tmp_path / "themes.yaml").read_text(encoding="utf-8") == "themes: {}\n"


# ---------------------------------------------------------------- malformed input


@pytest.fixture
def exported(coded, tmp_path):
    return export_qdpx(built(coded), tmp_path / "out.qdpx").path


def import_error(path: Path, folder: Path) -> str:
    project = Project.for_notes(folder)
    before = len(project.decisions(status=None))
    with pytest.raises(ExchangeError) as error:
        import_qdpx(path, project, built(folder))
    assert len(project.decisions(status=None)) == before  # nothing half-imported
    return str(error.value)


def edited_project(exported: Path, tmp_path: Path, edit) -> Path:
    with zipfile.ZipFile(exported) as archive:
        root = etree.fromstring(archive.read("project.qde"))
    edit(root)
    return rezip(exported, tmp_path / "edited.qdpx", {"project.qde": etree.tostring(root, xml_declaration=True, encoding="utf-8")})


def test_not_a_zip(coded, tmp_path):
    path = tmp_path / "notes.qdpx"
    path.write_text("hello", encoding="utf-8")
    assert import_error(path, coded) == ("notes.qdpx: inget REFI-QDA-projekt (inget zip-arkiv); "
                                         "exportera projektet igen som .qdpx från det andra verktyget.")


def test_no_project_qde(exported, coded, tmp_path):
    path = rezip(exported, tmp_path / "bare.qdpx", {"project.qde": None})
    assert import_error(path, coded) == ("bare.qdpx: arkivet har ingen project.qde på översta nivån; ange en "
                                         ".qdpx som exporterats från ett QDA-verktyg (en kodbok i .qdc läses med `dialogtool import qdc`).")


def test_xml_syntax_error_names_the_line(exported, coded, tmp_path):
    path = rezip(exported, tmp_path / "broken.qdpx", {"project.qde": b'<?xml version="1.0"?>\n<Project name="x">\n<Users>\n</Project>'})
    message = import_error(path, coded)
    assert message.startswith("broken.qdpx: project.qde rad 4: ogiltig XML (")
    assert message.endswith("); exportera filen igen från det andra verktyget.")


def test_wrong_namespace(exported, coded, tmp_path):
    path = rezip(exported, tmp_path / "old.qdpx", {"project.qde": b'<Project xmlns="urn:QDA-XML:project:0.9" name="x"/>'})
    assert import_error(path, coded) == (
        "old.qdpx: project.qde: rotelementet är Project i namnrymden urn:QDA-XML:project:0.9, inte Project "
        "i namnrymden urn:QDA-XML:project:1.0; exportera en REFI-QDA-fil (QDA-XML 1.0) från det andra verktyget.")


def test_selection_outside_its_source(exported, coded, tmp_path):
    def stretch(root):
        selection = next(root.iter(f"{NS}PlainTextSelection"))
        selection.set("endPosition", "99999")
        stretch.guid, stretch.source = selection.get("guid"), selection.getparent().get("name")

    path = edited_project(exported, tmp_path, stretch)
    length = len(source_texts(exported)[stretch.source])
    assert import_error(path, coded) == (
        f"edited.qdpx: PlainTextSelection {stretch.guid} i TextSource '{stretch.source}' sträcker sig över "
        f"{next(project_xml(path).iter(f'{NS}PlainTextSelection')).get('startPosition')}–99999 men källans text "
        f"har {length} tecken; rätta markeringen i det andra verktyget och exportera igen.")


def test_coding_with_an_unknown_code(exported, coded, tmp_path):
    def orphan(root):
        coding = next(root.iter(f"{NS}Coding"))
        coding.find(f"{NS}CodeRef").set("targetGUID", "DEADBEEF-0000-0000-0000-000000000000")
        orphan.guid, orphan.source = coding.get("guid"), coding.getparent().getparent().get("name")

    path = edited_project(exported, tmp_path, orphan)
    assert import_error(path, coded) == (
        f"edited.qdpx: Coding {orphan.guid} i TextSource '{orphan.source}' hänvisar till koden "
        "deadbeef-0000-0000-0000-000000000000, som inte finns i CodeBook; lägg till koden i kodboken eller ta "
        "bort kodningen i det andra verktyget.")


def test_source_file_missing_from_the_archive(exported, coded, tmp_path):
    guid = stable_guid("source", "L09")
    path = rezip(exported, tmp_path / "nosource.qdpx", {f"sources/{guid}.txt": None})
    assert import_error(path, coded) == (
        f"nosource.qdpx: TextSource 'L09' pekar på internal://{guid}.txt men sources/{guid}.txt finns "
        "inte i arkivet; exportera projektet igen med källorna.")


def test_qdc_with_the_wrong_root(tmp_path):
    path = tmp_path / "kodbok.qdc"
    path.write_bytes(b'<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>')
    with pytest.raises(ExchangeError) as error:
        import_qdc(path, tmp_path / "fragment.yaml")
    assert str(error.value) == (
        "kodbok.qdc: rotelementet är Project i namnrymden urn:QDA-XML:project:1.0, inte CodeBook i namnrymden "
        "urn:QDA-XML:codebook:1.0; exportera en REFI-QDA-fil (QDA-XML 1.0) från det andra verktyget.")
    assert not (tmp_path / "fragment.yaml").exists()


# ---------------------------------------------------------------- command line


@pytest.fixture
def workspace(coded, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return coded


def test_cli_export_and_import_qdpx(workspace, tmp_path):
    runner = CliRunner()
    exported = runner.invoke(cli, ["export", "qdpx", "--out", "out.qdpx", "--notes", str(workspace)])
    assert exported.exit_code == 0, exported.output
    assert "Skrev out.qdpx: 2 anteckningar, 27 teman" in exported.output
    fresh = write_notes(tmp_path / "fresh")
    imported = runner.invoke(cli, ["import", "qdpx", "out.qdpx", "--notes", str(fresh)])
    assert imported.exit_code == 0, imported.output
    assert "Sparade 3 beslut av anna, bertil, Åsa Öberg; 0 fanns redan;" in imported.output


def test_cli_import_reports_a_malformed_file(workspace, tmp_path):
    (tmp_path / "bad.qdpx").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", "qdpx", "bad.qdpx", "--notes", str(workspace)])
    assert result.exit_code == 1
    assert result.output == ("Error: bad.qdpx: inget REFI-QDA-projekt (inget zip-arkiv); "
                             "exportera projektet igen som .qdpx från det andra verktyget.\n")


def test_cli_codebook_exchange(workspace, tmp_path):
    runner = CliRunner()
    exported = runner.invoke(cli, ["export", "qdc", "--out", "teman.qdc"])
    assert exported.exit_code == 0, exported.output
    imported = runner.invoke(cli, ["import", "qdc", "teman.qdc", "--fragment-out", "teman.yaml"])
    assert imported.exit_code == 0, imported.output
    themes = len(load_codebook(ROOT / "themes.yaml").themes)
    assert f"Skrev teman.yaml: {themes} tema/teman att föra in i themes.yaml för hand." in imported.output
    only = runner.invoke(cli, ["import", "qdpx", str(ATLAS), "--codebook-only", "--fragment-out", "atlas.yaml"])
    assert only.exit_code == 0, only.output
    assert "Skrev atlas.yaml: 3 tema/teman att föra in i themes.yaml för hand; 0 kod(er) är redan teman." in only.output


# ---------------------------------------------------------------- other tools' ways with text and archives


def raw_project(path: Path, text: str, passages: list[tuple[str, str]], codes: list[tuple[str, str | None]],
                inline: bool = True, positions=lambda text, start, end: (start, end), member: str = "project.qde",
                source_member: str | None = None, file_bytes: bytes | None = None) -> Path:
    """A project written as another tool writes it, byte by byte (raw \\r\\n in the XML, its own positions).

    codes: (name, parent name or None), parents first; passages: (text, code name).
    """
    guids = {name: f"C0DE0000-0000-0000-0000-{n:012d}" for n, (name, _) in enumerate(codes, 1)}
    children: dict = {}
    for name, parent in codes:
        children.setdefault(parent, []).append(name)

    def code_xml(name: str) -> str:
        inner = "".join(code_xml(child) for child in children.get(name, []))
        return f'<Code guid="{guids[name]}" name="{escape(name)}" isCodable="true">{inner}</Code>'

    selections = []
    for number, (passage, code) in enumerate(passages, 1):
        start = text.index(passage)
        start, end = positions(text, start, start + len(passage))
        selections.append(
            f'<PlainTextSelection guid="5E1EC700-0000-0000-0000-{number:012d}" startPosition="{start}" '
            f'endPosition="{end}" creatingUser="0A0A0A0A-0000-0000-0000-000000000001">'
            f'<Coding guid="C0D1C000-0000-0000-0000-{number:012d}"><CodeRef targetGUID="{guids[code]}"/></Coding>'
            "</PlainTextSelection>")
    guid = "5005ce00-0000-0000-0000-000000000001"
    content = f"<PlainTextContent>{escape(text)}</PlainTextContent>" if inline else ""
    where = "" if inline else f' plainTextPath="internal://{guid}.txt"'
    xml = ('<?xml version="1.0" encoding="utf-8"?>\r\n<Project xmlns="urn:QDA-XML:project:1.0" name="x" '
           'origin="Other tool"><Users><User guid="0A0A0A0A-0000-0000-0000-000000000001" name="Karin N"/></Users>'
           f'<CodeBook><Codes>{"".join(code_xml(name) for name in children[None])}</Codes></CodeBook>'
           f'<Sources><TextSource guid="{guid}" name="Intervju L09"{where}>{content}{"".join(selections)}'
           "</TextSource></Sources></Project>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(member, xml.encode("utf-8"))
        if not inline:
            archive.writestr(source_member or f"Sources/{guid}.txt", file_bytes or text.encode("utf-8"))
    return path


def utf16_positions(text: str, start: int, end: int) -> tuple[int, int]:
    return len(text[:start].encode("utf-16-le")) // 2, len(text[:end].encode("utf-16-le")) // 2


def l09(analysis) -> list[str]:
    return [s.text for s in analysis.corpus.segments_of("L09")]


def imported(path: Path, folder: Path):
    return import_qdpx(path, Project.for_notes(folder), built(folder))


@pytest.mark.parametrize("case", ["raw crlf in the xml", "utf-16 units", "utf-16 units inline", "a counted bom",
                                  "crlf file, lf positions"])
def test_positions_counted_the_way_other_tools_count_them(tmp_path, case):
    folder = write_notes(tmp_path / "notes")
    analysis = built(folder)
    emoji, brukare, plan = l09(analysis)
    crlf = "Intervju\r\n\r\n" + "\r\n\r\n".join((emoji, brukare, plan))
    lf = "\n\n".join((emoji, brukare, plan))
    passages = [("elevhälsan 👩‍⚕️", "styrning.skola"), (plan, "handlingsplan.status")]
    codes = [("styrning.skola", None), ("handlingsplan.status", None)]
    path = tmp_path / f"{case.replace(' ', '_').replace(',', '')}.qdpx"
    builds = {
        "raw crlf in the xml": lambda: (raw_project(path, crlf, passages, codes),
                                        "kodpunkter, radbrytningar räknade som \\r\\n"),
        "utf-16 units": lambda: (raw_project(path, lf, passages, codes, inline=False, positions=utf16_positions),
                                 "UTF-16-enheter"),
        "utf-16 units inline": lambda: (raw_project(path, crlf.replace("\r\n", "\n"), passages, codes,
                                                    positions=utf16_positions), "UTF-16-enheter"),
        "a counted bom": lambda: (raw_project(path, lf, passages, codes, inline=False,
                                              positions=lambda text, start, end: (start + 1, end + 1),
                                              file_bytes=b"\xef\xbb\xbf" + lf.encode("utf-8")),
                                  "kodpunkter, med en BOM räknad"),
        "crlf file, lf positions": lambda: (raw_project(path, lf, passages, codes, inline=False,
                                                        file_bytes=lf.replace("\n", "\r\n").encode("utf-8")),
                                            "kodpunkter, \\r\\n räknat som ett tecken"),
    }
    path, reading = builds[case]()
    result = imported(path, folder)
    assert result.readings == [f"TextSource 'Intervju L09': positionerna lästa som {reading}"]
    first, _, third = analysis.corpus.segments_of("L09")
    assert {(d.segment_id, d.theme, d.coder) for d in result.written} == {
        (first.segment_id, "styrning.skola", "Karin N"), (third.segment_id, "handlingsplan.status", "Karin N")}
    assert result.unmatched_selections == []


def test_a_selection_outside_the_text_under_every_reading_is_an_error_and_nothing_is_written(tmp_path):
    folder = write_notes(tmp_path / "notes")
    emoji, brukare, plan = l09(built(folder))
    text = "\n\n".join((emoji, brukare, plan))
    path = raw_project(tmp_path / "other.qdpx", text, [(emoji, "medskick"), (plan, "medskick")], [("medskick", None)],
                       positions=lambda text, start, end: (start, end + (500 if start else 0)))
    assert import_error(path, folder) == (
        f"other.qdpx: PlainTextSelection 5E1EC700-0000-0000-0000-000000000002 i TextSource 'Intervju L09' sträcker sig över "
        f"{text.index(plan)}–{text.index(plan) + len(plan) + 500} men källans text har {len(text)} tecken; "
        "rätta markeringen i det andra verktyget och exportera igen.")


@pytest.mark.parametrize("member, source_member", [
    ("project.qde", "sources/5005CE00-0000-0000-0000-000000000001.TXT"),   # lower-case folder, upper-case name
    ("project.qde", "5005ce00-0000-0000-0000-000000000001.txt"),           # at the top of the archive
    ("Lansdialog/Lansdialog.qde", "Lansdialog/Sources/5005ce00-0000-0000-0000-000000000001.txt"),  # in a folder
])
def test_plain_text_path_sources_where_other_tools_put_them(tmp_path, member, source_member):
    folder = write_notes(tmp_path / "notes")
    emoji, brukare, plan = l09(built(folder))
    path = raw_project(tmp_path / "qualcoder.qdpx", "\n".join((emoji, brukare, plan)), [(brukare, "medskick")],
                       [("medskick", None)], inline=False, member=member, source_member=source_member)
    result = imported(path, folder)
    assert [(d.theme, d.text) for d in result.written] == [("medskick", brukare)]


def test_codes_of_one_name_in_two_branches_are_told_apart(tmp_path):
    folder = write_notes(tmp_path / "notes")
    emoji, brukare, plan = l09(built(folder))
    steering = "Länsgemensam styrning, ledning och samordning"  # themes.yaml's label of styrning
    codes = [(steering, None), ("skola", steering), ("Övrigt", steering), ("Handlingsplan", None),
             ("Övrigt ", "Handlingsplan")]
    # brukare: a paragraph the tagger does not suggest styrning.skola for, so the coding is recorded
    path = raw_project(tmp_path / "other.qdpx", "\n\n".join((emoji, brukare, plan)),
                       [(brukare, "skola"), (brukare, "Övrigt"), (plan, "Övrigt "), (emoji, "Övrigt ")], codes)
    result = import_qdpx(path, Project.for_notes(folder), built(folder), fragment_out=tmp_path / "nya.yaml")
    assert [(d.theme, d.text) for d in result.written] == [("styrning.skola", brukare)]
    assert result.unmatched_codes == [("Handlingsplan / Övrigt", 2), (f"{steering} / Övrigt", 1)]
    fragment = yaml.safe_load((tmp_path / "nya.yaml").read_text(encoding="utf-8"))["themes"]
    assert [(t["id"], t["parent"]) for t in fragment] == [("styrning.ovrigt", "styrning"),
                                                          ("handlingsplan.ovrigt", "handlingsplan")]


def test_two_imports_of_one_project_at_once_record_it_once(coded, tmp_path, monkeypatch):
    path = export_qdpx(built(coded), tmp_path / "out.qdpx").path
    fresh = write_notes(tmp_path / "fresh")
    import dialogtool.outputs.exchange.qdpx as qdpx

    planning, nested = qdpx.planned_decisions, []

    def slow_planning(*args, **kwargs):
        if not nested:
            nested.append(None)
            nested[0] = import_qdpx(path, Project.for_notes(fresh), built(fresh))
        return planning(*args, **kwargs)

    monkeypatch.setattr(qdpx, "planned_decisions", slow_planning)
    first = import_qdpx(path, Project.for_notes(fresh), built(fresh))
    assert len(nested[0].written) == 3 and first.written == [] and first.unchanged == 3
    assert len(Project.for_notes(fresh).decisions()) == 3


def test_cli_says_what_the_atlas_ti_sample_holds(workspace, tmp_path):
    result = CliRunner().invoke(cli, ["import", "qdpx", str(ATLAS), "--notes", str(workspace)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "sample-atlasti-project.qdpx har inga kodade textmarkeringar; inget att spara.",
        "Sparade 0 beslut; 0 fanns redan; 0 förslag från dialogtool lämnade åt förslagen.",
        "Dess kodbok har 3 kod(er) som inte är teman ('Commits', 'Commits / 2022-05-10T02:05:59Z 19e4dce', "
        "'Commits / 2022-02-11T10:39:25Z cdbfd92'); ange --fragment-out FIL för att få dem som ett utdrag för "
        "themes.yaml att föra in för hand.",
    ]


def test_export_of_a_crlf_text_note_with_swedish_letters_covers_each_segment_exactly(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "L07.txt").write_bytes(note_source(county="L07").replace("\n", "\r\n").encode("utf-8"))
    (folder / "L09.md").write_text(EMOJI_NOTE, encoding="utf-8")
    analysis = built(folder)
    path = export_qdpx(analysis, tmp_path / "out.qdpx").path
    with zipfile.ZipFile(path) as archive:
        SCHEMA.validate(archive.read("project.qde").decode("utf-8"))
    texts = source_texts(path)
    assert "\r" not in texts["L07"] and "å" in texts["L07"]
    by_id = {s.segment_id: s for s in analysis.corpus.segments}
    for source in project_xml(path).iter(f"{NS}TextSource"):
        for selection in theme_selections(source):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert texts[source.get("name")][start:end] in {s.text for s in by_id.values()}
    fresh = write_notes(tmp_path / "fresh")
    (fresh / "L07.md").unlink()
    (fresh / "L07.txt").write_bytes((folder / "L07.txt").read_bytes())
    again = import_qdpx(path, Project.for_notes(fresh), built(fresh))
    assert again.unmatched_selections == [] and again.readings == []


def test_the_exporting_investigator_is_the_first_user_and_codings_carry_their_dates(coded, tmp_path):
    path = tmp_path / "p.qdpx"
    analysis = built(coded)
    export_qdpx(analysis, path, investigator="Karin")
    root = project_xml(path)
    users = [u.get("name") for u in root.iter(f"{NS}User")]
    assert users[0] == "Karin" and users[-1] == "dialogtool"
    assert root.get("creatingUserGUID") == next(u.get("guid") for u in root.iter(f"{NS}User"))
    created = [coding.get("creationDateTime") for coding in root.iter(f"{NS}Coding")]
    assert all(created)
    decided = {d.created_at for d in analysis.decisions if d.kind in ("code_added", "code_accepted")}
    assert len(decided) >= 1 and decided <= set(created)
    with zipfile.ZipFile(path) as archive:
        assert all(name == "project.qde" or name.startswith("sources/") for name in archive.namelist())


def test_each_county_is_a_case_linked_to_its_whole_note_by_a_code_of_the_cases_guid(coded, tmp_path):
    analysis = built(coded)
    path = export_qdpx(analysis, tmp_path / "p.qdpx", investigator="Karin").path
    root, texts = project_xml(path), source_texts(path)
    codes = {c.get("guid"): c.get("name") for c in root.iter(f"{NS}Code")}
    for case in root.iter(f"{NS}Case"):
        assert codes[case.get("guid")] == case.get("name")
        source = next(s for s in root.iter(f"{NS}TextSource") if s.get("name") == case.get("name"))
        [link] = [s for s in source.iter(f"{NS}PlainTextSelection") if s not in theme_selections(source)]
        assert link.find(f"{NS}Coding/{NS}CodeRef").get("targetGUID") == case.get("guid")
        assert (link.get("startPosition"), link.get("endPosition")) == ("0", str(len(texts[case.get("name")])))
    again = import_qdpx(path, Project.for_notes(coded), analysis)
    assert again.new_codes == [] and again.unmatched_codes == [] and again.unmatched_selections == []
    assert again.written == []


def test_a_codebook_of_dialogtool_ids_does_not_double_the_parent(tmp_path, in_repo):
    result = CliRunner().invoke(cli, ["export", "qdc", "--out", str(tmp_path / "k.qdc")])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["import", "qdc", str(tmp_path / "k.qdc"), "--fragment-out", str(tmp_path / "f.yaml")])
    assert result.exit_code == 0, result.output
    ids = [theme["id"] for theme in yaml.safe_load((tmp_path / "f.yaml").read_text(encoding="utf-8"))["themes"]]
    assert "styrning.skola" in ids
    assert not any(part == parent for theme in ids for parent, part in zip(theme.split("."), theme.split(".")[1:]))
