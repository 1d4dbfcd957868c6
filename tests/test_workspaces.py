"""Workspaces: capability ids, the same ingest as `diplomap ingest`, limits, expiry, isolation."""

from __future__ import annotations

import os
import time

import pytest
from streamlit.testing.v1 import AppTest

from diplomap.corpus import InputError, read_seeds
from diplomap.corpus.filters import FilterSpec
from diplomap.corpus.ingest import ingest, table_articles
from diplomap.corpus.shown import Shown, ask
from diplomap.corpus.uploads import read_pasted
from diplomap.corpus.workspaces import (
    ENV_ARTICLES,
    ENV_DAYS,
    ENV_MB,
    ENV_WORKSPACES,
    USED_SUFFIX,
    WorkspaceError,
    add_to_workspace,
    create_workspace,
    open_workspace,
    read_key_of,
    read_workspace_limits,
    sweep_expired,
)

TEXTS = [
    "France and Germany signed a grain agreement in Paris on Monday.",
    "Kenya and Uganda signed a railway agreement in Nairobi.",
    "Chile condemned Peru over the fisheries dispute in Lima.",
]


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("DIPLOMAP_DATA_DIR", str(tmp_path))
    for name in (ENV_ARTICLES, ENV_DAYS, ENV_MB, ENV_WORKSPACES):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.fixture(scope="module")
def base(tmp_path_factory, nlp):
    path = tmp_path_factory.mktemp("base") / "seeds.duckdb"
    ingest(path, table_articles(read_seeds()), nlp=nlp)
    return path


def pasted(i: int):
    return read_pasted(TEXTS[i], f"Title {i}", i + 1)


def test_ids_are_capabilities(root):
    one, two = create_workspace(), create_workspace()
    assert len(one.key) == 22
    assert one.key != two.key
    assert one.read_key == read_key_of(one.key) != one.key
    assert one.path.name == f"{one.read_key}.duckdb"  # the edit id is in no file name
    assert open_workspace(one.key).editable
    looking = open_workspace(one.read_key)
    assert not looking.editable
    assert looking.path == one.path
    for bad in ("A" * 22, "short", "../../etc/passwd", ""):
        with pytest.raises(WorkspaceError) as err:
            open_workspace(bad)
        assert "no workspace" in str(err.value)
        assert "\n" not in str(err.value)


def test_adding_is_the_ingest_idempotent_and_read_only_links_refuse(root, nlp, base):
    found = create_workspace()
    summary = add_to_workspace(found, [pasted(0), pasted(1)], nlp=nlp)
    assert (summary.added, summary.duplicates) == (2, 0)
    again = add_to_workspace(found, [pasted(0)], nlp=nlp)
    assert (again.added, again.duplicates) == (0, 1)
    with pytest.raises(WorkspaceError, match="read-only"):
        add_to_workspace(open_workspace(found.read_key), [pasted(2)], nlp=nlp)
    alone = ask(Shown(base), "count_articles", FilterSpec())
    both = ask(Shown(base, found.path), "count_articles", FilterSpec())
    assert both == alone + 2
    listed = ask(Shown(base, found.path), "articles", FilterSpec(), (None, False, False, True))
    assert list(listed["added"]) == [True, True] + [False] * alone
    _, pairs = ask(Shown(base, found.path), "summary", FilterSpec())
    assert {("DEU", "FRA"), ("KEN", "UGA")} <= set(zip(pairs["a"], pairs["b"], strict=True))


def test_a_workspace_an_older_diplomap_wrote_is_upgraded_when_shown(root, nlp, base):
    import duckdb

    from diplomap.corpus.store import SCHEMA_VERSION

    found = create_workspace()
    add_to_workspace(found, [pasted(0)], nlp=nlp)
    expected = ask(Shown(base, found.path), "summary", FilterSpec())[1]
    con = duckdb.connect(str(found.path))
    con.execute("DELETE FROM pair_types")  # as if its types had been counted the old way
    con.execute("UPDATE schema_version SET version = ?", [SCHEMA_VERSION - 1])
    con.close()
    _, pairs = ask(Shown(base, found.path), "summary", FilterSpec())  # no error: upgraded
    assert pairs.equals(expected)
    con = duckdb.connect(str(found.path), read_only=True)
    assert con.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    con.close()


def test_a_workspace_a_newer_diplomap_wrote_is_refused_in_one_line(root, nlp, base):
    import duckdb

    from diplomap.corpus.store import SCHEMA_VERSION, StoreError

    found = create_workspace()
    add_to_workspace(found, [pasted(0)], nlp=nlp)
    con = duckdb.connect(str(found.path))
    con.execute("UPDATE schema_version SET version = ?", [SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(StoreError, match="newer than this diplomap reads") as err:
        ask(Shown(base, found.path), "summary", FilterSpec())
    assert "\n" not in str(err.value)
    assert "diplomap stats" not in str(err.value)


def test_workspaces_are_isolated(root, nlp, base):
    a, b = create_workspace(), create_workspace()
    add_to_workspace(a, [pasted(0)], nlp=nlp)
    add_to_workspace(b, [pasted(1)], nlp=nlp)
    names = {
        w.key: set(ask(Shown(base, w.path), "summary", FilterSpec())[0]["code"]) for w in (a, b)
    }
    assert "FRA" in names[a.key]
    assert "KEN" not in names[a.key]
    assert "KEN" in names[b.key]
    assert "FRA" not in names[b.key]


def test_limits_refuse_in_one_line_naming_the_setting(root, nlp, monkeypatch):
    monkeypatch.setenv(ENV_ARTICLES, "1")
    found = create_workspace()
    summary = add_to_workspace(found, [pasted(0), pasted(1)], nlp=nlp)
    assert summary.added == 1
    assert [f.reason for f in summary.failed] == [
        f"over the 1 articles a workspace may hold (${ENV_ARTICLES})"
    ]
    with pytest.raises(WorkspaceError, match=ENV_ARTICLES):
        add_to_workspace(found, [pasted(2)], nlp=nlp)
    monkeypatch.setenv(ENV_ARTICLES, "10")
    monkeypatch.setenv(ENV_MB, "0.0001")  # 100 bytes: the store file is already larger
    with pytest.raises(WorkspaceError, match=r"\$DIPLOMAP_WS_MAX_MB"):
        add_to_workspace(found, [pasted(2)], nlp=nlp)
    monkeypatch.delenv(ENV_MB)
    monkeypatch.setenv(ENV_WORKSPACES, "1")
    with pytest.raises(WorkspaceError, match=ENV_WORKSPACES) as err:
        create_workspace()
    assert "\n" not in str(err.value)
    monkeypatch.setenv(ENV_DAYS, "soon")
    with pytest.raises(InputError, match=ENV_DAYS):
        read_workspace_limits()


def test_a_workspace_unused_too_long_expires(root, monkeypatch):
    monkeypatch.setenv(ENV_DAYS, "2")
    old, fresh = create_workspace(), create_workspace()
    stale = time.time() - 3 * 86_400
    os.utime(old.path.with_suffix(USED_SUFFIX), (stale, stale))
    with pytest.raises(WorkspaceError, match="expired") as err:
        open_workspace(old.key)
    assert ENV_DAYS in str(err.value)
    assert not old.path.exists()  # removed
    with pytest.raises(WorkspaceError, match="no workspace"):
        open_workspace(old.key)
    assert open_workspace(fresh.key).editable
    os.utime(fresh.path.with_suffix(USED_SUFFIX), (stale, stale))
    assert sweep_expired() == 1
    assert not fresh.path.exists()


def overview_page():
    from diplomap.views import overview
    from diplomap.views.filters import render_filters

    render_filters()
    overview.render()


def test_an_unknown_link_gets_one_line_and_the_base_corpus(root):
    at = AppTest.from_function(overview_page, default_timeout=120)
    at.query_params["ws"] = "B" * 22
    at.run()
    assert not at.exception
    notices = [i.value for i in at.sidebar.info]
    assert len(notices) == 1
    assert notices[0].startswith("No workspace 'BBBBBBBB…' here")
    assert at.metric[0].value == "2"  # the seeds
    assert "ws" not in at.query_params


def test_the_link_shows_the_workspace_in_another_session(root, nlp):
    found = create_workspace()
    add_to_workspace(found, [pasted(0)], nlp=nlp)
    at = AppTest.from_function(overview_page, default_timeout=120)
    at.query_params["ws"] = found.read_key
    at.run()
    assert not at.exception
    assert at.metric[0].value == "3"
    text = " ".join(m.value for m in at.markdown)
    assert "a shared workspace" in text


def test_a_workspace_removed_while_shown_gets_one_line(root, nlp):
    from diplomap.corpus.workspaces import remove_workspace

    found = create_workspace()
    add_to_workspace(found, [pasted(0)], nlp=nlp)
    at = AppTest.from_function(overview_page, default_timeout=120)
    at.query_params["ws"] = found.key
    at.run()
    assert at.metric[0].value == "3"
    remove_workspace(found.path)  # expired, swept by another visitor's request
    at.run()
    assert not at.exception
    assert at.metric[0].value == "2"
    assert any("No workspace" in i.value for i in at.sidebar.info)
