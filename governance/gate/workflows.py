"""The GitHub workflows of an adopting repository (`governance init --github`): the gate and the
publication, as this project's own .github/workflows/gate.yml and publish.yml do them, with the tool
installed from its released wheel, pinned by URL and sha256 (a repository of policies holds no copy of
the tool's source to pin a commit of).

The properties are the project's: the gate runs on pull_request_target (the default branch's definition
judges, never the pull request's), refuses any base but the protected branch, reads the pull request's
commits as data (merged into the current tip, no file of them installed, run or imported:
PYTHONSAFEPATH=1, console scripts by full path), read-only token, no secret, no credentials kept; the
publication builds only the protected branch after its audit. Moving the pin is a change of the workflow
files, governed like any: a decision, then the change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from governance.errors import GovernanceError
from governance.i18n import _

GATE_FILE = ".github/workflows/governance-gate.yml"
PUBLISH_FILE = ".github/workflows/governance-publish.yml"
_SHA256 = re.compile(r"[0-9a-f]{64}")
_URL = re.compile(r"(?:https|file)://[^\s\"'$`\\]+")

_CHECKOUT = "actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0"

_INSTALL = """      - name: Install the pinned tool (the released wheel and its dependencies, each checked by its sha256)
        working-directory: ${{ runner.temp }}
        run: |
          wheel="${GOVERNANCE_WHEEL##*/}"
          curl --fail --silent --show-error --location --output "$wheel" "$GOVERNANCE_WHEEL"
          curl --fail --silent --show-error --location --output requirements.txt "$GOVERNANCE_REQUIREMENTS"
          printf '%s  %s\\n' "$GOVERNANCE_WHEEL_SHA256" "$wheel" \\
            "$GOVERNANCE_REQUIREMENTS_SHA256" requirements.txt | sha256sum --check --strict
          printf './%s --hash=sha256:%s\\n' "$wheel" "$GOVERNANCE_WHEEL_SHA256" >> requirements.txt
          python3 -m venv venv
          venv/bin/pip install --quiet --disable-pip-version-check --require-hashes --no-deps \\
            --only-binary :all: --requirement requirements.txt
          venv/bin/pip check
"""

_ENV = """env:
  # The reviewed tool: regulation-governance @VERSION@, its release's wheel and the hashed list of the
  # wheel's dependencies (requirements-@VERSION@.txt), each with its sha256 from the release's SHA256SUMS.
  # Moving the pin is a change of this file, which needs a resolution.
  GOVERNANCE_WHEEL: @URL@
  GOVERNANCE_WHEEL_SHA256: @SHA256@
  GOVERNANCE_REQUIREMENTS: @REQUIREMENTS_URL@
  GOVERNANCE_REQUIREMENTS_SHA256: @REQUIREMENTS_SHA256@
  # governance.yml's `branch`: the only base judged, the only branch published.
  PROTECTED_BRANCH: @BRANCH@
  # No module of the working directory is importable by any Python this job starts.
  PYTHONSAFEPATH: "1"
"""

GATE = (
    """# The gate: the required check **governance gate** on every pull request and merge-queue entry.
# Written by `governance init --github`. On pull_request_target GitHub runs this file as the default
# branch has it, never the pull request's copy; the pull request's commits are data (merged into the
# current tip and read by the tool, never installed, run or imported).
name: gate

on:
  # Safe here despite the trigger's reputation: read-only, no secrets, the PR's files are never executed.
  pull_request_target: # zizmor: ignore[dangerous-triggers]
    types: [opened, synchronize, reopened, edited]
  merge_group:
    types: [checks_requested]

permissions:
  contents: read

"""
    + _ENV
    + """
concurrency:
  group: gate-${{ github.event.pull_request.number || github.ref }}
  cancel-in-progress: true

jobs:
  gate:
    name: governance gate
    runs-on: ubuntu-24.04
    timeout-minutes: 20
    steps:
      - name: Refuse a base other than the protected branch
        env:
          BASE_REF: ${{ github.event.pull_request.base.ref || github.event.merge_group.base_ref }}
          DEFAULT_BRANCH: ${{ github.event.repository.default_branch }}
        run: |
          if [ "$DEFAULT_BRANCH" != "$PROTECTED_BRANCH" ]; then
            echo "::error::the default branch is '$DEFAULT_BRANCH': make '$PROTECTED_BRANCH' the default branch."
            exit 1
          fi
          if [ "${BASE_REF#refs/heads/}" != "$PROTECTED_BRANCH" ]; then
            echo "::error::this pull request targets '$BASE_REF'; the gate judges only changes to '$PROTECTED_BRANCH'."
            exit 1
          fi

      - name: Fetch the commits to judge (as data, full history for the audit)
        uses: """
    + _CHECKOUT
    + """
        with:
          ref: ${{ github.event.pull_request.head.sha || github.sha }}
          fetch-depth: 0
          persist-credentials: false

"""
    + _INSTALL
    + """
      - name: Merge the pull request into the current base
        if: github.event_name == 'pull_request_target'
        env:
          BASE_SHA: ${{ github.sha }}
          HEAD_SHA: ${{ github.event.pull_request.head.sha }}
        run: |
          git checkout --quiet --detach "$BASE_SHA"
          git -c user.name="governance gate" -c user.email="gate@invalid" \\
            merge --quiet --no-ff --no-edit "$HEAD_SHA"

      - name: Lint the regulations
        run: |
          "$RUNNER_TEMP/venv/bin/governance" lint --format github

      - name: Every change covered by an authentic resolution
        env:
          BASE_SHA: ${{ github.event.merge_group.base_sha || github.sha }}
        run: |
          "$RUNNER_TEMP/venv/bin/governance" check --base "$BASE_SHA" --head HEAD --format github

      - name: Audit the history the protected branch would have after this merge
        env:
          BASE_SHA: ${{ github.event.merge_group.base_sha || github.sha }}
          ADOPTION: ${{ vars.GOVERNANCE_ADOPTION }}
        run: |
          "$RUNNER_TEMP/venv/bin/governance" audit HEAD --since "$BASE_SHA" ${ADOPTION:+--adoption "$ADOPTION"} --format github
"""
)

PUBLISH = (
    """# Publishes the regulations to GitHub Pages: on every push to the protected branch, and daily so that a
# version adopted with a later effective date comes into force on the site on its day. Written by
# `governance init --github`; only the protected branch is published, after its audit.
name: publish

on:
  push:
    branches: [@BRANCH@]
  schedule:
    - cron: "5 0 * * *"
  workflow_dispatch:

permissions:
  contents: read

"""
    + _ENV
    + """
concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-24.04
    timeout-minutes: 30
    steps:
      - name: Refuse to publish anything but the protected branch
        env:
          REF: ${{ github.ref }}
        run: |
          if [ "$REF" != "refs/heads/$PROTECTED_BRANCH" ]; then
            echo "::error::only $PROTECTED_BRANCH is published; this run is for $REF."
            exit 1
          fi

      - uses: """
    + _CHECKOUT
    + """
        with:
          fetch-depth: 0
          persist-credentials: false

"""
    + _INSTALL
    + """
      - name: Audit the protected branch (nothing unapproved is published)
        env:
          ADOPTION: ${{ vars.GOVERNANCE_ADOPTION }}
        run: |
          "$RUNNER_TEMP/venv/bin/governance" audit HEAD ${ADOPTION:+--adoption "$ADOPTION"} --format github

      - name: Build the site
        run: |
          "$RUNNER_TEMP/venv/bin/mkdocs" build --strict --site-dir "$RUNNER_TEMP/site"

      - uses: actions/upload-pages-artifact@56afc609e74202658d3ffba0e8f6dda462b719fa # v3.0.1
        with:
          path: ${{ runner.temp }}/site

  deploy:
    needs: build
    runs-on: ubuntu-24.04
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e # v4.0.5
"""
)


@dataclass(frozen=True)
class Release:
    """The files of one release of the tool that an adopting repository's workflows install."""

    version: str
    wheel_url: str
    wheel_sha256: str
    requirements_url: str  # requirements-X.Y.Z.txt: the wheel's dependencies, each with its sha256
    requirements_sha256: str


def workflows(release: Release, *, branch: str) -> dict[str, str]:
    """The two workflow files (path -> text), pinned to the release's wheel and dependencies."""
    for url, what in ((release.wheel_url, ".whl"), (release.requirements_url, ".txt")):
        if not _URL.fullmatch(url) or not url.endswith(what):
            raise GovernanceError(
                _(
                    "{url}: the workflows need the https:// (or file://, for a mirror on the runner) address of "
                    "the release's {what} file"
                ).format(url=repr(url), what=what)
            )
    for digest in (release.wheel_sha256, release.requirements_sha256):
        if not _SHA256.fullmatch(digest):
            raise GovernanceError(
                _("{digest} is not a sha256 (64 lower-case hex digits, as sha256sum prints)").format(
                    digest=repr(digest)
                )
            )
    if not re.fullmatch(r"[A-Za-z0-9._/-]+", branch):
        raise GovernanceError(
            _("the branch {branch} cannot be written into a workflow; rename it").format(branch=repr(branch))
        )
    values = {
        "@VERSION@": release.version,
        "@URL@": release.wheel_url,
        "@SHA256@": release.wheel_sha256,
        "@REQUIREMENTS_URL@": release.requirements_url,
        "@REQUIREMENTS_SHA256@": release.requirements_sha256,
        "@BRANCH@": branch,
    }
    rendered = {}
    for path, template in ((GATE_FILE, GATE), (PUBLISH_FILE, PUBLISH)):
        for placeholder, value in values.items():
            template = template.replace(placeholder, value)
        rendered[path] = template
    return rendered
