"""The acknowledgement service's commands speak the user's language (issue 15): `governance db`, `roster
import`, `coverage`, `reminders`, `evidence` and `serve` in Japanese under ja_JP.UTF-8, English otherwise;
the CSV and JSON they write for programs stay as they are. Real commands on a real SQLite store."""

from __future__ import annotations

import ast
import errno
import os
import select
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from governance.promulgation.listening import bind_error
from tests.promulgation.servers import free_port
from tests.promulgation.test_cli import ROSTER, site  # noqa: F401 (fixture: a built site's catalog)

ROOT = Path(__file__).resolve().parents[2]
GOVERNANCE = str(Path(sys.executable).with_name("governance"))


def _run(lang: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.pop("GOVERNANCE_DATABASE", None)
    return subprocess.run(
        [GOVERNANCE, *args],
        env={**env, "LANG": lang, "GOVERNANCE_TODAY": "2027-01-15"},
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def _ja(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return _run("ja_JP.UTF-8", *args, cwd=cwd)


def test_the_store_the_roster_and_the_coverage_in_japanese(tmp_path: Path, site: Path) -> None:  # noqa: F811
    database = str(tmp_path / "acknowledgements.db")
    unready = _ja("db", "verify", "--database", database)
    assert unready.returncode == 2
    assert unready.stderr == (
        "エラー: データベースのスキーマは none ですが、このバージョンには 0005 が必要です。"
        "先に `governance db upgrade` を実行してください\n"
    )
    upgraded = _ja("db", "upgrade", "--database", database)
    assert (
        upgraded.returncode == 0 and upgraded.stdout.startswith("保存先 ") and "は最新です" in upgraded.stdout
    )

    hr = tmp_path / "hr.csv"
    hr.write_text(ROSTER + "dave,Dave,Acme Corp,,\nerin,Erin,iij,,2027-13-01\n", encoding="utf-8")
    bad = _ja("roster", "import", str(hr), "--database", database)
    assert bad.returncode == 2
    assert bad.stderr.splitlines() == [
        "エラー: 名簿に 2 件の問題があるため、何も取り込んでいません。直してから取り込み直してください:",
        f"{hr}:5: 会社 'Acme Corp' は会社の ID ではありません (英小文字、数字、'-' で、規程の applies_to での書き方と"
        "同じにしてください)",
        f"{hr}:6: joined '2027-13-01' は日付ではありません。YYYY-MM-DD で書いてください",
    ]
    hr.write_text("person,name,firm,extra\n", encoding="utf-8")
    header = _ja("roster", "import", str(hr), "--database", database)
    assert header.stderr == (
        f"エラー: {hr}:1: 列がありません: company。不明な列: firm, extra。列は person, name, company、"
        "任意で email, joined, language です\n"
    )
    hr.write_text(ROSTER, encoding="utf-8")
    imported = _ja("roster", "import", str(hr), "--database", database)
    assert imported.stdout == "2 社の 3 人を取り込みました: iij, iij-engineering\n", imported.stderr

    options = ["--database", database, "--site", str(site), "--today", "2027-01-15"]
    coverage = _ja("coverage", "--company", "iij", *options)
    assert coverage.stdout == (
        "iij  bribery-prevention  0/2 (0.0%)  2026-11-01 から施行、2026-10-01 から確認が必要\n"
    ), coverage.stderr
    unknown = _ja("coverage", "--company", "acme", *options)
    assert unknown.returncode == 2
    assert unknown.stderr == "エラー: 会社 'acme' は名簿にありません。名簿の会社: iij, iij-engineering\n"
    # CSV is for programs: its header stays as the columns are named.
    assert _ja("coverage", "--csv", *options).stdout.startswith("company,regulation,")

    verified = _ja("db", "verify", "--database", database)
    assert verified.stdout.startswith("確認 0 件のチェーンは無傷です。先頭 "), verified.stderr
    export = tmp_path / "export.csv"
    assert _ja("db", "export", "--out", str(export), "--database", database).stdout.startswith(
        f"{export} を書き込みました: 確認 0 件、チェーンの先頭 "
    )
    export.write_text(export.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    cut = _ja("db", "verify", "--export", str(export))
    assert cut.returncode == 1
    assert cut.stdout.startswith(
        "不完全: 出力は 1 行目で終わっていて、終わりの行 (end,<件数>,<先頭>) がありません"
    )

    english = _run("C.UTF-8", "coverage", "--company", "acme", *options)
    assert (
        english.stderr == "error: unknown company 'acme'; the roster's companies are: iij, iij-engineering\n"
    )


def test_reminders_evidence_and_serve_say_why_in_japanese(tmp_path: Path, site: Path) -> None:  # noqa: F811
    database = str(tmp_path / "acknowledgements.db")
    reminders = _ja("reminders", "--database", database, "--root", str(tmp_path))
    assert reminders.returncode == 2
    assert reminders.stderr == (
        "エラー: --smtp HOST[:PORT] と --sender ADDRESS を指定してください (対象者を見るだけなら --dry-run)\n"
    )
    evidence = _ja("evidence", "--database", database, "--root", str(tmp_path))
    assert evidence.stderr == "エラー: 期間を指定してください: --from YYYY-MM-DD --to YYYY-MM-DD\n"
    backwards = _ja("evidence", "--from", "2027-02-01", "--to", "2027-01-01", "--database", database)
    assert backwards.stderr == "エラー: --to 2027-01-01 が --from 2027-02-01 より前です\n"
    (tmp_path / "pack").mkdir()
    not_a_pack = _ja("evidence", "verify", str(tmp_path / "pack"))
    assert (
        not_a_pack.stderr
        == f"エラー: {tmp_path / 'pack'}: manifest.json がありません: 証跡パックではありません\n"
    )
    serve = _ja("serve", "--site", str(site), "--database", database, "--trusted-proxy", "proxy")
    assert serve.returncode == 2
    assert serve.stderr == (
        "エラー: --trusted-proxy: 'proxy' は IP アドレスでもネットワークでもありません (例: 127.0.0.1、10.0.0.0/8)\n"
    )
    unbuilt = _ja("serve", "--site", str(tmp_path / "none"), "--database", database, "--port", "0")
    assert unbuilt.stderr.endswith(
        "none に promulgation/catalog.json がありません。`mkdocs build` でビルドしてください "
        "(regulations プラグインが書きます)\n"
    ), unbuilt.stderr
    helped = _ja("db", "--help")
    assert "確認の記録の保存先: スキーマを作成・更新し、ハッシュチェーンを検証します。" in helped.stdout


def test_serve_says_where_it_serves_why_it_cannot_and_that_it_stopped_in_japanese(
    tmp_path: Path,
    site: Path,  # noqa: F811
) -> None:
    # What the operator reads on the console is ours: uvicorn says nothing below a warning.
    database = str(tmp_path / "acknowledgements.db")
    assert _ja("db", "upgrade", "--database", database).returncode == 0
    port = free_port()
    command = [GOVERNANCE, "serve", "--site", str(site), "--database", database, "--port", str(port)]
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    running = subprocess.Popen(command, env={**env, "LANG": "ja_JP.UTF-8"}, stderr=subprocess.PIPE, text=True)
    try:
        assert running.stderr is not None
        ready, _, _ = select.select([running.stderr], [], [], 60)
        assert ready, "governance serve said nothing within 60 s"
        started = running.stderr.readline()  # said once the port is bound, before the first request
        assert started == f"{site} を http://127.0.0.1:{port} で公開しています。Ctrl+C で停止します\n"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=30) as answer:
            assert answer.status == 200
        taken = _ja(*command[1:])  # the port is in use: one line, exit 2, not uvicorn's English and 3
        assert (taken.returncode, taken.stderr) == (
            2,
            f"エラー: 127.0.0.1:{port} で待ち受けできません: ほかのプログラムがそのポートを使っています "
            "(別の governance serve?)。それを止めるか、別の --port を指定してください\n",
        )
        english = _run("C.UTF-8", *command[1:])
        assert english.stderr == (
            f"error: cannot listen on 127.0.0.1:{port}: another program uses that port (another "
            "governance serve?); stop it, or give another --port\n"
        )
        elsewhere = _ja(*command[1:-1], "0", "--host", "192.0.2.1")  # TEST-NET-1: never this machine's
        assert elsewhere.stderr == (
            "エラー: 192.0.2.1:0 で待ち受けできません: 192.0.2.1 はこのマシンのアドレスではありません。"
            "--host にこのマシンのアドレスを指定してください (同じマシンのプロキシの後ろなら 127.0.0.1)\n"
        )
        unknown = _ja(*command[1:-1], "0", "--host", "nowhere.invalid")
        assert unknown.stderr == (
            "エラー: --host nowhere.invalid: その名前のアドレスはありません。"
            "このマシンのアドレス (127.0.0.1 など) を指定してください\n"
        )
        running.send_signal(signal.SIGINT)  # Ctrl+C
        assert running.wait(timeout=60) == 0
        assert running.stderr.read() == "停止しました\n"
    finally:
        running.kill()
        running.wait()


def test_a_port_the_user_may_not_open_is_said_with_what_to_do() -> None:
    # Root may open any port, as the tests run: the sentence is checked on the error bind() gives others.
    denied = bind_error("0.0.0.0", 443, OSError(errno.EACCES, "Permission denied"))
    assert denied == (
        "cannot listen on 0.0.0.0:443: this user may not open port 443 (below 1024 only the system may); "
        "give --port 1024 or above and let the proxy listen on 443"
    )
    assert bind_error("::1", 8000, OSError(errno.EMFILE, "x")) == (
        "cannot listen on [::1]:8000: Too many open files"
    )


def _english_only(node: ast.expr) -> bool:
    if isinstance(node, ast.BinOp):
        return _english_only(node.left) or _english_only(node.right)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(character.isalpha() for character in node.value)
    return isinstance(node, ast.JoinedStr) and any(
        isinstance(part, ast.Constant) and any(character.isalpha() for character in str(part.value))
        for part in node.values
    )


def test_every_line_the_service_s_commands_say_goes_through_the_catalogue() -> None:
    # What they echo, the errors they raise and the problems they list: never an English literal or
    # f-string (which would escape tests/cli/test_messages.py's check that every message is translated).
    paths = [
        ROOT / "governance" / "cli" / "promulgation.py",
        *(ROOT / "governance" / "promulgation").glob("*.py"),
    ]
    english: list[str] = []
    for path in sorted(paths):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            said: list[ast.expr] = []
            if isinstance(node, ast.Call) and node.args:
                callee = node.func
                name = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
                owner = (
                    callee.value.id
                    if isinstance(callee, ast.Attribute) and isinstance(callee.value, ast.Name)
                    else ""
                )
                if (
                    name in ("echo", "GovernanceError", "NotSetUp", "Unavailable", "NotWriting", "ValueError")
                    or (name in ("append", "extend") and owner == "problems")
                    or (name in ("error", "warning", "info", "exception") and owner == "_log")  # the log
                ):
                    said = [node.args[0]]
            english += [f"{path.relative_to(ROOT)}:{n.lineno}" for n in said if _english_only(n)]
    assert english == []
