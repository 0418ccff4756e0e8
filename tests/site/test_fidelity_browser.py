"""Published exactly as approved, in a real browser: no stylesheet (the theme's or the site's) hides
anything inside a regulation's text on any page that shows one, and the text Chromium gives a reader
(innerText, after every style) is the text html.parser read in tests/site/test_fidelity.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.fidelity import extract, squeeze
from tests.site.test_browser import base_url  # noqa: F401  (the server; the browser is conftest.page)
from tests.testing import site_works as w
from tests.testing.sshkeys import Keys

# For each element of the text, and each element around it, what would hide it from a reader.
_HIDDEN = """
() => {
  const skip = '.headerlink, .governance-permalink, .governance-redline-status';
  const roots = [...document.querySelectorAll('.governance-text')];
  const hidden = (el) => {
    const s = getComputedStyle(el);
    const why = [];
    if (s.display === 'none') why.push('display');
    if (s.visibility !== 'visible') why.push('visibility');
    if (parseFloat(s.opacity) < 0.1) why.push('opacity');
    if (parseFloat(s.fontSize) < 6) why.push('font-size');
    if (s.color === 'rgba(0, 0, 0, 0)' || s.color === 'transparent') why.push('color');
    if (s.clipPath !== 'none' || s.clip.startsWith('rect')) why.push('clip');
    if (Math.abs(parseFloat(s.textIndent)) > 1000) why.push('text-indent');
    const box = el.getBoundingClientRect();
    if (el.textContent.trim() && (box.width === 0 || box.height === 0)) why.push('no box');
    return why.length ? `${el.tagName.toLowerCase()}.${el.className}: ${why.join(', ')}` : null;
  };
  const found = [];
  for (const root of roots) {
    for (let el = root; el && el !== document.body; el = el.parentElement) {
      const why = el.closest('details:not([open])') ? 'in a closed details' : hidden(el);
      if (why) found.push(why);
    }
    for (const el of root.querySelectorAll('*')) {
      if (el.closest(skip)) continue;
      const why = hidden(el);
      if (why) found.push(why);
    }
  }
  document.querySelectorAll(skip).forEach((el) => el.remove());
  return {found, texts: roots.map((root) => root.innerText)};
}
"""


def pages_showing_a_regulation(public: Path) -> list[str]:
    return sorted(
        path.parent.relative_to(public).as_posix() + "/"
        for path in (public / "regulations").rglob("index.html")
        if 'class="governance-text' in path.read_text(encoding="utf-8")
    )


def test_no_stylesheet_hides_the_text_and_the_browser_reads_what_was_approved(
    page: object,
    base_url: str,  # noqa: F811
    keys: Keys,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    built = w.build_governed_site(keys, tmp_path_factory)  # the session's one build, which base_url serves
    urls = pages_showing_a_regulation(built.public)
    assert len(urls) >= 8  # versions, main pages, the bilingual view and the redlines
    for url in urls:
        page.goto(base_url + url, wait_until="domcontentloaded")  # type: ignore[attr-defined]
        result = page.evaluate(_HIDDEN)  # type: ignore[attr-defined]
        assert result["found"] == [], (url, result["found"])
        read = extract((built.public / url / "index.html").read_text(encoding="utf-8")).texts
        assert [squeeze(text) for text in result["texts"]] == [squeeze(text) for text in read], url
    # The check can fail: one rule of a stylesheet that hides the text's paragraphs is seen.
    page.add_style_tag(content=".md-typeset .governance-text p { color: transparent }")  # type: ignore[attr-defined]
    assert page.evaluate(_HIDDEN)["found"]  # type: ignore[attr-defined]
