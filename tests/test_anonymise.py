"""The identifier finder: places, people and contact details found; national names and words not."""

from __future__ import annotations

import csv
from collections import Counter

import docx
import pytest
from click.testing import CliRunner

from conftest import note_source
from dialogtool.anonymise import (
    DATA_DIR,
    find_identifiers,
    findings_frame,
    load_allowlist,
    not_identifying,
    redact,
    redact_note,
)
from dialogtool.cli import cli
from dialogtool.model import Segment


def found(text, allow=()):
    return [(f.kind, f.text) for f in find_identifiers(text, allow)]


def test_the_data_has_every_county_region_and_municipality():
    with open(DATA_DIR / "sweden.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    kinds = Counter(row["kind"] for row in rows)
    assert kinds == {"kommun": 290, "lan": 21, "region": 21}
    assert len({row["name"] for row in rows if row["kind"] == "kommun"}) == 290
    assert len({row["county"] for row in rows}) == 21
    by_county = Counter(row["county"] for row in rows if row["kind"] == "kommun")
    assert by_county["Västra Götalands län"] == 49 and by_county["Gotlands län"] == 1


@pytest.mark.parametrize("text, expected", [
    ("Västerbottens län har antagit en plan.", [("lan", "Västerbottens län")]),
    ("Samordnaren i Västerbotten deltar.", [("lan", "Västerbotten")]),
    ("Västerbottens samordnare deltar.", [("lan", "Västerbottens")]),
    ("Uppsala läns kommuner har en gemensam plan.", [("lan", "Uppsala läns")]),
    ("Region Skånes ledningsgrupp träffas varje månad.", [("region", "Region Skånes")]),
    ("Region Jämtland Härjedalen leder arbetet.", [("region", "Region Jämtland Härjedalen")]),
    ("Det görs i Västra Götalandsregionen.", [("region", "Västra Götalandsregionen")]),
    ("Arbetet i Kiruna har kommit långt.", [("kommun", "Kiruna")]),
    ("Kiruna har en egen samordnare.", [("kommun", "Kiruna")]),
    ("Göteborgs insatser lyfts fram.", [("kommun", "Göteborgs")]),
    ("Stockholms stad deltar inte.", [("kommun", "Stockholms stad")]),
    ("Man samarbetar med Upplands Väsby.", [("kommun", "Upplands Väsby")]),
    ("Göteborgsregionen har ett eget nätverk.", [("plats", "Göteborgsregionen")]),
    ("Man har inspirerats av Umeåmodellen.", [("kommun", "Umeåmodellen")]),
    ("Flera skånska kommuner deltar.", [("plats", "skånska")]),
    ("Patienterna remitteras till Sahlgrenska.", [("plats", "Sahlgrenska")]),
    ("Norrlands universitetssjukhus och Länssjukhuset Ryhov deltar.",
     [("plats", "Norrlands universitetssjukhus"), ("plats", "Länssjukhuset Ryhov")]),
    ("Danderyds sjukhus har en mottagning.", [("plats", "Danderyds sjukhus")]),
    ("Marks kommun och Vara kommun har egna planer.", [("kommun", "Marks kommun"), ("kommun", "Vara kommun")]),
    ("Samverkan i Mark fungerar bra.", [("kommun", "Mark")]),
    ("Mark, Borås och Ulricehamn samarbetar.", [("kommun", "Mark"), ("kommun", "Borås"), ("kommun", "Ulricehamn")]),
    ("Lund har en handlingsplan.", [("kommun", "Lund")]),
    ("I Boden och Gnosjö finns nätverk.", [("kommun", "Boden"), ("kommun", "Gnosjö")]),
    ("Anna Karlsson berättade om arbetet.", [("person", "Anna Karlsson")]),
    ("Enligt länssamordnaren Lindqvist räcker inte medlen.", [("person", "Lindqvist")]),
    ("Kontaktperson är Eva Sjökvist-Berg, utvecklingsledare.", [("person", "Eva Sjökvist-Berg")]),
    ("Per Larsson leder gruppen.", [("person", "Per Larsson")]),
    ("Mejla anna.karlsson@region.se för mer.", [("epost", "anna.karlsson@region.se")]),
    ("Ring 070-123 45 67 eller 08-123 456 78.", [("telefon", "070-123 45 67"), ("telefon", "08-123 456 78")]),
    ("Ring +46 70 123 45 67.", [("telefon", "+46 70 123 45 67")]),
    ("Personnumret 19800101-1234 stod i anteckningen.", [("personnummer", "19800101-1234")]),
    ("Kontoret ligger på Storgatan 12, 981 31 Kiruna.", [("adress", "Storgatan 12, 981 31 Kiruna")]),
])
def test_identifiers_are_found_in_their_written_forms(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "Man har arbetat på bar mark i flera år.",
    "Det kan vara svårt att samordna insatserna.",
    "Vara med i arbetet är viktigt för brukarna.",
    "Mark och vatten är inte frågan här.",
    "Region och kommun samverkar. Länet har en plan. Kommunen deltar. Regionen leder.",
    "Hans chef deltar. Bo gärna nära arbetet. Stig in i samtalet.",
    "Orsaken är brist på tid. Nybrottsarbete pågår. Marknaden förändras. Årets plan.",
    "Dialogen hölls 2025-10-14 med 12 av 21 län och 109 deltagare.",
    "Det finns 290 kommuner och 21 regioner i landet.",
])
def test_ordinary_words_and_numbers_are_not_flagged(text):
    assert found(text) == []


def test_national_bodies_and_reforms_are_not_identifiers():
    text = ("Folkhälsomyndigheten, Socialstyrelsen, SKR och Sveriges Kommuner och Regioner samverkar med "
            "Försäkringskassan, Arbetsförmedlingen och Polisen. God och nära vård, samsjuklighetsreformen och "
            "den nya socialtjänstlagen hänger ihop. NSPH och NASP vid Karolinska Institutet deltar.")
    assert found(text) == []
    for name in not_identifying():
        assert found(f"Man samarbetar med {name} i frågan.") == [], name
        assert found(f"{name} deltar i arbetet.") == [], name


def test_the_allow_list_removes_what_the_investigator_marked(tmp_path):
    (tmp_path / "allowlist.txt").write_text("# terms that identify nobody\nSahlgrenska  # a method name\n\nLund\n",
                                            encoding="utf-8")
    allow = load_allowlist(tmp_path)
    assert allow == ("Sahlgrenska", "Lund")
    assert found("Sahlgrenska-metoden används i Lund och i Lunds skolor och i Kiruna.", allow) == [("kommun", "Kiruna")]
    assert load_allowlist(tmp_path / "none") == ()


PLANTED = [
    ("lan", "Västerbottens län"), ("lan", "Norrbottens län"), ("lan", "Skåne län"), ("lan", "Dalarna"),
    ("lan", "Jämtlands län"), ("lan", "Hallands"), ("lan", "Sörmland"), ("lan", "Gävleborgs län"),
    ("lan", "Östergötland"), ("lan", "Kronobergs län"), ("region", "Region Skåne"), ("region", "Region Stockholms"),
    ("region", "Region Västerbotten"), ("region", "Region Kalmar län"), ("region", "Region Gotland"),
    ("region", "Västra Götalandsregionen"), ("region", "Region Örebro län"), ("kommun", "Kiruna"),
    ("kommun", "Göteborgs"), ("kommun", "Malmö stad"), ("kommun", "Öckerö"), ("kommun", "Bjuv"),
    ("kommun", "Sala kommun"), ("kommun", "Ale"), ("kommun", "Tranås"), ("kommun", "Mora"), ("kommun", "Borås"),
    ("kommun", "Gnosjö"), ("kommun", "Ljusdal"), ("kommun", "Bräcke"), ("kommun", "Habo"), ("kommun", "Torsås"),
    ("kommun", "Eda kommun"), ("kommun", "Bodens kommun"), ("kommun", "Höör"), ("kommun", "Marks kommun"),
    ("kommun", "Vara kommun"), ("kommun", "Lunds"), ("kommun", "Upplands-Bro"), ("kommun", "Malung-Sälen"),
    ("kommun", "Östra Göinge"), ("kommun", "Örnsköldsvik"), ("kommun", "Haparanda"), ("kommun", "Sundsvalls"),
    ("plats", "Sahlgrenska universitetssjukhuset"), ("plats", "Karolinska universitetssjukhuset"),
    ("plats", "Akademiska sjukhuset"), ("plats", "Södersjukhuset"), ("plats", "Sunderby sjukhus"),
    ("plats", "Visby"), ("plats", "Göteborgsregionen"), ("plats", "norrländska"),
    ("person", "Anna Karlsson"), ("person", "Erik Lindqvist"), ("person", "Maria Sjöberg"), ("person", "Lars Svensson"),
    ("person", "Karin Öberg"), ("person", "Johan Nilsson"), ("person", "Ann-Marie Holm"), ("person", "Per Eriksson"),
    ("epost", "maria.sjoberg@regionvb.se"), ("epost", "kontakt@kommun.example.se"),
    ("telefon", "070-482 19 33"), ("telefon", "090-785 00 00"), ("telefon", "+46 8 123 456 78"),
    ("personnummer", "19751224-1234"), ("personnummer", "800101-5678"),
    ("adress", "Kungsgatan 5"), ("adress", "Box 123, 901 85 Umeå"),
]
TEMPLATES = [
    "{x} har en länsgemensam handlingsplan sedan i våras.",
    "Samordnaren berättar att {x} deltar i ledningsgruppen.",
    "I dialogen nämndes {x} som ett gott exempel på samverkan.",
    "Arbetet leds av {x} tillsammans med Folkhälsomyndigheten och SKR.",
    "Man lyfter att {x}, Försäkringskassan och Polisen är svåra att involvera.",
]


def test_recall_of_planted_identifiers_with_no_false_alarm():
    hits, total = 0, 0
    missed = []
    for number, (kind, planted) in enumerate(PLANTED):
        template = TEMPLATES[number % len(TEMPLATES)]
        text = template.format(x=planted)
        start = text.index(planted)
        findings = find_identifiers(text)
        total += 1
        if any(f.start <= start and start + len(planted) <= f.end for f in findings):
            hits += 1
        else:
            missed.append(planted)
        others = [f.text for f in findings if f.end <= start or f.start >= start + len(planted)]
        assert others == [], f"false alarm in {text!r}: {others}"
    assert total >= 60
    assert hits / total >= 0.95, missed


def test_findings_frame_and_redaction():
    segment = Segment("L01-abc", "L01", "ledning", 1, "I Kiruna leder Anna Karlsson (070-123 45 67) arbetet.")
    frame = findings_frame([segment, Segment("L01-def", "L01", "ledning", 2, "Länet har en plan.")])
    assert list(frame.columns) == ["county", "segment_id", "kind", "text", "start", "end"]
    assert frame.values.tolist() == [
        ["L01", "L01-abc", "kommun", "Kiruna", 2, 8],
        ["L01", "L01-abc", "person", "Anna Karlsson", 15, 28],
        ["L01", "L01-abc", "telefon", "070-123 45 67", 30, 43],
    ]
    assert redact(segment.text, find_identifiers(segment.text)) == "I [kommun] leder [person] ([telefon]) arbetet."
    text = "Västerbottens län, Region Skåne, Sahlgrenska, a@b.se, 19800101-1234, Storgatan 1."
    assert redact(text, find_identifiers(text)) == "[län], [region], [plats], [e-post], [personnummer], [adress]."


def test_redact_note_keeps_a_word_documents_paragraphs(tmp_path):
    source = tmp_path / "L01.docx"
    document = docx.Document()
    document.add_heading("Länsgemensam ledning och samordning inom området", level=2)
    paragraph = document.add_paragraph("I Kir")
    paragraph.add_run("una").bold = True
    paragraph.add_run(" leder Anna Karlsson arbetet.")
    document.add_paragraph("Länet har en plan.")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Ring 070-123 45 67."
    document.save(str(source))
    count = redact_note(source, tmp_path / "out.docx")
    result = docx.Document(str(tmp_path / "out.docx"))
    texts = [p.text for p in result.paragraphs]
    assert count == 3
    assert texts == ["Länsgemensam ledning och samordning inom området", "I [kommun] leder [person] arbetet.",
                     "Länet har en plan."]
    assert result.paragraphs[0].style.name == "Heading 2"
    assert result.tables[0].cell(0, 0).text == "Ring [telefon]."


def write_round(directory, extra: str = ""):
    directory.mkdir()
    (directory / "L01.md").write_text(note_source("L01") + extra, encoding="utf-8")
    return directory


def test_anon_check_lists_findings_and_fails(tmp_path, in_repo):
    notes = write_round(tmp_path / "notes", "\nI Kiruna leder Anna Karlsson arbetet.\n")
    result = CliRunner().invoke(cli, ["anon", "check", str(notes)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].split("\t")[2:] == ["kommun", "Kiruna"]
    assert lines[1].split("\t")[2:] == ["person", "Anna Karlsson"]
    assert lines[-1] == (f"Error: 2 identifying details found; remove them from the notes, or add terms that "
                         f"identify nobody to {notes / 'allowlist.txt'}.")
    (notes / "allowlist.txt").write_text("Kiruna\nAnna Karlsson\n", encoding="utf-8")
    clean = CliRunner().invoke(cli, ["anon", "check", str(notes)])
    assert clean.exit_code == 0, clean.output
    assert clean.output.startswith("No identifying details found in ")


def test_anon_redact_writes_a_text_copy(tmp_path, in_repo):
    notes = write_round(tmp_path / "notes", "\nI Kiruna leder Anna Karlsson arbetet.\n")
    out = tmp_path / "L01-redacted.md"
    result = CliRunner().invoke(cli, ["anon", "redact", str(notes / "L01.md"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {out}: 2 identifying details replaced.\n"
    text = out.read_text(encoding="utf-8")
    assert "I [kommun] leder [person] arbetet." in text and "Kiruna" not in text
    assert "Län: L01" in text
