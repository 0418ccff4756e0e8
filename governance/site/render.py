"""Render the site from the repository: the one function behind `governance render` and the MkDocs hook.

The pages are derived from main's audited history and are never committed; `render` writes them as
plain files (for review, or for a MkDocs project without the hook), replacing the output folder whole.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

import yaml

from governance import git
from governance.errors import GovernanceError
from governance.i18n import Message
from governance.records.before_adoption import parse_before_adoption
from governance.site.builder import Page, Site, SiteWords, build_site
from governance.site.context import EarlierText
from governance.site.embedding import expand
from governance.site.page_cache import PageCache
from governance.site.records_read import published_records

MARKER = ".governance-site"  # marks an output folder as ours, so replacing it never deletes user files
NAV_FILE = "nav.yml"


def render_site(
    root: Path,
    today: date,
    *,
    rev: str = "HEAD",
    site_url: str | None = None,
    words: SiteWords | None = None,
    cache: PageCache | None = None,
    emit: Callable[[Page], None] | None = None,
) -> Site:
    """The pages of the regulations as the audit of `rev` approved them. Raises GovernanceError when
    the audit fails: an unapproved text must never be published. The audit runs on every build; with a
    `cache`, the pages that do not depend on the date come from the last build when nothing else changed
    (governance.site.page_cache), and otherwise this build's are kept for the next, written as they are
    made. `emit`: given each page as it is made (build_site), instead of the Site's list."""
    from governance.gate.published import published_works  # the audit is heavy; load it only to render

    works = published_works(root, rev, today=today)
    records, required = published_records(root, rev)
    with contextlib.ExitStack() as stack:
        keep: list[Callable[[str, str], None]] = []

        def reuse(key: str) -> Mapping[str, str]:
            assert cache is not None
            kept = cache.load(key)
            stack.callback(kept.close)  # each page is read from the file when the build asks for it
            if not kept:  # a miss: this build's undated pages are kept for the next, as they come
                keep.append(stack.enter_context(cache.writer(key)))
            return kept

        return build_site(
            works,
            today,
            body_names=body_names(root, rev),
            body_translations=body_translations(root, rev),
            site_url=site_url,
            words=words,
            earlier=earlier_texts(root, rev),
            records=records,
            signatures_required=required,
            reuse=None if cache is None else reuse,
            keep=lambda uri, content: keep[0](uri, content) if keep else None,
            section_titles=section_titles(root, rev),
            emit=emit,
        )


def body_names(root: Path, rev: str = "HEAD") -> dict[str, str]:
    """Display names of the bodies ("Board of Directors"), from bodies.yml as of the audited revision:
    an uncommitted edit of the work tree must not put a name on a published page."""
    from governance.gate.rules import rules_at  # the gate's reader of config and bodies at one commit

    with git.Objects(root) as objects:
        rules = rules_at(objects, git.resolve_commit(root, rev))
    return {} if rules is None else {key: body.name for key, body in rules.bodies.items()}


def section_titles(root: Path, rev: str = "HEAD") -> dict[str, str]:
    """The navigation's section titles (governance.yml `sections:`), as of the audited revision: what
    readers see is governed, so an uncommitted edit does not reach them."""
    from governance.gate.rules import rules_at

    with git.Objects(root) as objects:
        rules = rules_at(objects, git.resolve_commit(root, rev))
    return {} if rules is None else dict(rules.config.sections)


def body_translations(root: Path, rev: str = "HEAD") -> dict[str, dict[str, str]]:
    """Each body's names in other languages (bodies.yml `names:`), as of the audited revision."""
    from governance.gate.rules import rules_at

    with git.Objects(root) as objects:
        rules = rules_at(objects, git.resolve_commit(root, rev))
    return {} if rules is None else {key: dict(body.names) for key, body in rules.bodies.items()}


def earlier_texts(root: Path, rev: str = "HEAD") -> dict[str, list[EarlierText]]:
    """The texts from before the adoption (`init --history`), as before-adoption.yml of the audited
    revision lists them, each read from git by its blob: a governed list of exactly what git holds."""
    from governance.gate.rules import rules_at

    with git.Objects(root) as objects:
        commit = git.resolve_commit(root, rev)
        rules = rules_at(objects, commit)
        if rules is None:
            return {}
        listed = objects.blob(f"{commit}:{rules.config.before_adoption_file}")
        if listed is None:
            return {}
        where = rules.config.before_adoption_file
        earlier: dict[str, list[EarlierText]] = {}
        for version in parse_before_adoption(listed.decode("utf-8", errors="replace"), where):
            content = objects.blob(version.blob)
            if content is None:
                raise GovernanceError(
                    Message("names blob {blob}, which this repository does not have", blob=version.blob),
                    path=where,
                )
            text = content.decode("utf-8", errors="replace")
            earlier.setdefault(version.regulation, []).append(EarlierText(version, text))
    return earlier


def write_site(out: Path, render: Callable[[Callable[[Page], None]], Site]) -> int:
    """Write the site `render` makes (render_site) into `out`, each page as `render` hands it over, and
    the nav file, replacing the folder's previous content in one rename, so a reader (or a concurrent
    build) never sees half a site. The number of pages written."""
    out = out.resolve()
    if out.exists() and not (out / MARKER).exists() and any(out.iterdir()):
        raise GovernanceError(
            Message(
                "the output folder exists and was not written by `governance render`; choose an empty or new "
                "folder (for example .generated/site)"
            ),
            path=out,
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        # The regulation text as a raw HTML block: a MkDocs project without the plugin shows it too.
        written = PageFiles(staging, transform=expand)
        site = render(written.add)
        (staging / NAV_FILE).write_text(
            yaml.safe_dump({"nav": site.nav}, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        (staging / MARKER).write_text(
            "generated by governance render; replaced on every run\n", encoding="utf-8"
        )
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            out.replace(old / "site")
        staging.replace(out)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(written.uris)


class PageFiles:
    """Pages written as files below `folder` as they come (`transform` applied to each), remembering only
    their URIs: what `governance render` writes (the MkDocs plugin holds its pages in one file instead:
    governance.site.spill)."""

    def __init__(self, folder: Path, transform: Callable[[str], str] = lambda content: content) -> None:
        self.folder = folder
        self.transform = transform
        self.uris: list[str] = []

    def add(self, page: Page) -> None:
        target = self.path(page.uri)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.transform(page.content), encoding="utf-8", newline="")
        self.uris.append(page.uri)

    def path(self, uri: str) -> Path:
        return self.folder / uri

    def read(self, uri: str) -> str:
        with self.path(uri).open(encoding="utf-8", newline="") as stream:
            return stream.read()
