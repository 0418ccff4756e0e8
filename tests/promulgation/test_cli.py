"""`governance db`, `roster import` and `coverage` as a compliance officer runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from governance.cli import main
from governance.promulgation.catalog import CATALOG_URI, catalog_json
from governance.promulgation.store import Store
from tests.promulgation import works as p

ROSTER = "person,name,company,email,joined\nalice@iij.example,Alice Abe,iij,,\nbob@iij.example,Bob Baba,iij,,2027-01-10\ncarol@eng.example,Carol Chiba,iij-engineering,,\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    path = tmp_path / "public" / CATALOG_URI
    path.parent.mkdir(parents=True)
    path.write_text(catalog_json(p.catalog()), encoding="utf-8")
    return tmp_path / "public"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_roster_and_coverage(database_url: str, site: Path, tmp_path: Path) -> None:
    assert run("db", "upgrade", "--database", database_url)[0] == 0
    hr = tmp_path / "hr.csv"
    hr.write_text(ROSTER, encoding="utf-8")
    assert run("roster", "import", str(hr), "--database", database_url) == (
        0,
        "imported 3 people of 2 companies: iij, iij-engineering\n",
    )
    store = Store(database_url)
    p.acknowledge(store, p.ALICE.person, p.catalog().resolve(p.EDITORIAL_DIGEST, p.TODAY))
    store.close()
    options = ["--database", database_url, "--site", str(site), "--today", "2027-01-15"]
    code, output = run("coverage", "--company", "iij", *options)
    assert (code, output) == (
        0,
        "iij  bribery-prevention  1/2 (50.0%)  in force since 2026-11-01, acknowledgement due since 2026-10-01\n",
    )
    assert run("coverage", "--missing", *options)[1].splitlines()[1:] == [
        "iij,bribery-prevention,bob@iij.example,Bob Baba,bob@iij.example,2027-01-10",
        "iij-engineering,bribery-prevention,carol@eng.example,Carol Chiba,carol@eng.example,2026-10-01",
        "iij-engineering,iij-engineering/remote-work,carol@eng.example,Carol Chiba,carol@eng.example,2026-04-01",
    ]
    assert run("db", "verify", "--database", database_url)[0] == 0


def test_a_bad_roster_changes_nothing(database_url: str, tmp_path: Path) -> None:
    run("db", "upgrade", "--database", database_url)
    hr = tmp_path / "hr.csv"
    hr.write_text(ROSTER, encoding="utf-8")
    run("roster", "import", str(hr), "--database", database_url)
    hr.write_text(ROSTER + "dave,Dave,Acme Corp,,\n", encoding="utf-8")
    code, output = run("roster", "import", str(hr), "--database", database_url)
    assert code == 2
    assert f"{hr}:5: company 'Acme Corp' is not a company id" in output
    store = Store(database_url)
    assert store.companies() == ["iij", "iij-engineering"]
    store.close()


def test_a_store_without_its_schema(tmp_path: Path) -> None:
    code, output = run("db", "verify", "--database", str(tmp_path / "new.db"))
    assert (code, output) == (
        2,
        "error: the database is at schema none, this version needs 0005; run `governance db upgrade` first\n",
    )


def test_a_store_missing_a_table_says_what_to_do(store: Store, site: Path) -> None:
    # Its schema says it is up to date, and a table is gone: no outage to wait out, a setup to mend.
    store.replace_roster(p.ROSTER)
    cascade = " CASCADE" if store.engine.dialect.name == "postgresql" else ""
    with store.engine.begin() as connection:
        connection.exec_driver_sql(f"DROP TABLE people{cascade}")
    code, output = run("coverage", "--database", store.url, "--site", str(site), "--today", "2027-01-15")
    assert code == 2
    assert output.startswith("error: the acknowledgement database is not set up for this version (")
    assert output.endswith(
        "); create or upgrade its tables with `governance db upgrade` (same --database), then start the "
        "service again\n"
    )
    assert output.count("\n") == 1  # one line, no traceback


def test_serve_without_a_built_site(tmp_path: Path) -> None:
    code, output = run("serve", "--site", str(tmp_path), "--database", str(tmp_path / "a.db"))
    assert code == 2
    assert "promulgation/catalog.json in the built site" in output


def test_the_acknowledgements_exported_and_verified_offline(store: Store, tmp_path: Path) -> None:
    store.replace_roster(p.ROSTER)
    catalog = p.catalog()
    p.acknowledge(store, p.ALICE.person, catalog.resolve(p.JA_DIGEST, p.TODAY))
    p.acknowledge(store, p.CAROL.person, catalog.resolve(p.OWN_DIGEST, p.TODAY))
    head = store.head()
    out = tmp_path / "acknowledgements.csv"
    assert run("db", "export", "--out", str(out), "--database", store.url) == (
        0,
        f"wrote {out}: 2 acknowledgement(s), chain head {head.hash}\n",
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "seq,person,company,regulation,digest,effective,language,read_digest,at,previous,hash"
    assert lines[1].startswith(
        f"1,alice@iij.example,iij,bribery-prevention,{p.AMENDED_DIGEST},2026-10-01,ja,"
    )
    assert run("db", "export", "--database", store.url)[1].splitlines() == lines  # to the standard output
    assert run("db", "verify", "--export", str(out)) == (
        0,
        f"the chain of 2 acknowledgement(s) is intact; head {head.hash}\n",
    )
    assert lines[3] == f"end,2,{head.hash}" and len(lines) == 4  # the closing line
    # Cut short anywhere (the database gone while it streamed, a copy stopped half-way): never vouched for.
    for kept in range(1, 4):
        out.write_text("\n".join(lines[:kept]) + "\n", "utf-8")
        code, output = run("db", "verify", "--export", str(out))
        assert (code, output) == (
            1,
            f"INCOMPLETE: the export ends at line {kept} without its closing line (end,<count>,<head>): it "
            "was cut short (the database went away while it was written, or the file was copied in part), "
            "so records may be missing; export again (`governance db export --out FILE`)\n",
        )
    # The last record taken out with the closing line kept: the rows no longer end where it says.
    out.write_text("\n".join([lines[0], lines[1], lines[3]]) + "\n", "utf-8")
    code, output = run("db", "verify", "--export", str(out))
    assert code == 1 and "TAMPERED: the export's closing line says 2 acknowledgement(s)" in output
    out.write_text("\n".join([*lines, lines[2]]) + "\n", "utf-8")
    code, output = run("db", "verify", "--export", str(out))
    assert code == 2 and "line 5: a line after the closing line" in output
    # Who acknowledged is changed in the export: its chain no longer holds.
    out.write_text(
        "\n".join([lines[0], lines[1].replace("alice@", "mallory@"), lines[2], lines[3]]) + "\n", "utf-8"
    )
    code, output = run("db", "verify", "--export", str(out))
    assert (code, output) == (
        1,
        "TAMPERED: acknowledgement 1 was edited after it was written (its hash does not match)\n",
    )
    out.write_text("seq,person\n1,alice\n", encoding="utf-8")
    code, output = run("db", "verify", "--export", str(out))
    assert code == 2 and "not an export of acknowledgements" in output


def test_a_company_s_default_language_is_set_once_with_the_roster(database_url: str, tmp_path: Path) -> None:
    run("db", "upgrade", "--database", database_url)
    hr, companies = tmp_path / "hr.csv", tmp_path / "companies.csv"
    hr.write_text(ROSTER, encoding="utf-8")
    companies.write_text("company,language\niij-engineering,ja\n", encoding="utf-8")
    code, output = run("roster", "import", str(hr), "--companies", str(companies), "--database", database_url)
    assert (code, output.splitlines()[-1]) == (0, "companies' default languages: iij-engineering=ja")
    # HR's next export, imported without the file: the companies' languages stay as they were set.
    assert run("roster", "import", str(hr), "--database", database_url)[0] == 0
    store = Store(database_url)
    assert store.company_languages() == {"iij-engineering": "ja"}
    store.close()
    # A wrong file: every wrong line named, nothing imported (the roster and the languages as they were).
    companies.write_text(
        "company,language\niij,fr\nacme,ja\niij-engineering,en\niij-engineering,ja\nIIJ Japan,ja\n",
        encoding="utf-8",
    )
    hr.write_text(ROSTER + "dave@iij.example,Dave Doi,iij,,\n", encoding="utf-8")
    code, output = run("roster", "import", str(hr), "--companies", str(companies), "--database", database_url)
    assert code == 2
    assert "the companies file has 4 problem(s), so nothing was imported" in output
    assert f"{companies}:2: language 'fr' is not one of en, ja" in output
    assert (
        f"{companies}:3: company 'acme' has nobody on the roster; import the roster with its people" in output
    )
    assert f"{companies}:5: iij-engineering is already on line 4; keep one line per company" in output
    assert f"{companies}:6: company 'IIJ Japan' is not a company id" in output
    companies.write_text("company,lang\niij,ja\n", encoding="utf-8")
    code, output = run("roster", "import", str(hr), "--companies", str(companies), "--database", database_url)
    assert (code, f"{companies}:1: the first line names the columns: company, language" in output) == (
        2,
        True,
    )
    store = Store(database_url)
    assert (len(store.people()), store.company_languages()) == (3, {"iij-engineering": "ja"})
    store.close()
    # An empty file (its header alone) clears them.
    companies.write_text("company,language\n", encoding="utf-8")
    assert run("roster", "import", str(hr), "--companies", str(companies), "--database", database_url)[0] == 0
    store = Store(database_url)
    assert (len(store.people()), store.company_languages()) == (4, {})
    store.close()
