"""The Atom feed of adopted changes (feed.xml), for subsidiaries that subscribe instead of visiting."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

_ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class FeedEntry:
    id: str  # stable across builds: derived from the work and the resolution, never from the build time
    title: str
    link: str  # site-relative URL ("regulations/x/2027-01-01/redline/")
    updated: date
    summary: str


def atom_feed(entries: list[FeedEntry], *, title: str, site_url: str | None, updated: date) -> str:
    """An Atom 1.0 document. Without a site URL links stay relative, which readers resolve against
    the feed's own address (feed.xml sits at the site root)."""
    ET.register_namespace("", _ATOM)
    feed = ET.Element(f"{{{_ATOM}}}feed")
    _text(feed, "title", title)
    _text(feed, "id", f"{site_url.rstrip('/')}/feed.xml" if site_url else "urn:regulation-governance:feed")
    _text(feed, "updated", _timestamp(updated))
    author = ET.SubElement(feed, f"{{{_ATOM}}}author")
    _text(author, "name", title)
    if site_url:
        ET.SubElement(feed, f"{{{_ATOM}}}link", rel="self", href=f"{site_url.rstrip('/')}/feed.xml")
    for entry in entries:
        element = ET.SubElement(feed, f"{{{_ATOM}}}entry")
        _text(element, "id", entry.id)
        _text(element, "title", entry.title)
        _text(element, "updated", _timestamp(entry.updated))
        href = f"{site_url.rstrip('/')}/{entry.link}" if site_url else entry.link
        ET.SubElement(element, f"{{{_ATOM}}}link", rel="alternate", type="text/html", href=href)
        _text(element, "summary", entry.summary)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{_ATOM}}}{tag}").text = text


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
