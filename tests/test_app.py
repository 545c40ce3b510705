"""The app's pages and decisions through Flask's test client: safety, revised notes, the CLI command."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from werkzeug.serving import BaseWSGIServer

from conftest import GUIDE, THEMES, read_segments
from dialogtool.app import create_app
from dialogtool.cli import cli
from dialogtool.coding.store import Project
from dialogtool import pipeline
from dialogtool.pipeline import build, decide_code, decide_override

LOCAL = "http://127.0.0.1:5000"
NAME = "Bo Berg"


@pytest.fixture
def client(small_round, tmp_path):
    """A test client whose investigator has given a name, and the session's token."""
    app = create_app(small_round, tmp_path / "outputs")
    client = app.test_client()
    client.set_cookie("dialogtool_utredare", "Bo%20Berg", domain="127.0.0.1")
    page = client.get("/", base_url=LOCAL)
    client.token = re.search(r'name="_token" value="([^"]+)"', client.get("/ladda-ner", base_url=LOCAL).text)[1]
    assert page.status_code == 200
    return client


def post(client, path: str, **data):
    return client.post(path, data={"_token": client.token, **data}, base_url=LOCAL, follow_redirects=True)


def test_a_page_asks_for_the_name_first_and_keeps_where_it_was_going(small_round, tmp_path):
    client = create_app(small_round, tmp_path).test_client()
    response = client.get("/lan/L07", base_url=LOCAL)
    assert (response.status_code, response.location) == (302, "/namn?next=/lan/L07")


def test_a_note_that_cannot_be_read_is_named_on_the_overview_and_the_others_open(small_round, tmp_path):
    (small_round.notes_dir / "L09.docx").write_bytes(b"inte ett Word-dokument")
    client = create_app(small_round, tmp_path / "outputs").test_client()
    client.set_cookie("dialogtool_utredare", "Bo%20Berg", domain="127.0.0.1")
    page = client.get("/", base_url=LOCAL).text
    assert page.count('<p class="varning">Hoppades över: ') == 1 and "L09.docx" in page
    assert client.get("/anteckning/L08", base_url=LOCAL).status_code == 200


def test_a_note_links_to_the_notes_before_and_after_it(client):
    first, second = (client.get(f"/anteckning/{county}", base_url=LOCAL).text for county in ("L07", "L08"))
    assert '<a href="/anteckning/L08">L08 →</a>' in first and "←" not in first
    assert '<a href="/anteckning/L07">← L07</a>' in second and "→</a>" not in second


def test_a_post_without_the_token_or_from_another_host_is_refused(client):
    assert client.post("/kod", data={"segment": "x"}, base_url=LOCAL).status_code == 403
    assert client.post("/kod", data={"_token": "gissat", "segment": "x"}, base_url=LOCAL).status_code == 403
    assert client.get("/", base_url="http://angripare.example").status_code == 403
    assert Project.for_notes(client.application.extensions["dialogtool"].analysis.notes_dir).decisions() == []


@pytest.mark.parametrize("path", ["/anteckning/..%2F..%2Fetc%2Fpasswd", "/lan/L99", "/citat?tema=..%2Fthemes.yaml"])
def test_no_page_reaches_beyond_the_round(client, path):
    assert client.get(path, base_url=LOCAL).status_code == 404


def test_a_malformed_form_is_a_swedish_page_not_a_traceback(client):
    page = post(client, "/kod", segment=client.application.extensions["dialogtool"].analysis.corpus.segments[0].segment_id,
                tema="styrning", beslut="radera")
    assert (page.status_code, "Formuläret skickade något sidan inte känner igen." in page.text) == (400, True)


@pytest.mark.parametrize("name, start", [("review.xlsx", b"PK"), ("projekt.qdpx", b"PK")])
def test_the_review_sheet_and_the_refi_qda_project_download_from_the_current_state(client, name, start):
    response = client.post(f"/ladda-ner/{name}", data={"_token": client.token}, base_url=LOCAL)
    assert (response.status_code, response.data[:2]) == (200, start)
    assert response.headers["Content-Disposition"] == f"attachment; filename={name}"
    desk = client.application.extensions["dialogtool"]
    assert (desk.out_dir / name).read_bytes() == response.data
    assert [p.name for p in desk.out_dir.iterdir() if p.name != name] == []  # no half-written or temporary file


def test_a_report_edited_by_hand_since_the_last_download_is_kept_and_named(client):
    out = client.application.extensions["dialogtool"].out_dir
    assert client.post("/ladda-ner/report.docx", data={"_token": client.token}, base_url=LOCAL).status_code == 200
    (out / "report.docx").write_bytes((out / "report.docx").read_bytes() + b"\0")
    assert client.post("/ladda-ner/report.docx", data={"_token": client.token}, base_url=LOCAL).status_code == 200
    (kept,) = out.glob("report (redigerad *).docx")
    page = client.get("/ladda-ner", base_url=LOCAL).text
    assert f"Den tidigare filen var ändrad för hand och sparades som ”{kept.name}” i {out}." in page


def test_a_quote_chosen_for_another_theme_says_so_where_it_is_offered(client):
    analysis = client.application.extensions["dialogtool"].analysis
    segment = next(s for s in analysis.corpus.segments if s.text.startswith("Ledningsgruppen"))
    post(client, "/citat/valj", tema="styrning.forandring", segment=segment.segment_id, urval="", version="0")
    page = client.get("/citat?tema=styrning.skola", base_url=LOCAL).text
    assert "Redan valt som citat för ”Förändringar i ledning och organisering”; väljer du det här flyttas det hit." in page


def test_confirm_every_suggestion_of_a_paragraph_at_once(client):
    analysis = client.application.extensions["dialogtool"].analysis
    segment = analysis.corpus.segments[0]
    page = client.get(f"/anteckning/{segment.county}", base_url=LOCAL).text
    suggested = sorted(c.theme for c in analysis.codes if c.segment_id == segment.segment_id and c.source == "auto")
    assert "Bekräfta alla förslag" in page
    page = post(client, "/kod/alla", segment=segment.segment_id, teman=",".join(suggested), versioner="{}")
    assert f"Bekräftade {len(suggested)} förslag." in page.text
    assert sorted(c.theme for c in analysis.codes if c.segment_id == segment.segment_id and c.source == "auto+accepted") \
        == suggested
    assert post(client, "/kod", segment=segment.segment_id, tema="styrning", beslut="avvisa",
                versioner="inte json").status_code == 400


def test_a_download_outside_the_list_is_not_served(client):
    assert client.post("/ladda-ner/..%2F.dialogtool.sqlite", data={"_token": client.token},
                       base_url=LOCAL).status_code == 404


def test_an_override_needs_a_reason_from_the_list_and_a_comment_for_other(client):
    page = post(client, "/klassificering", lan="L07", dimension="plan_status", kategori="pagar",
                skal="Annat skäl (se kommentar)", kommentar="", version="0")
    assert "Välj ett skäl i listan; skriv en kommentar när skälet är ”Annat skäl”." in page.text
    page = post(client, "/klassificering", lan="L07", dimension="plan_status", kategori="pagar",
                skal="Annat skäl (se kommentar)", kommentar="Planen är inte antagen.", version="0")
    assert "Klassificeringen är ändrad; tabeller och diagram är uppdaterade." in page.text
    (override,) = Project.for_notes(client.application.extensions["dialogtool"].analysis.notes_dir).decisions()
    assert (override.reason, override.coder) == ("Annat skäl (se kommentar): Planen är inte antagen.", NAME)
    page = post(client, "/klassificering/ata", lan="L07", dimension="plan_status", beslut=str(override.id),
                version="0")
    assert "Ditt beslut sparades inte" in page.text


def test_a_quote_naming_a_place_is_not_chosen(client):
    analysis = client.application.extensions["dialogtool"].analysis
    segment = analysis.corpus.segments[0]
    analysis.corpus.segments[0] = type(segment)(**{**segment.__dict__, "text": "Ale kommun deltar i ledningsgruppen."})
    page = post(client, "/citat/valj", tema="styrning", segment=segment.segment_id, urval="", version="0")
    assert "Citatet valdes inte: det namnger kommun ”Ale kommun”. Markera ett urval utan det." in page.text
    assert Project.for_notes(analysis.notes_dir).decisions() == []


@pytest.mark.usefixtures("small_model")
def test_revised_notes_decisions_carried_are_confirmed_and_orphans_reattached_or_dropped(small_round, tmp_path):
    analysis = build(small_round)
    segments = analysis.corpus.segments_of("L07")
    plan = next(s for s in segments if "handlingsplan" in s.text)
    wish = next(s for s in segments if s.text.startswith("Man önskar"))
    decide_code(analysis, plan.segment_id, "handlingsplan.status", "code_accepted", "anna")
    decide_code(analysis, wish.segment_id, "medskick", "code_accepted", "anna")
    note = small_round.notes_dir / "L07.md"
    note.write_text(note.read_text(encoding="utf-8").replace("som antogs i juni", "som antogs i slutet av juni")
                    .replace(wish.text, "Inga fler synpunkter."), encoding="utf-8")
    client = create_app(small_round, tmp_path / "outputs").test_client()
    client.set_cookie("dialogtool_utredare", "Bo%20Berg", domain="127.0.0.1")
    assert "2 beslut på reviderade anteckningar väntar på din kontroll." in client.get("/", base_url=LOCAL).text
    page = client.get("/reviderat", base_url=LOCAL).text
    client.token = re.search(r'name="_token" value="([^"]+)"', page)[1]
    assert "Bekräftat tema: Status för handlingsplanen (L07, likhet" in page
    assert "Bekräftat tema: Medskick till nationell nivå (L07)" in page
    project = Project.for_notes(small_round.notes_dir)
    carried, orphan = project.decisions(status=None)
    assert orphan.status == "orphaned"
    post(client, "/reviderat", beslut=str(carried.id), atgard="bekrafta")
    target = next(s for s in read_segments(small_round.notes_dir) if s.county == "L07" and s.text == "Inga fler synpunkter.")
    page = post(client, "/reviderat", beslut=str(orphan.id), atgard="flytta", segment=target.segment_id)
    assert "Inga beslut väntar på en kontroll." in page.text and "Inga beslut har tappat sitt stycke." in page.text
    carried, orphan = project.decisions(status=None)
    assert (carried.detail["anchor_confirmed"], orphan.segment_id, orphan.status) == (NAME, target.segment_id, "active")
    post(client, "/reviderat", beslut=str(orphan.id), atgard="slapp")
    assert [d.status for d in project.decisions(status=None)] == ["active", "removed"]


def test_the_app_command_serves_on_loopback_and_prints_the_address(small_round, monkeypatch):
    served = {}

    def stop(server):
        served["host"] = server.server_address[0]
        raise KeyboardInterrupt

    monkeypatch.setattr(BaseWSGIServer, "serve_forever", stop)
    result = CliRunner().invoke(cli, ["app", str(small_round.notes_dir), "--no-browser", "--guide",
                                      str(small_round.guide_path), "--themes", str(small_round.themes_path)])
    assert result.exit_code == 0, result.output
    assert served["host"] == "127.0.0.1"
    assert re.search(r"dialogtool är öppet på http://127\.0\.0\.1:\d+/ \(avsluta med Ctrl\+C\)\.", result.output)


def test_a_decision_made_elsewhere_shows_on_the_next_page(client, small_round):
    page = client.get("/", base_url=LOCAL).text
    assert page.count('class="andrad"') == 0
    other = build(small_round)  # another investigator's app, or the command line, on the same round
    decide_override(other, "L08", "plan_status", "pagar", "Planen är inte antagen.", "anna")
    page = client.get("/", base_url=LOCAL).text
    assert page.count('class="andrad"') == 1
    county = client.get("/lan/L08", base_url=LOCAL).text
    assert "Ändrad av anna" in county and ">Arbete pågår</span> <span class=\"manuell\">" in county


def test_the_app_command_opens_the_browser_unless_told_not_to(small_round, monkeypatch):
    opened = []
    monkeypatch.setattr(BaseWSGIServer, "serve_forever", lambda server: None)
    monkeypatch.setattr("webbrowser.open", opened.append)
    result = CliRunner().invoke(cli, ["app", str(small_round.notes_dir), "--port", "0", "--guide",
                                      str(small_round.guide_path), "--themes", str(small_round.themes_path)])
    assert result.exit_code == 0, result.output
    assert len(opened) == 1 and opened[0] in result.output and opened[0].startswith("http://127.0.0.1:")


def test_a_name_typed_in_another_case_is_the_same_coder(client, small_round):
    analysis = client.application.extensions["dialogtool"].analysis
    segment = analysis.corpus.segments[0]
    decide_code(analysis, segment.segment_id, "styrning", "code_accepted", "bo berg")
    post(client, "/kod", segment=segment.segment_id, tema="medskick", beslut="lagg-till", versioner="{}")
    assert [d.coder for d in Project.for_notes(small_round.notes_dir).decisions()] == ["bo berg", "bo berg"]


def test_the_grid_marks_unsure_cells_and_the_county_page_says_how_sure(client, small_round):
    analysis = build(small_round)
    unsure = [(p.county, d) for p in analysis.profiles for d, c in p.cells.items() if not c.sure and not c.overridden]
    sure = [(p.county, d, c) for p in analysis.profiles for d, c in p.cells.items() if c.sure]
    assert unsure and sure
    page = client.get("/", base_url=LOCAL).text
    assert page.count('<span class="osaker" title="osäker (') == len(unsure)
    county, dimension, cell = sure[0]
    county_page = client.get(f"/lan/{county}", base_url=LOCAL).text
    assert f"Säkerhet: säker ({round(cell.confidence * 100)} %)" in county_page


def test_the_theme_picker_lists_forgiving_matches_best_first(client):
    found = client.get("/teman?q=BRUKAR", base_url=LOCAL).json["teman"]
    assert found == [{"id": "styrning.brukare",
                      "etikett": "Länsgemensam styrning, ledning och samordning – Brukarinflytande"}]
    assert [t["id"] for t in client.get("/teman?q=forandringar", base_url=LOCAL).json["teman"]] == \
        ["styrning.forandring"]
    assert client.get("/teman?q=", base_url=LOCAL).json["teman"] == []


def test_a_theme_typed_with_a_typo_is_added_and_an_unclear_one_asks_which(client):
    analysis = client.application.extensions["dialogtool"].analysis
    segment = analysis.corpus.segments[0]
    page = post(client, "/kod", segment=segment.segment_id, tema="finansering", beslut="lagg-till", versioner="{}")
    assert "Lade till ”Ettårig finansiering mot tioårig strategi”." in page.text
    page = post(client, "/kod", segment=segment.segment_id, tema="plan", beslut="lagg-till", versioner="{}")
    assert ("Inget tema heter ”plan”. Menade du ”Länsgemensam handlingsplan utifrån strategin – Planens koppling "
            "till strategin”, ”Länsgemensam handlingsplan utifrån strategin – Hur planen tas fram” eller "
            "”Länsgemensam handlingsplan utifrån strategin”? Välj ett tema i listan.") in page.text
    # a suggestion is confirmed or rejected by its exact id only: a misspelt one is never guessed at
    assert "Inget tema heter ”finansering”. Välj ett tema i listan." in post(
        client, "/kod", segment=segment.segment_id, tema="finansering", beslut="avvisa", versioner="{}").text
    added = [(d.kind, d.theme) for d in Project.for_notes(analysis.notes_dir).decisions()]
    assert added == [("code_added", "finansiering")]


def test_a_county_page_says_where_the_notes_speak_both_ways(tmp_path):
    """A contested cell (another category's rule matched too) tells the investigator to check it."""
    notes = tmp_path / "2025"
    notes.mkdir()
    (notes / "L07.md").write_text(
        "Län: L07\nDatum: 2025-10-01\nDeltagare: 4\n\n## Arbete med den nationella strategins vision och mål\n\n"
        "Länet har en länsgemensam handlingsplan som antogs av ledningsgruppen i juni.\n\n"
        "Vid dialogen framkom att planen ännu är ett utkast och att arbetet med den pågår.\n", encoding="utf-8")
    app = create_app(pipeline.open_round(notes, GUIDE, THEMES), tmp_path / "outputs")
    client = app.test_client()
    client.set_cookie("dialogtool_utredare", "Bo%20Berg", domain="127.0.0.1")
    page = client.get("/lan/L07", base_url=LOCAL).text
    assert "Anteckningarna talar åt två håll: även ”Arbete pågår” har stöd i dem. Kontrollera." in page
