"""A record a pull request brings is refused by its size, from git's object header, before it is read:
a record of megabytes (an adversary's, or a mistake) costs the gate nothing and says what is wrong."""

from __future__ import annotations

from datetime import date

from governance import git
from governance.config import Config
from governance.gate import judge
from governance.gate.check import run_check
from governance.limits import MAX_YAML_BYTES, BeyondLimit
from tests.testing.gitrepo import AskedObjects
from tests.testing.governed import AMENDED, REGULATION, Governed, digest, record_text

TODAY = date(2026, 12, 1)


def test_a_record_beyond_the_yaml_limit_is_refused_unread(gov: Governed) -> None:
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    record = record_text("BD-2026-007", [("bribery-prevention", "amend", digest(AMENDED))])
    huge = record + "# " + "x" * MAX_YAML_BYTES + "\n"
    gov.record("BD-2026-007", huge)
    head = gov.repo.commit("Amend Article 7")

    report = run_check(gov.path, "main", "proposal", today=TODAY)

    refusal = (
        f"resolutions/BD-2026-007.yml: the record is {len(huge.encode()):,} bytes, larger than 4096 KiB "
        "(the limit on a YAML file); it was not read: a record is never that long"
    )
    assert not report.ok and refusal in report.violations
    base = gov.repo.git("merge-base", "main", head)
    objects = AskedObjects(gov.path)
    with objects:
        entries = [e for e in git.diff_tree(gov.path, base, head) if e.path.startswith("resolutions/")]
        added, _ = judge.record_entries(objects, entries, head, Config())
        [(_, content, _)] = added
        assert content == BeyondLimit(len(huge.encode()), MAX_YAML_BYTES)
        record_blob = gov.repo.git("rev-parse", f"{head}:resolutions/BD-2026-007.yml")
        assert record_blob not in objects.asked  # only its header was read
