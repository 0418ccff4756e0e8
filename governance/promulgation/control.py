"""The acknowledge control on the main page of each regulation in force, when the site is built with the
service's address (the regulations plugin's `acknowledgements` option). Pure: what to insert where.

The control is a hidden section with the page's digest and its words in the page's language; the script
(assets/acknowledge.js, published by the plugin as a generated file) shows it only when the service
answers for a signed-in person on the roster.
"""

from __future__ import annotations

import html
import posixpath
from datetime import date
from importlib import resources

from governance.gate.works import Work
from governance.site.context import page_url, work_uri
from governance.site.timeline import view

SCRIPT_URI = "promulgation/acknowledge.js"
_WORDS = {
    "en": {
        "title": "Acknowledgement",
        "prompt": "Read the regulations above, then confirm:",
        "button": "I have read these regulations and will comply with them",
        "done": "You acknowledged this version on {date}.",
        "failed": "The acknowledgement could not be recorded; try again later.",
    },
    "ja": {
        "title": "確認",
        "prompt": "上の規程をお読みのうえ、確認してください。",
        "button": "この規程を読み、遵守します",
        "done": "この版を{date}に確認しました。",
        "failed": "確認を記録できませんでした。後ほどもう一度お試しください。",
    },
}


def script() -> str:
    return (resources.files("governance.promulgation") / "assets" / "acknowledge.js").read_text(
        encoding="utf-8"
    )


def acknowledgeable_pages(works: list[Work], today: date) -> dict[str, tuple[str, str, str]]:
    """Main page URI -> (digest, language, regulation id) of the text in force that it shows."""
    pages = {}
    for work in works:
        if not work.versions:
            continue
        work_view = view(work, today)
        current = work_view.current
        if current is not None and not work_view.rescinded:
            pages[work_uri(work.id)] = (current.version.digest, work_view.language, work.id)
    return pages


def control_html(digest: str, language: str, regulation: str, service: str) -> str:
    words = _WORDS.get(language.split("-")[0], _WORDS["en"])
    data = " ".join(f'data-{key}="{html.escape(words[key])}"' for key in ("prompt", "done", "failed"))
    return (
        f'<section class="governance-acknowledge" hidden style="display: none" aria-live="polite" lang="{html.escape(language)}" '
        f'data-service="{html.escape(service)}" data-digest="{html.escape(digest)}" '
        f'data-regulation="{html.escape(regulation)}" {data}>'
        f"<h2>{html.escape(words['title'])}</h2>"
        '<p class="governance-acknowledge__state"></p>'
        f'<button type="button" class="md-button md-button--primary" hidden style="display: none">{html.escape(words["button"])}</button>'
        "</section>"
    )


def with_control(
    output: str, page_uri: str, digest: str, language: str, regulation: str, service: str
) -> str:
    """The page's HTML with the control at the end of its article and the script before </body>."""
    article = output.rfind("</article>")
    body = output.rfind("</body>")
    if article < 0 or body < 0:
        return output
    script_url = posixpath.relpath(SCRIPT_URI, page_url(page_uri) or ".")
    tag = f'<script src="{html.escape(script_url)}" defer></script>'
    return (
        output[:article]
        + control_html(digest, language, regulation, service)
        + output[article:body]
        + tag
        + output[body:]
    )
