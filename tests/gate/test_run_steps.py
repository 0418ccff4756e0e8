"""The words of a `run:` step that can name a repository path (governance.gate.run_steps): a table of
scripts as workflows write them, and a property that any text is read in one pass without failing."""

from __future__ import annotations

import os
import posixpath
import re
import subprocess

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from governance.gate.run_steps import ANYWHERE, GLOB, _ansi_c, named_paths, pattern_shown

# A package `python -m` imports on the way: its __init__ in every form (source, extension, sourceless,
# __pycache__), and the module of its name above it (p.py, p.cpython-311-x86_64-linux-gnu.so, ...).
_PACKAGE = "{p}/__init__.* {p}/__pycache__/__init__.* {p}.* " + "__pycache__/{p}.*"
_CUSTOMIZE = [
    f"**/{p}"
    for name in ("sitecustomize", "usercustomize")
    for p in (name, f"{name}.*", f"__pycache__/{name}.*")
]
_TOOL_ANYWHERE = ["**/tool", "**/tool.*", "**/__pycache__/tool.*"]


@pytest.mark.parametrize(
    ("script", "paths"),
    [
        ("./scripts/publish.sh", ["scripts/publish.sh"]),
        ("bash tools/x.sh --fast", ["tools/x.sh"]),
        ("python build.py", ["build.py"]),
        (
            '"$RUNNER_TEMP/venv/bin/python" scripts/release.py dist/*.whl',
            ["scripts/release.py", "dist/*.whl"],  # the runner's folder: outside the checkout
        ),
        # A variable or an expression stands for a name as a glob's pattern does; before a `/`, a folder
        ('bash "$GITHUB_WORKSPACE/scripts/x.sh" scripts/$NAME.sh', ["**/scripts/x.sh", "scripts/*.sh"]),
        (
            '"${{ github.workspace }}/scripts/x.sh"; python "$SCRIPT"',
            ["**/scripts/x.sh"],
        ),  # only a variable: no
        (
            "python3 -m tools.build",
            [
                *_PACKAGE.format(p="tools").split(),
                "tools/build",
                "tools/build.*",
                "tools/__pycache__/build.*",
            ],
        ),
        (
            "python -m a.b.c",
            [
                *_PACKAGE.format(p="a").split(),
                "a/b/__init__.*",
                "a/b/__pycache__/__init__.*",
                "a/b.*",
                "a/__pycache__/b.*",
                "a/b/c",
                "a/b/c.*",
                "a/b/__pycache__/c.*",
            ],
        ),
        ("python -m build", ["build", "build.*", "__pycache__/build.*"]),
        (
            "python -mtools.x",
            [*_PACKAGE.format(p="tools").split(), "tools/x", "tools/x.*", "tools/__pycache__/x.*"],
        ),  # one word, as -m x
        ("python -IBm x", ["x", "x.*", "__pycache__/x.*"]),  # short options sharing a word
        ("python -W ignore -m x", ["x", "x.*", "__pycache__/x.*"]),  # -W's value is no script
        ("python -X dev -Werror build.py out/log.txt", ["build.py", "out/log.txt"]),
        ("python --check-hash-based-pycs always build.py", ["build.py"]),
        ("python -- build.py", ["build.py"]),
        ('python -m "$MODULE"', []),  # made at run time
        ("python -m " + "a." * 40 + "b", ["a", "a.*", "__pycache__/a.*"]),  # so deep a name: its top folder
        ("python3 -c 'open(\"secret.txt\")'", []),  # Python code: not read here
        ("bash deploy", ["deploy"]),  # an interpreter's script, bare
        ("source .env", [".env"]),
        ("make publish", ["Makefile", "makefile", "GNUmakefile"]),
        (
            "make -C site -f rules.mk",
            ["site/Makefile", "site/makefile", "site/GNUmakefile", "rules.mk", "site/rules.mk"],
        ),
        ("npm ci && npx build", ["package.json"]),
        ('bash -c "cd a && ./b.sh"', ["b.sh", "a/b.sh"]),  # a/b.sh, or b.sh if the cd failed
        ("sudo -E ./deploy", ["deploy"]),
        ('FILE=./x.sh bash "$FILE"', ["x.sh"]),
        ("pip install --requirement=reqs/ci.txt", ["reqs/ci.txt"]),
        ("cat scripts/*.sh | sh", ["scripts/*.sh"]),
        ("./a.sh \\\n  && ./b.sh; ./c.sh # ./d.sh", ["a.sh", "b.sh", "c.sh"]),
        ('echo "publishing to https://example.com/x.sh"', []),
        ("cat /etc/passwd ../outside.sh ~/.ssh/id", []),  # outside the repository
        ("echo hello world", []),
        ("git merge --no-ff main", []),
        # A here-document's body is data: its apostrophe opens no quote over the lines after it.
        (
            "cat <<EOF >> $GITHUB_STEP_SUMMARY\nThe site's build\nEOF\n./scripts/publish.sh\necho 'done'",
            ["scripts/publish.sh"],
        ),
        ("cat <<-'EOF' > notes; ./a.sh\n\tdon't\n\tEOF\n./b.sh", ["a.sh", "b.sh"]),
        ("cat <<A <<\"B\"\nit's\nA\nit's\nB\n./c.sh", ["c.sh"]),
        ("bash <<EOF\n./inside.sh\nEOF\n./after.sh", ["after.sh", "inside.sh"]),  # a body may be a script
        ("echo $((1<<2)) 'x'\n./d.sh", ["d.sh"]),  # a shift, not a here-document: nothing lost either way
        ("bash <<< './e.sh'; ./f.sh", ["e.sh", "f.sh"]),  # a here-string
        # A `${{ }}` expression's value is written into the script by GitHub: the folder before it is named.
        ("./scripts/deploy-${{ inputs.environment }}.sh", ["scripts/deploy-*.sh"]),
        ("./x-${{ inputs.environment }}.sh", ["x-*.sh"]),  # at the root too
        ("bash \"tools/${{ matrix.os }}/x.sh\" '${{ inputs.y }}'", ["tools/*"]),
        ("echo ${{ github.sha }} > out; ./a.sh", ["a.sh"]),
        # bash's $'...' (its escapes decoded) and $"...", and a backslash-newline inside double quotes.
        ("$'./x.sh'", ["x.sh"]),
        # the last as PowerShell reads a backslash: a folder's separator
        ("bash $'tools/x\\x2esh' $'\\x2e/y.sh'", ["tools/x.sh", "y.sh", "tools/x/x2esh"]),
        ("$'./\\u00e9.sh\\0./other.sh'", ["\u00e9.sh", "u00e9.sh/0./other.sh"]),  # a NUL ends bash's string
        ('$"./loc.sh"', ["loc.sh"]),
        ('"./scr\\\nipt.sh" "./a\\b.sh"', ["script.sh", "a\\b.sh", "a/b.sh"]),  # \\b stays inside "..."
        # Windows runners' shells: a backslash separates folders; PowerShell's cd
        (".\\scripts\\x.ps1", [".scriptsx.ps1", "scripts/x.ps1"]),
        ("Set-Location tools; ./x.ps1", ["x.ps1", "tools/x.ps1"]),
        # -c among a shell's short options, make's folder in one word, a script read by a redirection
        ("bash -ec './x.sh'; sh -xc 'bash y'", ["x.sh", "y"]),
        (
            "make --directory=web; make -Capp",
            [f"{f}/{m}" for f in ("web", "app") for m in ("Makefile", "makefile", "GNUmakefile")],
        ),
        ("bash < x.sh", ["x.sh"]),
        ("echo $$'./x.sh'", []),  # the shell's process id, then the text
        # Globs: the name a pattern stands for, by its text before and after the pattern, at any folder.
        ("for f in ./*.sh; do $f; done", ["*.sh"]),
        ("bash ./x-{a,b}.sh", ["x-*"]),  # a brace may hold a '/': nothing after it is known
        ("echo {1..3} *", []),  # no path
        ("sh x*/../y.sh", ["**/*"]),  # a pattern that leaves its folder: anywhere
        # A literal cd: read from where it goes, and from where it was (it may fail, or be in a subshell).
        ("cd scripts && ./x.sh", ["scripts/x.sh", "x.sh"][::-1]),
        (
            "cd web\nnpm ci\npushd tools; make; popd",
            ["package.json", "web/package.json"]
            + [
                f"{folder}{name}"
                for name in ("Makefile", "makefile", "GNUmakefile")
                for folder in ("", "web/", "tools/", "web/tools/")
            ],
        ),
        ("pushd ../tools; ./x.sh", ["**/x.sh"]),  # out of the checkout: anywhere
        (
            "cd sub; python -m tool",
            ["tool", "sub/tool", "tool.*", "sub/tool.*", "__pycache__/tool.*", "sub/__pycache__/tool.*"],
        ),
        # A folder known only when it runs: every path the word may end.
        ('cd "$DIR" && ./scripts/x.sh', ["**/scripts/x.sh"]),
        ("cd /srv/app; ./x.sh; cd -", ["**/x.sh"]),
        ("cd; bash ../run.sh", ["**/run.sh"]),
        ("cd ..; cd policies; ./x.sh", ["**/x.sh"]),  # out of the checkout, and maybe back
        ("source .venv/bin/activate; ./x.sh", [".venv/bin/activate", "**/x.sh"]),  # it may cd
        ("for d in a b; do ./x.sh; cd sub; done", ["**/x.sh"]),  # the second time round, sub/x.sh
        ("f() { ./x.sh; }; cd sub; f", ["**/x.sh"]),
        ('make -C "$D"', ["**/Makefile", "**/makefile", "**/GNUmakefile"]),
        ("eval 'cd sub && ./x.sh'", ["x.sh", "sub/x.sh"]),  # eval's words read as a script
        # Programs that run another: their options read, the program they run read as a command.
        ("timeout 10 bash deploy", ["deploy"]),
        ("sudo -u root bash deploy", ["deploy"]),
        ("stdbuf -oL python3 -m tool", ["tool", "tool.*", "__pycache__/tool.*"]),
        ("env -C web ./build.sh", ["build.sh", "web/build.sh"]),
        ('env --chdir="$D" ./build.sh', ["**/build.sh"]),
        ("env -S 'bash deploy' x", ["deploy"]),
        ("npm --prefix web ci; yarn --cwd=app build", ["web/package.json", "app/package.json"]),
        ("find . -name '*.md' -print; ./x.sh", ["*.md", "x.sh"]),  # `.` here is no `source`
        ("find scripts -exec bash {} \\;", ["*"]),  # bash runs names known only then
        # Where a step finds what it runs: PYTHONPATH's folders, PATH's, a Python of the checkout.
        (
            "PYTHONPATH=src python -m tool",
            [*_CUSTOMIZE, "tool", "tool.*", "__pycache__/tool.*", *_TOOL_ANYWHERE],
        ),
        ('export PATH="$PWD/bin:$PATH"; echo go; mytool', ["**/bin:*", "**/mytool"]),
        ('echo "$PWD/bin" >> "$GITHUB_PATH"; mytool', ["**/bin", "**/mytool"]),
        ('echo "$RUNNER_TEMP/venv/bin" >> "$GITHUB_PATH"; mytool', []),  # the runner's folder on PATH
        ('RUNNER_TEMP=.; "$RUNNER_TEMP/x.sh"', ["**/x.sh"]),  # the runner's folder, set by the script
        # Names fed by xargs, files find runs, the files a tool reads from its folder without naming them
        ("git ls-files '*.sh' | xargs -n1 bash", ["*.sh", "**/*"]),
        ("find . -name '*.sh' -exec {} \\;", ["**/*", "*.sh"]),
        (
            "cd web && just build",
            ["justfile", "web/justfile", "Justfile", "web/Justfile", ".justfile", "web/.justfile"],
        ),
        (
            "timeout 600 pytest -q",
            [
                "pytest.ini",
                "pyproject.toml",
                "tox.ini",
                "setup.cfg",
                "**/conftest.py",
                "**/test_*.py",
                "**/*_test.py",
            ],
        ),
        (
            "docker compose up -d",
            ["docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml"],
        ),
        ("docker build -t app:1 --build-arg X=1 web", ["web/Dockerfile", "web/.dockerignore"]),
        ('docker buildx build -f ci/Containerfile "$CTX"', ["ci/Containerfile", "**/Dockerfile"]),
        ("${{ inputs.command }} --fast", ["**/*"]),  # a command GitHub writes in: any file
        ("cat >> notes <<EOF\n${{ steps.log.outputs.text }}\nEOF\n./a.sh", ["a.sh"]),  # a body's line: data
        (
            ".venv/bin/python build.py",
            [".venv/bin/python", ".venv/pyvenv.cfg", ".venv/lib", ".venv/lib64", "build.py"],
        ),
        ("CDPATH=.:tools; cd x && ./y.sh", ["**/y.sh"]),
        # An option's value in a word with a pattern or an expansion before its `=`: the value's own path
        # (a ValueError's traceback took the gate down before).
        ("echo --a*=x/y.sh", ["x/y.sh"]),
        ("tool --${{ matrix.o }}=cfg/a.yml", ["cfg/a.yml"]),
        ("cmake -D$VAR=build/x.txt", ["build/x.txt"]),
    ],
)
def test_the_paths_a_script_names(script: str, paths: list[str]) -> None:
    assert [pattern_shown(path) for path in named_paths(script)] == paths


_PIECES = [
    *"ab./-_ \n\t;&|()<>`'\"\\$*?[#=~",
    "bash ",
    "python ",
    "-c ",
    "-m ",
    "-W ",
    "-Im",
    "--",
    "make ",
    "npm ",
    "<<",
    "<<-",
    "EOF",
    "cd ",
    "pushd ",
    "{",
    "}",
    "for ",
    "eval ",
    "source ",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=200).map("".join))
def test_any_script_is_read_without_failing_and_names_only_paths_inside(script: str) -> None:
    for path in named_paths(script):
        assert path == posixpath.normpath(path)
        assert path not in (".", "..") and not path.startswith(("/", "../"))
        parts = path.split("/")
        inner = parts[1:-1] if parts[0] == ANYWHERE else parts[:-1]
        assert all(GLOB not in part for part in inner)  # a pattern only in the last part
        assert parts[-1].count(GLOB) <= 1 and (len(parts) > 1 or parts[0] != ANYWHERE)


_ANSI_PIECES = [
    *"a/.é07f8Fc?@e",
    "\\x",
    "\\u",
    "\\U",
    "\\c",
    "\\0",
    "\\",
    "\\'",
    '"',
    "\\\\",
    "D8",
    "7FFFFFFF",
    "110000",
    "\\n",
    "\\E",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_ANSI_PIECES), max_size=12).map("".join))
def test_ansi_c_quotes_are_read_as_bash_reads_them(text: str) -> None:
    """`$'...'` decoded as real bash decodes it (byte for byte, in the runner's UTF-8 locale): escapes
    of bytes, code points beyond Unicode, control characters, a NUL ending the string."""
    assume(re.fullmatch(r"(?:[^'\\]|\\.)*", text, re.DOTALL))  # the quote as bash's lexer closes it
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    printed = subprocess.run(
        ["bash", "-c", f"printf %s $'{text}'"], capture_output=True, check=True, env=env
    ).stdout

    assert _ansi_c(text).encode("utf-8", "surrogateescape") == printed


_MOVES = ["cd a", "cd b", "cd ..", "cd repo", "pushd a", "popd", "cd -", "cd a/b", "true", "false"]
_RUNS = ["./x.sh", "bash x.sh", "sh ./x.sh", "bash ./b/x.sh", "./a/x.sh"]
_JOINS = ["; ", " && ", " || ", "\n"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_MOVES + _RUNS), st.sampled_from(_JOINS), st.booleans()),
        min_size=1,
        max_size=12,
    )
)
def test_every_script_bash_runs_after_cds_is_one_the_reader_names(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, str, bool]]
) -> None:
    """Real bash runs the script in a tree where each x.sh says where it is: every one it ran in the
    checkout is one the reader names (cds followed, failed, in subshells, out of the checkout and back)."""
    from governance.gate.local_actions import RunUse, _index_of, _matching

    outer = tmp_path_factory.mktemp("outer")
    root = outer / "repo"
    for folder in (outer, root, root / "a", root / "b", root / "a" / "b", root / "b" / "a"):
        folder.mkdir(exist_ok=True)
        file = folder / "x.sh"
        file.write_text(f'#!/bin/sh\necho "{folder.relative_to(outer)}/x.sh" >> "{outer}/ran"\n')
        file.chmod(0o755)
    pieces = [f"( {command} )" if subshell else command for command, _, subshell in steps]
    script = pieces[0] + "".join(join + piece for piece, (_, join, _) in zip(pieces[1:], steps, strict=False))
    subprocess.run(["bash", "-c", script], cwd=root, capture_output=True, check=False, timeout=30)
    ran = (outer / "ran").read_text().split() if (outer / "ran").exists() else []

    index = _index_of([RunUse("w", 1, path) for path in named_paths(script)])
    for path in ran:
        if path.startswith("repo/"):
            assert _matching(index, path.removeprefix("repo/")) is not None, (script, path)
