"""The navigation's sections titled by governance.yml's `sections:` (a governed change, as it changes
what readers see), Japanese titles included, built with `mkdocs build --strict`; a folder not named is
titled from its name, and a title is plain words."""

from __future__ import annotations

import pytest

from governance.config import parse_config
from governance.errors import GovernanceError
from tests.testing.governed import SEED, Governed
from tests.testing.site_works import mkdocs_build

SECTIONS = "sections:\n  hr: Human resources\n  hr/leave: 休暇\n  人事: 人事関係\n"


def _text(title: str) -> str:
    return SEED.replace("Bribery Prevention Regulations", title)


def test_the_sections_have_the_titles_governance_yml_gives(gov: Governed) -> None:
    config = (gov.path / "governance.yml").read_text("utf-8")  # the template's, which this one extends
    texts = {
        "regulations/hr/leave/annual.md": _text("Annual Leave Regulations"),
        "regulations/人事/就業規則.md": _text("就業規則"),
        "regulations/it-security/passwords.md": _text("Password Regulations"),
    }
    titled = config + SECTIONS
    approvals = [
        (f"BD-2026-{10 + n:03d}", path.removeprefix("regulations/").removesuffix(".md"), "enact", text)
        for n, (path, text) in enumerate(texts.items())
    ]
    gov.pull_request(
        "sections",
        "Enact three texts in folders; title the sections",
        files={**texts, "governance.yml": titled},
        approvals=(*approvals, ("BD-2026-020", "file:governance.yml", "amend", titled)),
    )
    gov.merge("sections")

    assert mkdocs_build(gov.path) == []  # --strict: not one warning

    page = (gov.path / "public/regulations/hr/leave/annual/index.html").read_text("utf-8")
    nav = page.split('class="md-nav', 1)[1]
    titles = [line.strip() for line in nav.splitlines()]
    for title in ("Human resources", "休暇", "人事関係", "It security"):  # the last: from the folder's name
        assert title in titles, title
    assert "Hr" not in titles and "Leave" not in titles and "人事" not in titles
    assert nav.index("Human resources") < nav.index("休暇") < nav.index("Annual Leave Regulations")


@pytest.mark.parametrize(
    ("sections", "says"),
    [
        ("  hr: <b>Human</b> resources\n", "contains '<'"),
        ("  hr/../finance: Finance\n", "is not a folder below the regulations folder"),
        ("  /hr: HR\n", "is not a folder below the regulations folder"),
        ('  hr: ""\n', "must be one line"),
    ],
)
def test_a_title_is_plain_words_for_a_folder(sections: str, says: str) -> None:
    with pytest.raises(GovernanceError) as refused:
        parse_config("sections:\n" + sections)
    assert says in refused.value.render()


def test_a_title_for_a_folder_without_texts_in_force_is_reported() -> None:
    from governance.site.shared_pages import untitled_sections

    titles = {"hr": "Human resources", "hr/leave": "休暇", "hr/leve": "Typo", "finance": "Finance"}
    assert untitled_sections(["hr/leave/annual", "policy"], titles) == ["finance", "hr/leve"]
