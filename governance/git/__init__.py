"""The only place that runs git: plain values in, plain values out.

The gate reads a repository whose content an adversary may control; every command is made by the
process runner (`process`), which hardens it. The rest, one job each: `queries` (one process per
question), `log` (the first-parent log, whole or streamed), `objects` (blobs through one cat-file
process), `parse` (git's output as plain values, pure). Callers use the names below.
"""

from governance.git.arrivals import arrival
from governance.git.log import first_parent_log, first_parent_log_after, streamed_first_parent_log
from governance.git.objects import Fetcher, Objects
from governance.git.parse import (
    EXECUTABLE,
    FILE_MODES,
    NULL_SHA,
    REGULAR,
    DiffEntry,
    LogCommit,
    Tag,
    TreeEntry,
    blob_id,
    decode_path,
    parse_log,
    parse_ls_tree,
    parse_raw_diff,
    parse_tags,
    tree_files,
)
from governance.git.process import check_rev, run
from governance.git.queries import (
    added_on_line,
    commit_dates,
    default_branch,
    diff_tree,
    files_containing,
    first_parent_chain,
    first_parent_line,
    git_folder,
    is_ancestor,
    list_tree,
    matches_in_files,
    merge_base,
    path_commits,
    remote_url,
    resolve_commit,
    shadowing_refs,
    shallow_boundary,
    tags,
    walked_arrival,
)

__all__ = [
    "EXECUTABLE",
    "FILE_MODES",
    "NULL_SHA",
    "REGULAR",
    "DiffEntry",
    "Fetcher",
    "LogCommit",
    "Objects",
    "Tag",
    "TreeEntry",
    "added_on_line",
    "arrival",
    "blob_id",
    "check_rev",
    "commit_dates",
    "decode_path",
    "default_branch",
    "diff_tree",
    "files_containing",
    "first_parent_chain",
    "first_parent_line",
    "first_parent_log",
    "first_parent_log_after",
    "git_folder",
    "is_ancestor",
    "list_tree",
    "matches_in_files",
    "merge_base",
    "parse_log",
    "parse_ls_tree",
    "parse_raw_diff",
    "parse_tags",
    "path_commits",
    "remote_url",
    "resolve_commit",
    "run",
    "shadowing_refs",
    "shallow_boundary",
    "streamed_first_parent_log",
    "tags",
    "tree_files",
    "walked_arrival",
]
