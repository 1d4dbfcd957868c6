"""Workspaces: the articles a visitor adds, kept on the server and carried by a link.

A workspace is a DuckDB store of its own (the store's schema, written by corpus.ingest as
`diplomap ingest` writes: idempotent, one transaction per batch) under the data directory
(`diplomap serve --data-dir`, $DIPLOMAP_DATA_DIR). Its edit id is 128 random bits (`secrets`): the
link is the capability, and nothing lists workspaces. The read-only id is a one-way function of the
edit id and names the file, so a read-only link cannot be turned into an edit link.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import re
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from diplomap.corpus.errors import InputError
from diplomap.corpus.ingest import Summary, ingest
from diplomap.corpus.inputs import Failure
from diplomap.corpus.limits import MB, positive_setting
from diplomap.corpus.store import Article, StoreError, open_store

ENV_DATA_DIR = "DIPLOMAP_DATA_DIR"
ENV_ARTICLES = "DIPLOMAP_WS_MAX_ARTICLES"
ENV_MB = "DIPLOMAP_WS_MAX_MB"
ENV_WORKSPACES = "DIPLOMAP_MAX_WORKSPACES"
ENV_DAYS = "DIPLOMAP_WS_DAYS"
SUFFIX = ".duckdb"
USED_SUFFIX = ".used"  # a file whose modification time is the workspace's last use
_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")  # 16 bytes, base64url without padding
DAY = 86_400.0


class WorkspaceError(InputError):
    """A workspace that cannot be opened, created or added to; its message is one line."""


@dataclass(frozen=True)
class WorkspaceLimits:
    """Each a setting ($DIPLOMAP_WS_MAX_ARTICLES, $DIPLOMAP_WS_MAX_MB, $DIPLOMAP_MAX_WORKSPACES,
    $DIPLOMAP_WS_DAYS): the most articles and MB one workspace holds, the most workspaces one
    server keeps, and the days one is kept after its last use."""

    articles: int = 500
    mb: float = 50.0
    workspaces: int = 1000
    days: float = 30.0


def read_workspace_limits() -> WorkspaceLimits:
    """The limits in force: the defaults, changed by the environment; a value that is not a
    positive number is an InputError naming the setting."""
    default = WorkspaceLimits()
    return WorkspaceLimits(
        articles=int(positive_setting(ENV_ARTICLES, default.articles, int)),
        mb=positive_setting(ENV_MB, default.mb, float),
        workspaces=int(positive_setting(ENV_WORKSPACES, default.workspaces, int)),
        days=positive_setting(ENV_DAYS, default.days, float),
    )


def default_data_dir() -> Path:
    """Where workspaces live when no data directory is set: the user's data directory."""
    from platformdirs import user_data_path

    return user_data_path("diplomap")


def data_dir() -> Path:
    """The data directory: $DIPLOMAP_DATA_DIR (set by `diplomap serve --data-dir`), else the
    user's data directory."""
    raw = os.environ.get(ENV_DATA_DIR, "").strip()
    return Path(raw).expanduser() if raw else default_data_dir()


def workspace_dir(root: Path | None = None) -> Path:
    """The folder the workspaces' stores are in."""
    return (root or data_dir()) / "workspaces"


@dataclass(frozen=True)
class Workspace:
    """An open workspace: the id the link carried, its store file, whether that id may add, and
    the read-only id (the one to give colleagues who should look without adding)."""

    key: str
    path: Path
    editable: bool
    read_key: str


def new_key() -> str:
    """A fresh edit id: 128 bits from `secrets`, base64url."""
    return _b64(secrets.token_bytes(16))


def read_key_of(key: str) -> str:
    """The read-only id of an edit id: a one-way function of it."""
    return _b64(hashlib.sha256(b"diplomap-workspace-read:" + key.encode()).digest()[:16])


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def open_workspace(
    key: str, limits: WorkspaceLimits | None = None, root: Path | None = None
) -> Workspace:
    """The workspace a link's id names (an edit id, or a read-only id), its use recorded; a
    WorkspaceError (one line) for an id that names none, or one unused longer than the limit
    (which is then removed)."""
    limits = limits or read_workspace_limits()
    folder = workspace_dir(root)
    if not _ID.match(key or ""):
        raise WorkspaceError(_unknown(key))
    read_key = read_key_of(key)
    edit_path = folder / f"{read_key}{SUFFIX}"
    if edit_path.is_file():
        found = Workspace(key, edit_path, True, read_key)
    elif (folder / f"{key}{SUFFIX}").is_file():
        found = Workspace(key, folder / f"{key}{SUFFIX}", False, key)
    else:
        raise WorkspaceError(_unknown(key))
    if _expired(found.path, limits):
        remove_workspace(found.path)
        raise WorkspaceError(
            f"workspace {_short(key)} expired: unused for more than {limits.days:g} days "
            f"(${ENV_DAYS})"
        )
    touch_workspace(found)
    return found


def _unknown(key: str) -> str:
    return f"no workspace {_short(key)} here: the link is mistyped, or the workspace expired"


def _short(key: str) -> str:
    return repr(key[:8] + "…") if len(key) > 8 else repr(key)


def create_workspace(limits: WorkspaceLimits | None = None, root: Path | None = None) -> Workspace:
    """A new, empty workspace with a fresh id; WorkspaceError when the server holds the most it
    may. Workspaces unused longer than the limit are removed first."""
    limits = limits or read_workspace_limits()
    folder = workspace_dir(root)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise WorkspaceError(f"cannot create {folder}: {err.strerror}") from None
    sweep_expired(limits, root)
    if sum(1 for _ in folder.glob(f"*{SUFFIX}")) >= limits.workspaces:
        raise WorkspaceError(
            f"this server holds {limits.workspaces:,} workspaces, the most it keeps "
            f"(${ENV_WORKSPACES}); try again when some expire"
        )
    key = new_key()
    found = Workspace(key, folder / f"{read_key_of(key)}{SUFFIX}", True, read_key_of(key))
    open_store(found.path).close()  # the store's schema, as `diplomap ingest` makes it
    touch_workspace(found)
    return found


def touch_workspace(workspace: Workspace) -> None:
    """Record a use now (a file beside the store; the store's own time is its version)."""
    used = workspace.path.with_suffix(USED_SUFFIX)
    with contextlib.suppress(OSError):  # a read-only data directory: still readable
        used.touch()  # sets the time to now when the file is there


def last_used(path: Path) -> float:
    """When a workspace was last used (seconds since the epoch)."""
    for candidate in (path.with_suffix(USED_SUFFIX), path):
        try:
            return candidate.stat().st_mtime
        except OSError:
            continue
    return 0.0


def _expired(path: Path, limits: WorkspaceLimits, now: float | None = None) -> bool:
    return (now or time.time()) - last_used(path) > limits.days * DAY


def sweep_expired(limits: WorkspaceLimits | None = None, root: Path | None = None) -> int:
    """Remove every workspace unused longer than the limit; return how many."""
    limits = limits or read_workspace_limits()
    removed = 0
    for path in workspace_dir(root).glob(f"*{SUFFIX}"):
        if _expired(path, limits):
            remove_workspace(path)
            removed += 1
    return removed


def remove_workspace(path: Path) -> None:
    """Remove a workspace's files (its store, write-ahead log and use record)."""
    for file in (path, Path(f"{path}.wal"), path.with_suffix(USED_SUFFIX)):
        with contextlib.suppress(OSError):
            file.unlink(missing_ok=True)


def workspace_size(workspace: Workspace) -> tuple[int, float]:
    """How many articles a workspace holds, and its files' size in MB."""
    con = open_store(workspace.path, read_only=True, wait=5.0)
    try:
        (count,) = con.execute("SELECT count(*) FROM articles").fetchone()
    finally:
        con.close()
    files = (workspace.path, Path(f"{workspace.path}.wal"))
    size = sum(f.stat().st_size for f in files if f.exists())
    return int(count), size / MB


def add_to_workspace(
    workspace: Workspace,
    items: Iterable[Article | Failure],
    nlp: Language | None = None,
    limits: WorkspaceLimits | None = None,
    on_batch: Callable[[Summary], None] | None = None,
    batch_size: int = 16,
) -> Summary:
    """Extract and store articles in a workspace through corpus.ingest (an article it holds is
    a duplicate; each batch is one transaction). An article past a limit is a Failure saying
    which; a read-only id, or a workspace already full, is a WorkspaceError."""
    if not workspace.editable:
        raise WorkspaceError("this link is read-only: it shows the workspace but cannot add to it")
    limits = limits or read_workspace_limits()
    try:
        count, size = workspace_size(workspace)
    except StoreError as err:
        raise WorkspaceError(f"cannot read the workspace: {err}") from None
    full_articles = f"over the {limits.articles:,} articles a workspace may hold (${ENV_ARTICLES})"
    full_mb = f"over the {limits.mb:g} MB a workspace may hold (${ENV_MB})"
    if count >= limits.articles:
        raise WorkspaceError(f"this workspace is full: {full_articles}")
    if size >= limits.mb:
        raise WorkspaceError(f"this workspace is full: {full_mb}")

    def within() -> Iterator[Article | Failure]:
        room, budget = limits.articles - count, (limits.mb - size) * MB
        for item in items:
            if isinstance(item, Failure):
                yield item
            elif room <= 0:
                yield Failure(item.name, full_articles)
            elif (size_of := len(item.text.encode("utf-8"))) > budget:
                yield Failure(item.name, full_mb)
            else:
                room -= 1
                budget -= size_of
                yield item

    try:
        summary = ingest(
            workspace.path, within(), nlp=nlp, batch_size=batch_size, on_batch=on_batch
        )
    finally:
        touch_workspace(workspace)
    return summary
