"""A Japanese company's 就業規則 named as it names it (01_就業規則.md) on the built site (issue 15): its
page at a readable address (percent-encoded in links), its anchors (article-3_2, chapter-1,
supplementary-2), a strict build without a warning."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from tests.testing import site_works as w
from tests.testing.governed import BODIES, governed_copy
from tests.testing.sshkeys import Keys

RULES = (Path(__file__).parents[1] / "text" / "japanese_work_rules.md").read_text(encoding="utf-8")
RULES_PATH = "regulations/01_就業規則.md"
JAPANESE_BODIES = BODIES.replace(
    "{name: Board of Directors,", "{name: Board of Directors, names: {ja: 取締役会},"
)


@pytest.fixture(scope="module")
def public(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    gov = governed_copy(tmp_path_factory.mktemp("japanese-site"), keys, tmp_path_factory)
    gov.branch("japanese-names")
    gov.repo.write("resolutions/bodies.yml", JAPANESE_BODIES)
    gov.approve("BD-2026-091", "file:resolutions/bodies.yml", "amend", JAPANESE_BODIES, date="2026-09-01")
    gov.repo.commit("The board's Japanese name (BD-2026-091)")
    gov.merge("japanese-names")
    gov.branch("work-rules")
    gov.repo.write(RULES_PATH, RULES)
    gov.approve("BD-2026-090", "01_就業規則", "enact", RULES, date="2026-09-20")
    gov.repo.commit("Enact the work rules (BD-2026-090)")
    gov.merge("work-rules")
    warnings = w.mkdocs_build(gov.path)
    return gov.path / "public", warnings


def test_the_japanese_named_regulation_is_published_with_its_anchors(public: tuple[Path, list[str]]) -> None:
    site, warnings = public
    assert warnings == []
    page = (site / "regulations" / "01_就業規則" / "index.html").read_text(encoding="utf-8")
    for anchor in ("chapter-1", "chapter-2-section-1", "article-3_2", "article-3_2-1", "supplementary-2"):
        assert f'id="{anchor}"' in page, anchor
    assert "<title>就業規則" in page
    assert "取締役会の決議" in page and "Board of Directors" not in page.split('class="md-content"')[1]
    history = (site / "regulations" / "01_就業規則" / "history" / "index.html").read_text(encoding="utf-8")
    assert "BD-2026-090</a></span>（取締役会）" in history  # the resolution leads to its page, on one line
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="regulations/{quote("01_就業規則")}/"' in home  # percent-encoded, readable once decoded
