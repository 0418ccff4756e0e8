"""A Japanese company's 就業規則 named as it names it (01_就業規則.md) on the built site (issue 15): its
page at a readable address (percent-encoded in links), its anchors (article-3_2, chapter-1,
supplementary-2), a strict build without a warning."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from tests.testing import site_works as w
from tests.testing.governed import governed_copy
from tests.testing.sshkeys import Keys

RULES = (Path(__file__).parents[1] / "text" / "japanese_work_rules.md").read_text(encoding="utf-8")
RULES_PATH = "regulations/01_就業規則.md"


@pytest.fixture(scope="module")
def public(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    gov = governed_copy(tmp_path_factory.mktemp("japanese-site"), keys, tmp_path_factory)
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
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="regulations/{quote("01_就業規則")}/"' in home  # percent-encoded, readable once decoded
