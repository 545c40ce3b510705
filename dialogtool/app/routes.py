"""The pages and the decisions they post.

Every POST carries the session's token (403 otherwise), every request must name the
loopback host (a page of another site cannot reach the app through DNS), and nothing but
the round's notes, its project database and the download directory is read or written:
paths are never taken from a request, only county, segment and theme ids checked against the
round. A decision made on a page read before someone else's decision on the same code, cell
or quote is refused with a message, never silently applied over it.
"""

from __future__ import annotations

import json
import secrets
from urllib.parse import quote, unquote

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, session,
                   url_for)

from ..anonymise import load_allowlist
from ..coding.store import NO_VERSION
from ..errors import ConflictError, DialogtoolError
from ..outputs.quotes import kept_identifiers
from ..pipeline import (DOWNLOADS, decide_anchor, decide_code, decide_override, decide_quote, segment_of,
                        withdraw_override, withdraw_quote, write_download)
from .desk import Desk
from .search import Match, folded, ranked_themes, theme_typed
from .views import (OVERRIDE_REASONS, Labels, county_view, identifiers_named, note_view, overview, quote_view,
                    revised_view)

pages = Blueprint("pages", __name__)

CODER_COOKIE = "dialogtool_utredare"
LOCAL_HOSTS = ("127.0.0.1", "localhost")
#: Pages open before the investigator has given a name.
OPEN_ENDPOINTS = ("pages.name", "pages.save_name", "static")
CODE_ACTIONS = {"bekrafta": "code_accepted", "avvisa": "code_rejected", "lagg-till": "code_added"}
ANCHOR_ACTIONS = {"bekrafta": "confirm", "flytta": "reattach", "slapp": "drop"}
#: What the downloads page offers, in the order it lists them.
DOWNLOAD_LABELS = {
    "report.docx": "Rapportutkast (Word)",
    "typology.xlsx": "Typologi och tabeller (Excel)",
    "review.xlsx": "Granskningsark för kodningen (Excel)",
    "projekt.qdpx": "Projekt för NVivo, ATLAS.ti, MAXQDA och QualCoder (REFI-QDA)",
}
OTHER_REASON = OVERRIDE_REASONS[-1]
YEAR = 365 * 24 * 3600


def desk() -> Desk:
    return current_app.extensions["dialogtool"]


def coder() -> str:
    """The investigator's name, from the cookie the name page set."""
    return unquote(request.cookies.get(CODER_COOKIE, "")).strip()


@pages.before_app_request
def guard():
    """Loopback hosts only; a POST without the session's token is refused; a name is asked for first."""
    if (request.host or "").rsplit(":", 1)[0] not in LOCAL_HOSTS:
        abort(403)
    if request.method == "POST":
        sent = request.form.get("_token") or request.headers.get("X-Dialogtool-Token") or ""
        if not session.get("token") or not secrets.compare_digest(sent, session["token"]):
            abort(403)
    if not coder() and request.endpoint not in OPEN_ENDPOINTS:
        return redirect(url_for("pages.name", next=request.full_path.rstrip("?")))
    return None


@pages.app_context_processor
def page_context() -> dict:
    if "token" not in session:
        session["token"] = secrets.token_urlsafe(24)
    return {"token": session["token"], "coder": coder()}


@pages.app_errorhandler(403)
def forbidden(error):
    return render_template("fel.html", title="Åtkomst nekad",
                           text="Begäran saknade sidans säkerhetsnyckel eller kom från en annan adress. "
                                "Ladda om sidan och försök igen."), 403


@pages.app_errorhandler(400)
def bad_request(error):
    return render_template("fel.html", title="Felaktig begäran",
                           text="Formuläret skickade något sidan inte känner igen. Ladda om sidan och försök igen."), 400


@pages.app_errorhandler(404)
def not_found(error):
    return render_template("fel.html", title="Finns inte", text="Sidan finns inte i den här omgången."), 404


def local_path(target: str | None, default: str = "/") -> str:
    """`target` if it is a path on this app (never another site), else `default`."""
    return target if target and target.startswith("/") and not target.startswith("//") else default


# --- The investigator ----------------------------------------------------------------------


@pages.get("/namn")
def name():
    return render_template("namn.html", title="Vem är du?", next=local_path(request.args.get("next")))


@pages.post("/namn")
def save_name():
    given = " ".join(request.form.get("namn", "").split())
    target = local_path(request.form.get("next"))
    if not given:
        flash("Skriv ditt namn: det sparas med varje beslut du fattar.")
        return redirect(url_for("pages.name", next=target))
    response = redirect(target)
    response.set_cookie(CODER_COOKIE, quote(given), max_age=YEAR, samesite="Strict", httponly=True)
    return response


# --- Pages ---------------------------------------------------------------------------------


@pages.get("/")
def round_overview():
    with desk().lock:
        desk().synced_versions()
        view = overview(desk().analysis)
    return render_template("oversikt.html", title="Omgångens läge", **view)


@pages.get("/anteckning/<county>")
def note(county: str):
    with desk().lock:
        analysis = desk().analysis
        view = note_view(analysis, county, desk().synced_versions())
        themes = Labels(analysis).theme_choices()
    if view is None:
        abort(404)
    return render_template("anteckning.html", title=f"Anteckningen från {county}", themes=themes, **view)


@pages.get("/lan/<county>")
def county(county: str):
    with desk().lock:
        analysis = desk().analysis
        view = county_view(analysis, county, desk().synced_versions())
    if view is None:
        abort(404)
    return render_template("lan.html", title=f"Klassificeringen av {county}", **view)


@pages.get("/citat")
def quotes():
    with desk().lock:
        analysis = desk().analysis
        themes = Labels(analysis).theme_choices()
        theme = request.args.get("tema") or themes[0][0]
        if theme not in analysis.codebook.themes:
            abort(404)
        view = quote_view(analysis, theme, desk().synced_versions())
    return render_template("citat.html", title=f"Citat: {view['label']}", themes=themes, **view)


@pages.get("/reviderat")
def revised():
    with desk().lock:
        desk().synced_versions()
        view = revised_view(desk().analysis)
    return render_template("reviderat.html", title="Reviderade anteckningar", **view)


@pages.get("/ladda-ner")
def downloads():
    return render_template("ladda-ner.html", title="Ladda ner", downloads=DOWNLOAD_LABELS)


# --- Decisions -----------------------------------------------------------------------------


def decided(action, done: str, target: str):
    """Run a decision; flash `done`, or the conflict or error in the investigator's words; back to `target`."""
    try:
        with desk().lock:
            action()
        flash(done)
    except ConflictError as error:
        flash(conflict_message(error))
    except DialogtoolError as error:
        flash(f"Beslutet kunde inte sparas: {error}")
    return redirect(target)


def conflict_message(error: ConflictError) -> str:
    latest = error.latest
    who = (latest.coder if latest is not None else "") or "någon annan"
    return (f"Ditt beslut sparades inte: {who} har ändrat samma sak efter att du öppnade sidan (i en annan flik "
            "eller på en annan dator). Sidan visar nu det aktuella läget – gör om ditt val om det fortfarande gäller.")


def theme_given(text: str, forgiving: bool) -> tuple[str | None, list[Match]]:
    """The theme id for what the picker sent: a label as listed, a theme's own label, or an id; when
    `forgiving` (a theme typed to add), also what the search takes it to mean — with the themes it
    might mean when it cannot tell."""
    labels = Labels(desk().analysis)
    choices = labels.theme_choices()
    own = {folded(labels.theme(theme_id)): theme_id for theme_id, _ in choices}
    if folded(text) in own:
        return own[folded(text)], []
    theme, matches = theme_typed(text, choices)
    if forgiving or matches and matches[0].exact:
        return theme, matches
    return None, []


def not_a_theme(text: str, matches: list[Match]) -> str:
    """What the note page says when typed text names no theme: the themes it might mean, if any."""
    typed = " ".join(text.split())
    if not matches:
        return f"Inget tema heter ”{typed}”. Välj ett tema i listan."
    listed = [f"”{match.label}”" for match in matches[:3]]
    shown = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " eller " + listed[-1]
    return f"Inget tema heter ”{typed}”. Menade du {shown}? Välj ett tema i listan."


@pages.get("/teman")
def theme_search():
    """The themes that fit what is typed in the picker, best first, for the page's suggestion list."""
    matches = ranked_themes(request.args.get("q", ""), Labels(desk().analysis).theme_choices())
    return {"teman": [{"id": match.theme, "etikett": match.label} for match in matches]}


@pages.post("/kod")
def code():
    form = request.form
    segment = segment_or_404(form.get("segment", ""))
    target = url_for("pages.note", county=segment.county, _anchor=segment.segment_id)
    kind = CODE_ACTIONS.get(form.get("beslut", ""))
    if kind is None:
        abort(400)
    theme, matches = theme_given(form.get("tema", ""), forgiving=kind == "code_added")
    if theme is None:
        flash(not_a_theme(form.get("tema", ""), matches))
        return redirect(target)
    versions = versions_sent()
    label = Labels(desk().analysis).theme(theme)
    done = {"code_accepted": f"Bekräftade ”{label}”.", "code_rejected": f"Avvisade ”{label}”.",
            "code_added": f"Lade till ”{label}”."}[kind]
    return decided(lambda: decide_code(desk().analysis, segment.segment_id, theme, kind, coder(),
                                       versions.get(theme, NO_VERSION)), done, target)


@pages.post("/kod/alla")
def confirm_all():
    segment = segment_or_404(request.form.get("segment", ""))
    target = url_for("pages.note", county=segment.county, _anchor=segment.segment_id)
    themes = [t for t in request.form.get("teman", "").split(",") if t in desk().analysis.codebook.themes]
    versions = versions_sent()

    def confirm() -> None:
        for theme in themes:
            decide_code(desk().analysis, segment.segment_id, theme, "code_accepted", coder(),
                        versions.get(theme, NO_VERSION))

    return decided(confirm, f"Bekräftade {len(themes)} förslag.", target)


def versions_sent() -> dict[str, str]:
    """The versions of a paragraph's code decisions the page was made with, by theme."""
    try:
        versions = json.loads(request.form.get("versioner") or "{}")
    except ValueError:
        abort(400)
    if not isinstance(versions, dict):
        abort(400)
    return versions


def segment_or_404(segment_id: str):
    try:
        return segment_of(desk().analysis, segment_id)
    except DialogtoolError:
        abort(404)


@pages.post("/klassificering")
def override():
    form = request.form
    county_id, dimension = form.get("lan", ""), form.get("dimension", "")
    target = url_for("pages.county", county=county_id, _anchor=dimension)
    reason, comment = form.get("skal", ""), " ".join(form.get("kommentar", "").split())
    if reason not in OVERRIDE_REASONS or (reason == OTHER_REASON and not comment):
        flash("Välj ett skäl i listan; skriv en kommentar när skälet är ”Annat skäl”.")
        return redirect(target)
    full_reason = f"{reason}: {comment}" if comment else reason
    return decided(lambda: decide_override(desk().analysis, county_id, dimension, form.get("kategori", ""),
                                           full_reason, coder(), form.get("version", NO_VERSION)),
                   "Klassificeringen är ändrad; tabeller och diagram är uppdaterade.", target)


@pages.post("/klassificering/ata")
def withdraw_override_route():
    form = request.form
    target = url_for("pages.county", county=form.get("lan", ""), _anchor=form.get("dimension", ""))
    return decided(lambda: withdraw_override(desk().analysis, int_field("beslut"), form.get("version", NO_VERSION)),
                   "Ändringen är återtagen; regeln avgör kategorin igen.", target)


def int_field(name: str) -> int:
    value = request.form.get(name, "")
    if not value.isdigit():
        abort(400)
    return int(value)


@pages.post("/citat/valj")
def choose_quote():
    form = request.form
    theme = form.get("tema", "")
    target = url_for("pages.quotes", tema=theme, _anchor="valda")
    segment = segment_or_404(form.get("segment", ""))
    trims = parsed_trims(form.get("urval", ""))
    if trims is None:
        abort(400)
    found = kept_identifiers(segment.text, trims, load_allowlist(desk().analysis.notes_dir))
    if found:
        flash(f"Citatet valdes inte: det namnger {identifiers_named(found)}. Markera ett urval utan det.")
        return redirect(url_for("pages.quotes", tema=theme, _anchor=segment.segment_id))
    return decided(lambda: decide_quote(desk().analysis, segment.segment_id, theme, trims, coder(),
                                        form.get("version", NO_VERSION)),
                   f"Citatet är valt för ”{Labels(desk().analysis).theme(theme)}”.", target)


def parsed_trims(text: str) -> list[tuple[int, int]] | None:
    """"12:80;95:140" as [(12, 80), (95, 140)]; [] for the whole paragraph; None when malformed."""
    trims = []
    for part in filter(None, text.split(";")):
        start, _, end = part.partition(":")
        if not (start.isdigit() and end.isdigit()):
            return None
        trims.append((int(start), int(end)))
    return trims


@pages.post("/citat/ata")
def withdraw_quote_route():
    form = request.form
    target = url_for("pages.quotes", tema=form.get("tema", ""), _anchor="valda")
    return decided(lambda: withdraw_quote(desk().analysis, int_field("beslut"), form.get("version", NO_VERSION)),
                   "Citatet är återtaget.", target)


@pages.post("/reviderat")
def decide_revised():
    action = ANCHOR_ACTIONS.get(request.form.get("atgard", ""))
    if action is None:
        abort(400)
    done = {"confirm": "Beslutet är bekräftat på det reviderade stycket.", "reattach": "Beslutet är flyttat.",
            "drop": "Beslutet är släppt (det finns kvar i projektdatabasen som borttaget)."}[action]
    return decided(lambda: decide_anchor(desk().analysis, int_field("beslut"), action, coder(),
                                         request.form.get("segment", "")), done, url_for("pages.revised"))


@pages.post("/ladda-ner/<name>")
def download(name: str):
    if name not in DOWNLOADS:
        abort(404)
    try:
        with desk().lock:
            path = write_download(desk().analysis, name, desk().out_dir)
            kept = list(desk().analysis.kept_edits)
    except DialogtoolError as error:
        flash(f"Filen kunde inte skapas: {error}")
        return redirect(url_for("pages.downloads"))
    for edited in kept:
        flash(f"Den tidigare filen var ändrad för hand och sparades som ”{edited.name}” i {desk().out_dir}.")
    return send_file(path, as_attachment=True, download_name=name)
