"""The evidence pack signed (`evidence sign`, `evidence --sign-key`) and its signature checked by `evidence
verify --allowed-signers [--identity]`: real ssh-keygen keys and signatures, a real governed repository and
a real store (SQLite and PostgreSQL). Without a signature, whoever rewrote a pack's files and its manifest
together passed `verify` unless the repository and the store were given."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from governance.gate.published import published_works
from governance.i18n import reset_language
from governance.promulgation.catalog import build_catalog
from governance.promulgation.evidence import sha256
from governance.promulgation.pack_signature import NAMESPACE
from governance.promulgation.store import Store
from governance.records.signatures import verify_signature
from tests.promulgation import works as p
from tests.promulgation.test_evidence import PERIOD, amended, run  # noqa: F401 (the fixture)
from tests.testing.governed import JA, SEED, Governed, digest
from tests.testing.sshkeys import NAMESPACE as RECORDS_NAMESPACE
from tests.testing.sshkeys import Keys

SIGNER = "hanako.sato@example.com"


def _fingerprint(public: Path) -> str:
    out = subprocess.run(["ssh-keygen", "-l", "-f", str(public)], capture_output=True, check=True, text=True)
    return out.stdout.split()[1]


def _allowed(tmp_path: Path, keys: Keys) -> Path:
    """The keys allowed to sign packs: the secretary's, for the packs' namespace only."""
    path = tmp_path / "pack_signers"
    path.write_text(keys.secretary.allowed_signers(NAMESPACE), encoding="utf-8")
    return path


def _make(gov: Governed, store: Store, out: Path, *extra: str) -> str:
    store.replace_roster(p.ROSTER)
    catalog = build_catalog(published_works(gov.path, today=date(2027, 1, 15)))
    p.acknowledge(store, p.ALICE.person, catalog.resolve(digest(SEED), date(2026, 5, 1)))
    p.acknowledge(store, p.BOB.person, catalog.resolve(digest(JA), date(2026, 5, 2)))
    code, output = run(
        "evidence", *PERIOD, "--root", str(gov.path), "--database", store.url, "--out", str(out), *extra
    )
    assert code == 0, output
    return output


def _rewrite(pack: Path, name: str, data: bytes) -> None:
    """A file of the pack replaced and the manifest's hash of it with it: what only a signature catches."""
    (pack / name).write_bytes(data)
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"][name] = sha256(data)
    (pack / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", "utf-8")


def test_a_pack_signed_as_it_is_made_and_its_tampered_copies(
    amended: Governed,  # noqa: F811
    store: Store,
    keys: Keys,
    tmp_path: Path,
) -> None:
    pack = tmp_path / "pack"
    made = _make(amended, store, pack, "--sign-key", str(keys.secretary.private))
    key = _fingerprint(keys.secretary.public)
    assert f"signed {pack}/manifest.json with the key {key} (namespace governance-evidence-pack)" in made
    allowed = _allowed(tmp_path, keys)
    verify = ("evidence", "verify", "--allowed-signers", str(allowed))
    assert run(*verify, str(pack)) == (0, f"{pack}: intact, signed by {SIGNER} (key {key})\n")
    assert run(*verify, "--identity", SIGNER, str(pack))[0] == 0
    code, output = run(*verify, "--identity", "mallory@example.com", str(pack))
    assert code == 1
    assert "BAD SIGNATURE: manifest.json.sig is not a good signature of manifest.json" in output
    assert "does not verify as mallory@example.com's signature" in output
    assert "(mallory@example.com has no line for this key in the allowed signers file)" in output
    # Signed, but nothing to check the signature against: the pack cannot be judged (exit 2, one line).
    code, output = run("evidence", "verify", str(pack))
    assert code == 2
    assert output == (
        f"error: {pack}/manifest.json.sig: the files match the manifest, but whether the manifest is the one "
        "that was signed is not known: give --allowed-signers FILE (the keys allowed to sign evidence packs) "
        "to check its signature\n"
    )
    assert run("evidence", "verify", "--identity", SIGNER, str(pack))[0] == 2

    # A file changed (its hash in the manifest left alone): the files no longer match.
    changed = tmp_path / "changed"
    shutil.copytree(pack, changed)
    (changed / "evidence.pdf").write_bytes(b"%PDF-1.7 forged")
    code, output = run(*verify, str(changed))
    assert code == 1
    assert "MISMATCH: evidence.pdf: changed since the pack was made (sha256 differs)" in output

    # A file and the manifest rewritten together: every hash agrees, the signature does not.
    rewritten = tmp_path / "rewritten"
    shutil.copytree(pack, rewritten)
    _rewrite(rewritten, "evidence.pdf", b"%PDF-1.7 forged")
    code, output = run(*verify, str(rewritten))
    assert code == 1
    assert "MISMATCH" not in output
    assert "BAD SIGNATURE: manifest.json.sig is not a good signature of manifest.json" in output

    # The manifest alone changed (the board's votes), its signature kept.
    votes = tmp_path / "votes"
    shutil.copytree(pack, votes)
    manifest = json.loads((votes / "manifest.json").read_text(encoding="utf-8"))
    manifest["regulations"][0]["versions"][1]["resolution"]["votes"]["for"] = 9
    (votes / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    code, output = run(*verify, str(votes))
    assert code == 1
    assert "BAD SIGNATURE" in output

    # The allowed signers file lists the key for the records only: not a pack signer.
    records_only = tmp_path / "records_signers"
    records_only.write_text(keys.secretary.allowed_signers(RECORDS_NAMESPACE), encoding="utf-8")
    code, output = run("evidence", "verify", "--allowed-signers", str(records_only), str(pack))
    assert code == 1
    assert "BAD SIGNATURE" in output


def test_unsigned_signed_later_and_signatures_of_others(
    amended: Governed,  # noqa: F811
    store: Store,
    keys: Keys,
    tmp_path: Path,
) -> None:
    pack = tmp_path / "pack"
    made = _make(amended, store, pack)
    assert f"the pack is not signed: sign it with `governance evidence sign {pack} --key KEY`" in made
    allowed = _allowed(tmp_path, keys)
    root = ["--root", str(amended.path), "--database", store.url]
    for extra in ([], ["--allowed-signers", str(allowed)], root):
        code, output = run("evidence", "verify", *extra, str(pack))
        assert code == 1, output
        assert output == (
            "UNSIGNED: the pack is not signed (no manifest.json.sig): whoever rewrote its files and its "
            f"manifest together would pass these checks; have it signed (governance evidence sign {pack} --key "
            "KEY) and verify it with --allowed-signers FILE, the keys allowed to sign evidence packs\n"
        )

    # A signature by a key nobody allowed to sign packs.
    outsider = tmp_path / "outsider"
    shutil.copytree(pack, outsider)
    assert run("evidence", "sign", str(outsider), "--key", str(keys.outsider.private))[0] == 0
    code, output = run("evidence", "verify", "--allowed-signers", str(allowed), str(outsider))
    assert code == 1
    assert f"(key {_fingerprint(keys.outsider.public)})" in output
    assert "not made by a key listed in allowed_signers" in output

    # The allowed key's signature of the manifest in the records' namespace (a record signature's), even
    # where the allowed signers line restricts no namespace.
    other_namespace = tmp_path / "other-namespace"
    shutil.copytree(pack, other_namespace)
    signed = subprocess.run(
        ["ssh-keygen", "-Y", "sign", "-f", str(keys.secretary.private), "-n", RECORDS_NAMESPACE],
        input=(pack / "manifest.json").read_bytes(),
        capture_output=True,
        check=True,
    ).stdout
    (other_namespace / "manifest.json.sig").write_bytes(signed)
    any_namespace = tmp_path / "any_namespace"
    key_type, key, *_ = keys.secretary.public.read_text(encoding="utf-8").split()
    any_namespace.write_text(f"{SIGNER} {key_type} {key}\n", encoding="utf-8")
    for signers in (allowed, any_namespace):
        code, output = run("evidence", "verify", "--allowed-signers", str(signers), str(other_namespace))
        assert code == 1, output
        assert "BAD SIGNATURE" in output
        assert (
            run(
                "evidence",
                "verify",
                "--allowed-signers",
                str(signers),
                "--identity",
                SIGNER,
                str(other_namespace),
            )[0]
            == 1
        )

    # Signed later by the compliance officer, with their key checked against the packs' signers first.
    code, output = run(
        "evidence", "sign", str(pack), "--key", str(keys.outsider.private), "--allowed-signers", str(allowed)
    )
    assert code == 2
    assert "does not allow this key to sign evidence packs" in output
    assert not (pack / "manifest.json.sig").exists()
    code, output = run(
        "evidence", "sign", str(pack), "--key", str(keys.secretary.private), "--allowed-signers", str(allowed)
    )
    assert code == 0, output
    key_print = _fingerprint(keys.secretary.public)
    assert run("evidence", "verify", "--allowed-signers", str(allowed), str(pack)) == (
        0,
        f"{pack}: intact, signed by {SIGNER} (key {key_print})\n",
    )
    # A pack signature is no record signature, for the same key allowed in both namespaces.
    both = keys.secretary.allowed_signers(RECORDS_NAMESPACE) + keys.secretary.allowed_signers(NAMESPACE)
    manifest = (pack / "manifest.json").read_bytes()
    pack_signature = (pack / "manifest.json.sig").read_bytes()
    assert verify_signature(manifest, pack_signature, both, NAMESPACE).valid
    assert not verify_signature(manifest, pack_signature, both, RECORDS_NAMESPACE).valid
    assert not verify_signature(manifest, signed, both, NAMESPACE).valid
    # Never signed twice.
    code, output = run("evidence", "sign", str(pack), "--key", str(keys.secretary.private))
    assert code == 2
    assert "the pack is signed already; a signature is never replaced" in output


def test_sign_refuses_a_pack_that_no_longer_matches(
    amended: Governed,  # noqa: F811
    store: Store,
    keys: Keys,
    tmp_path: Path,
) -> None:
    pack = tmp_path / "pack"
    _make(amended, store, pack)
    (pack / "roster.csv").write_bytes(b"person,name,company,joined\n")
    code, output = run("evidence", "sign", str(pack), "--key", str(keys.secretary.private))
    assert code == 1
    assert "MISMATCH: roster.csv: changed since the pack was made (sha256 differs)" in output
    assert "not signed: the pack no longer matches its manifest; make the pack again" in output
    assert not (pack / "manifest.json.sig").exists()
    code, output = run("evidence", "sign", str(pack), "--key", str(tmp_path / "no-such-key"))
    assert code == 2
    code, output = run("evidence", "verify", "--allowed-signers", str(tmp_path / "nothing"), str(pack))
    assert code == 2
    assert output.startswith(f"error: {tmp_path / 'nothing'}: no such allowed signers file;")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_roster_in_the_pack_and_a_pack_made_before_it(
    amended: Governed,  # noqa: F811
    store: Store,
    keys: Keys,
    tmp_path: Path,
) -> None:
    pack = tmp_path / "pack"
    _make(amended, store, pack)
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == 2
    assert manifest["roster"] == {
        "file": "roster.csv",
        "people": 3,
        "columns": ["person", "name", "company", "joined"],
    }
    roster = (pack / "roster.csv").read_text(encoding="utf-8").splitlines()
    assert roster[0] == "person,name,company,joined"
    assert sorted(line.split(",")[2] for line in roster[1:]) == ["iij", "iij", "iij-engineering"]
    assert "@" not in "".join(line.split(",")[1] for line in roster[1:])  # no e-mail column
    assert manifest["files"]["roster.csv"] == sha256((pack / "roster.csv").read_bytes())

    # Someone of IIJ left off the roster (file and hash rewritten): the headcount no longer agrees.
    fewer = tmp_path / "fewer"
    shutil.copytree(pack, fewer)
    kept = [line for line in roster if not line.startswith(p.ALICE.person)]
    _rewrite(fewer, "roster.csv", ("\n".join(kept) + "\n").encode("utf-8"))
    code, output = run("evidence", "verify", str(fewer))
    assert code == 1
    assert "MISMATCH: roster.csv lists 2 people, the manifest says 3" in output
    # ... and the manifest's count with it: the coverage counted again from the file says 1, not 2.
    forged = json.loads((fewer / "manifest.json").read_text(encoding="utf-8"))
    forged["roster"]["people"] = 2
    (fewer / "manifest.json").write_text(json.dumps(forged), encoding="utf-8")
    code, output = run("evidence", "verify", str(fewer))
    assert code == 1
    assert "MISMATCH: coverage[0][3]: the pack says 2; made again from the pack's roster.csv: 1" in output

    # A coverage said complete that the roster does not allow.
    complete = tmp_path / "complete"
    shutil.copytree(pack, complete)
    forged = json.loads((complete / "manifest.json").read_text(encoding="utf-8"))
    forged["coverage"][1]["acknowledged"] = 5
    (complete / "manifest.json").write_text(json.dumps(forged), encoding="utf-8")
    code, output = run("evidence", "verify", str(complete))
    assert "MISMATCH: coverage: iij-engineering bribery-prevention: 5 acknowledged of 1 required" in output

    # A pack made before packs kept their roster: read as before, with a note of what is not checked.
    old = tmp_path / "old"
    shutil.copytree(pack, old)
    (old / "roster.csv").unlink()
    forged = json.loads((old / "manifest.json").read_text(encoding="utf-8"))
    forged["format"] = 1
    del forged["roster"]
    del forged["files"]["roster.csv"]
    (old / "manifest.json").write_text(json.dumps(forged, indent=1), encoding="utf-8")
    assert run("evidence", "sign", str(old), "--key", str(keys.secretary.private))[0] == 0
    code, output = run("evidence", "verify", "--allowed-signers", str(_allowed(tmp_path, keys)), str(old))
    assert code == 0, output
    assert output.startswith(
        'NOTE: the pack was made before packs kept their roster (format 1): the coverage\'s "required" counts '
        "are as the pack states them, not counted again"
    )
    assert output.endswith(f"{old}: intact, signed by {SIGNER} (key {_fingerprint(keys.secretary.public)})\n")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_report_in_its_reader_s_language(
    amended: Governed,  # noqa: F811
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """--language ja: the PDF's headings and sentences in Japanese; manifest.json and roster.csv English.
    Without it, the user's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)."""
    pack = tmp_path / "ja"
    _make(amended, store, pack, "--language", "ja")
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["language"] == "ja"
    version = manifest["regulations"][0]["versions"][1]
    assert version["resolution"]["signature"].startswith("signature verified: the key of ")
    text = _pdf_text(pack / "evidence.pdf")
    for said in (
        "周知の証跡 (2026-04-01 から 2027-03-31 まで)",
        "期間中に施行されていた版",
        "2027-03-31 時点の確認状況",
        "承認済み: ブランチのすべての変更に決議があります",
        "署名を検証済み: ",
        "軽微な改正: 新たな確認は不要",
    ):
        assert "".join(said.split()) in text, said
    assert "Versionsinforce" not in text

    english = tmp_path / "en"
    _make(amended, store, english, "--language", "en")
    assert "Versionsinforceduringtheperiod" in _pdf_text(english / "evidence.pdf")

    monkeypatch.setenv("LANGUAGE", "ja")
    reset_language()
    try:
        by_locale = tmp_path / "locale"
        _make(amended, store, by_locale)
    finally:
        monkeypatch.delenv("LANGUAGE")
        reset_language()
    assert json.loads((by_locale / "manifest.json").read_text(encoding="utf-8"))["language"] == "ja"
    assert "期間中に施行されていた版" in _pdf_text(by_locale / "evidence.pdf")


def _pdf_text(path: Path) -> str:
    """The text of every page without its blanks: table cells wrap Japanese anywhere."""
    return "".join("".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def test_a_file_beside_the_manifest_or_a_link_in_the_pack_is_a_mismatch(
    amended: Governed,  # noqa: F811
    store: Store,
    keys: Keys,
    tmp_path: Path,
) -> None:
    """The signature vouches for the files the manifest lists: a record added among the sources, or a file
    made a link (to identical bytes today, to whatever tomorrow), left the pack "intact, signed"."""
    pack = tmp_path / "pack"
    _make(amended, store, pack, "--sign-key", str(keys.secretary.private))
    verify = ("evidence", "verify", "--allowed-signers", str(_allowed(tmp_path, keys)))

    added = tmp_path / "added"
    shutil.copytree(pack, added)
    forged = (added / "sources" / "resolutions" / "BD-2026-007.yml").read_text(encoding="utf-8")
    (added / "sources" / "resolutions" / "BD-2026-099.yml").write_text(forged, encoding="utf-8")
    code, output = run(*verify, str(added))
    assert code == 1
    assert (
        "MISMATCH: sources/resolutions/BD-2026-099.yml: not in the manifest: added after the pack was made, "
        "and vouched for by nothing; remove it"
    ) in output

    linked = tmp_path / "linked"
    shutil.copytree(pack, linked)
    elsewhere = tmp_path / "elsewhere.pdf"
    shutil.copy(linked / "evidence.pdf", elsewhere)
    (linked / "evidence.pdf").unlink()
    (linked / "evidence.pdf").symlink_to(elsewhere)
    code, output = run(*verify, str(linked))
    assert code == 1
    assert "MISMATCH: evidence.pdf: a symbolic link, not a file of the pack" in output

    nested = tmp_path / "nested"
    shutil.copytree(pack, nested)
    (nested / "manifest.json").write_text("[" * 100_000, encoding="utf-8")
    code, output = run(*verify, str(nested))
    assert code == 2
    assert (
        output.startswith(f"error: {nested}/manifest.json: the manifest is not JSON: ")
        and output.count("\n") == 1
    )
