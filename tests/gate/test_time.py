"""Time only moves forward: an amendment or rescission may not take effect before the version it changes
took effect, nor be dated before the resolution of that version. Refused by the check, the audit and an
audit that starts from a trusted commit, with a reason naming both dates; the legitimate flows pass."""

from __future__ import annotations

from datetime import date

from governance.gate.audit import run_audit
from governance.gate.check import run_check
from tests.testing.governed import AMENDED, REGULATION, SEED, Governed, digest, record_text, with_effective

TODAY = date(2026, 12, 1)
AMENDED_AGAIN = AMENDED.replace("and the law.", "and the applicable law.")


def amend(gov: Governed, ident: str, text: str, *, dated: str, effective: str | None = None) -> None:
    """A branch `ident` from main amending the seed to `text`, with its signed record."""
    gov.branch(ident)
    gov.repo.write(REGULATION, text)
    record = record_text(ident, [("bribery-prevention", "amend", digest(text))], date=dated)
    gov.record(ident, with_effective(record, effective) if effective else record)
    gov.repo.commit(f"Amend ({ident})")


def test_an_amendment_effective_before_the_version_it_changes_is_refused(gov: Governed) -> None:
    # In force from 2027-04-01 (adopted 2026-11-20): a later amendment may not take effect before that.
    amend(gov, "BD-2026-007", AMENDED, dated="2026-11-20", effective="2027-04-01")
    gov.merge("BD-2026-007")
    amend(gov, "BD-2026-008", AMENDED_AGAIN, dated="2026-11-25", effective="2026-12-15")

    report = run_check(gov.path, "main", "BD-2026-008", today=TODAY)

    assert not report.ok
    [verdict] = report.verdicts
    [reason] = verdict.reasons
    assert reason == (
        "BD-2026-008 amends bribery-prevention with effect from 2026-12-15, before the version it changes "
        "took effect (2027-04-01, by BD-2026-007); give it an effective date on or after 2027-04-01"
    )
    gov.merge("BD-2026-008")
    [bad] = run_audit(gov.path, "main", today=TODAY).bad_commits
    assert bad.subject == "Merge BD-2026-008" and reason in bad.verdicts[0].reasons
    since = gov.repo.git("rev-parse", "main~1")  # an audit that trusts everything before the merge
    [bad] = run_audit(gov.path, "main", today=TODAY, since=since).bad_commits
    assert reason in bad.verdicts[0].reasons


def test_an_amendment_dated_before_the_record_of_the_version_it_changes_is_refused(gov: Governed) -> None:
    # The baseline adopted the seed on 2026-01-05; a resolution of 2025-12-01 cannot have amended it.
    amend(gov, "BD-2025-009", AMENDED, dated="2025-12-01", effective="2026-02-01")

    report = run_check(gov.path, "main", "BD-2025-009", today=TODAY)

    [verdict] = report.verdicts
    assert verdict.reasons == (
        "BD-2025-009 amends bribery-prevention by a resolution dated 2025-12-01, before the resolution of "
        "the version it changes (BL-2026-001 of 2026-01-05); a decision cannot change a text before that "
        "text was approved",
    )


def test_a_rescission_effective_before_the_version_it_rescinds_is_refused(gov: Governed) -> None:
    amend(gov, "BD-2026-007", AMENDED, dated="2026-11-20", effective="2027-04-01")
    gov.merge("BD-2026-007")
    gov.branch("rescind")
    gov.repo.remove(REGULATION)
    record = record_text(
        "BD-2026-010", [("bribery-prevention", "rescind", digest(AMENDED))], date="2026-11-25"
    )
    gov.record("BD-2026-010", with_effective(record, "2027-01-01"))
    gov.repo.commit("Rescind")

    [verdict] = [v for v in run_check(gov.path, "main", "rescind", today=TODAY).verdicts if not v.covered]
    assert verdict.reasons[0].startswith(
        "BD-2026-010 rescinds bribery-prevention with effect from 2027-01-01, before the version it changes "
        "took effect (2027-04-01, by BD-2026-007)"
    )


def test_amendments_that_move_forward_pass_the_check_and_the_audit(gov: Governed) -> None:
    amend(gov, "BD-2026-007", AMENDED, dated="2026-11-20", effective="2027-04-01")
    gov.merge("BD-2026-007")
    # On the very day the version it changes takes effect, and adopted the same day as that version.
    amend(gov, "BD-2026-008", AMENDED_AGAIN, dated="2026-11-20", effective="2027-04-01")

    assert run_check(gov.path, "main", "BD-2026-008", today=TODAY).ok
    gov.merge("BD-2026-008")
    # Back to the seed's text: the latest record of the text changed is what counts, not the baseline.
    amend(gov, "BD-2026-011", SEED, dated="2026-11-30", effective="2027-05-01")
    assert run_check(gov.path, "main", "BD-2026-011", today=TODAY).ok
    gov.merge("BD-2026-011")
    assert run_audit(gov.path, "main", today=TODAY).ok


def test_the_version_in_force_is_found_whatever_way_its_record_spells_the_digest(gov: Governed) -> None:
    # The check reads only the base's records whose bytes name the changed text's digest; YAML can also
    # spell it with an escape ("\x35..."), which such a record must not use to hide the version's date.
    gov.branch("BD-2026-007")
    gov.repo.write(REGULATION, AMENDED)
    hex_digits = digest(AMENDED).removeprefix("sha256:")
    escaped = f'"sha256:\\x{ord(hex_digits[0]):02x}{hex_digits[1:]}"'
    record = record_text("BD-2026-007", [("bribery-prevention", "amend", digest(AMENDED))], date="2026-11-20")
    gov.record("BD-2026-007", with_effective(record, "2027-04-01").replace(digest(AMENDED), escaped))
    gov.repo.commit("Amend (BD-2026-007)")
    gov.merge("BD-2026-007")
    amend(gov, "BD-2026-008", AMENDED_AGAIN, dated="2026-11-25", effective="2026-12-15")

    [verdict] = run_check(gov.path, "main", "BD-2026-008", today=TODAY).verdicts

    assert verdict.reasons[0].startswith(
        "BD-2026-008 amends bribery-prevention with effect from 2026-12-15, before the version it changes "
        "took effect (2027-04-01, by BD-2026-007)"
    )
