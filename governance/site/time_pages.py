"""A regulation at a point in time: which text applied on a date, as legislation.gov.uk and eCFR answer
"what did it say on D?".

A static site cannot have a page per day, so the answer is one page per regulation (`on/`): a date
form whose URL (`on/?date=2025-06-30`) is a shareable link, a script that reads the periods written in
the page and goes to the version in force that day, and the same periods as a table for a reader
without scripts. Pure: a work's view in, a page out.
"""

from __future__ import annotations

import html

from governance.site.context import (
    Page,
    SiteContext,
    browser_link,
    front_matter,
    link,
    markdown_words,
    nowrap,
    resolution_link,
    version_uri,
    words,
    work_uri,
)
from governance.site.messages import format_date, message
from governance.site.script_data import json_script
from governance.site.timeline import WorkView, gaps

PERIODS_ID = "governance-periods"  # the JSON the script reads (governance/site/assets/point-in-time.js)


def on_date_page(work_view: WorkView, context: SiteContext) -> Page:
    work_id = work_view.work.id
    language = work_view.language
    uri = work_uri(work_id, "on.md")
    title = message(language, "on_title", title=work_view.title)
    spans = [span for span in work_view.spans if span.state != "superseded"]
    periods = [
        {
            "from": span.start.isoformat(),
            "to": span.end.isoformat() if span.end else None,
            "url": browser_link(uri, version_uri(work_id, span)),
        }
        for span in spans
    ]
    data = {
        "periods": periods,
        "before": message(language, "on_before", first="{first}"),
        "after": message(language, "on_rescinded", date="{date}"),
        "invalid": message(language, "on_invalid"),
        "rescinded": work_view.rescission.approval.effective.isoformat() if work_view.rescission else None,
        "gap": message(language, "on_gap", date="{date}", next="{next}"),
        "gaps": [{"from": start.isoformat(), "next": end.isoformat()} for start, end in gaps(work_view)],
    }
    first = spans[0].start.isoformat() if spans else ""
    lines = [
        f"# {markdown_words(title)}",
        "",
        words(language, "on_intro", today=context.today, url=link(uri, work_uri(work_id, "history.md"))),
        "",
        '<form class="governance-on-form" method="get">',
        f'<label for="governance-on-date">{html.escape(message(language, "on_label"))}</label>',
        f'<input type="date" id="governance-on-date" name="date" required min="{first}" '
        f'value="{context.today.isoformat()}">',
        f'<button type="submit" class="md-button md-button--primary">{html.escape(message(language, "on_submit"))}</button>',
        '<p class="governance-on-result" role="status" aria-live="polite"></p>',
        "</form>",
        "",
        # Inert data (never executed): the periods the script looks the date up in.
        json_script(PERIODS_ID, data),
        "",
        message(language, "on_periods"),
        "",
        message(language, "on_columns"),
        "| --- | --- | --- |",
    ]
    for span in reversed(spans):
        approval = span.version.approval
        period = (
            words(language, "on_period_from_to", start=span.start, end=span.end)
            if span.end
            else words(language, "on_period_from", start=span.start)
        )
        lines.append(
            f"| {period} | [{nowrap(span.slug)}]({link(uri, version_uri(work_id, span))}) | "
            f"{words(language, 'on_resolution', resolution=resolution_link(approval.resolution, uri, context), adopted=approval.date)} |"
        )
    for start, end in reversed(gaps(work_view)):
        gap = words(language, "on_gap", date=format_date(language, start), next=format_date(language, end))
        lines += ["", gap]
    if work_view.rescission is not None:
        effective = work_view.rescission.approval.effective
        lines += ["", words(language, "on_rescinded", date=format_date(language, effective))]
    return Page(uri, front_matter(title, searchable=False, language=language) + "\n".join(lines) + "\n")
