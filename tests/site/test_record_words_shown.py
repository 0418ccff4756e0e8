"""What a resolution record says in words (who recorded it, the employees' representative, the office
notified, the signer) is shown on its page as written, never obeyed: the real commands (git, `governance
init`, `resolution new --recorded-by`, `sign`, `check`, `audit`, `mkdocs build --strict`) publish a
recorded_by of `<img src=x onerror=...>` as text. Before, it reached the page's Markdown as HTML (and the
build's backstop, governance.site.active_markup.acting_in_generated, stopped the whole site)."""

from __future__ import annotations

from pathlib import Path

from governance.text.html import visible_text
from tests.testing.shell import run_as_user

RECORDED_BY = "<img src=x onerror=alert(1)> **Sato** [x](https://evil.example/) | 総務部"

SCRIPT = f"""
set -e
mkdir regulations
cp "$SEED" regulations/bribery-prevention.md
git init -q -b main && git add -A && git commit -qm "Regulations"
ssh-keygen -q -t ed25519 -N "" -C s@example.com -f "$HOME/key"
governance init --key "$HOME/key" --identity s@example.com --members 3
printf '%s\\n' 'site_name: Rules' 'docs_dir: resolutions' 'theme: {{name: material, font: false}}' \\
    'plugins: [search, regulations]' > mkdocs.yml
git add -A && git commit -qm "Adopt regulation governance"
git switch -q -c amend
sed -i 's/thorough research/thorough and documented research/' regulations/bribery-prevention.md
git commit -qam "Amend Article 6"
governance resolution new --id BD-2026-001 --body board-of-directors --date "$(date +%F)" \\
    --written-consent --recorded-by '{RECORDED_BY}'
governance resolution sign BD-2026-001 --key "$HOME/key"
git add -A && git commit -qm "Record BD-2026-001"
governance check --base main
git switch -q main && git merge -q --no-ff amend -m "Merge amend"
governance audit
mkdocs build --strict
"""


def test_recorded_by_is_shown_as_written(tmp_path: Path, seed_text: str) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    seed = tmp_path / "seed.md"
    seed.write_text(seed_text, encoding="utf-8")
    code, output = run_as_user(
        f"export SEED={seed}\n{SCRIPT}", repo, tmp_path, name="S", email="s@example.com"
    )
    assert code == 0, output
    page = (repo / "site" / "resolutions" / "BD-2026-001" / "index.html").read_text(encoding="utf-8")
    assert RECORDED_BY in visible_text(page)
    assert "onerror" not in page.replace("onerror=alert&#40;1&#41;", "")


BODY_NAME = "<img src=x onerror=alert(1)> Board & *Co* | (取締役会)"


def test_a_body_name_is_shown_as_written(tmp_path: Path, seed_text: str) -> None:
    """bodies.yml's names (init --body-name) reach every text's panel, the home page, what's new and the
    records' pages: as written, never as markup."""
    repo = tmp_path / "repo"
    (repo / "regulations").mkdir(parents=True)
    (repo / "regulations" / "bribery-prevention.md").write_text(seed_text, encoding="utf-8")
    script = f"""
    set -e
    git init -q -b main && git add -A && git commit -qm "Regulations"
    ssh-keygen -q -t ed25519 -N "" -C s@example.com -f "$HOME/key"
    governance init --key "$HOME/key" --identity s@example.com --members 3 --body-name '{BODY_NAME}'
    printf '%s\\n' 'site_name: Rules' 'docs_dir: resolutions' 'theme: {{name: material, font: false}}' \\
        'plugins: [search, regulations]' > mkdocs.yml
    git add -A && git commit -qm "Adopt regulation governance"
    mkdocs build --strict
    """
    code, output = run_as_user(script, repo, tmp_path, name="S", email="s@example.com")
    assert code == 0, output
    site = repo / "site"
    for page in ("index.html", "regulations/bribery-prevention/index.html", "whats-new/index.html"):
        assert BODY_NAME in visible_text((site / page).read_text(encoding="utf-8")), page
