"""The sources page: the articles in the corpus, and adding articles to this visitor's workspace
(kept on the server, carried by the page's link: corpus.workspaces)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import chain

import pandas as pd
import streamlit as st

from diplomap.corpus import InputError
from diplomap.corpus.fetch import FetchLimits, read_entries, read_limits, read_source
from diplomap.corpus.filters import FilterSpec
from diplomap.corpus.ingest import Failure, Summary
from diplomap.corpus.limits import Limits, read_input_limits
from diplomap.corpus.store import Article
from diplomap.corpus.uploads import UPLOAD_SUFFIXES, read_files, read_pasted
from diplomap.corpus.workspaces import add_to_workspace, read_workspace_limits
from diplomap.figures.highlight import escape_markdown
from diplomap.figures.words import UNIT, article_title, format_count, plural
from diplomap.views.state import (
    get_article_keys,
    get_article_list,
    get_article_total,
    get_pipeline,
    get_workspace,
    leave_workspace,
    make_workspace,
)

UPLOAD_KEY = "sources_upload"
PASTE_KEY = "sources_paste"
TITLE_KEY = "sources_title"
CLEAR_PASTE_KEY = "sources_paste_added"  # the pasted text was added: empty the form on the rerun
DATE_KEY = "sources_date"
URL_KEY = "sources_url"
ENTRIES_KEY = "sources_entries"
REPORT_KEY = "sources_report"
FORM_KEY = "sources_form"  # the form the report answers, shown beneath it
ARTICLE_COLUMNS = ["title", "date", "mentions", "links", "added", "source", "article"]
MAX_ENTRIES = 50  # the most feed entries one fetch may read
SHOWN = 20  # report lines of one kind shown before "and N more"
LISTED = 1000  # rows of the article table; the caption says how many there are
WRAPPING_ROW = 72  # px: rows over 4 rem let the table wrap long titles and sources onto 3 lines


def render() -> None:
    """The article table with counts; the upload, paste and fetch forms."""
    st.header("Sources")
    everything = FilterSpec()  # this page lists every article, whatever the sidebar filters
    total = get_article_total()
    if total > LISTED:
        st.caption(
            f"The first {LISTED:,} of {total:,} articles: the ones you added, then the stored ones "
            "in the order stored."
        )
    st.dataframe(
        list_articles(get_article_list(everything, LISTED, True, True)),
        hide_index=True,
        row_height=WRAPPING_ROW,
        column_order=["title", "source", "date", "mentions", "links", "added"],
        column_config={
            "title": st.column_config.TextColumn("title", width="medium", pinned=True),
            "links": st.column_config.NumberColumn(
                "evidence sentences",
                help="Evidence sentences in the factual modes.",
                format="localized",
            ),
            "mentions": st.column_config.NumberColumn("mentions", format="localized"),
            "source": st.column_config.TextColumn("source", width="medium"),
        },
    )
    st.subheader("Add articles")
    workspace = get_workspace()
    if workspace is not None and not workspace.editable:
        st.caption(
            "This link shows a shared workspace read-only: you can read its articles on every "
            "page, but not add to it. Ask for its edit link, or leave it to add your own."
        )
        st.button("Leave this workspace", on_click=_leave)
        return
    st.caption(
        "What you add here is extracted now and kept on this server in a workspace that the "
        "page's address carries (`ws=` in it): a reload keeps it, and anyone you give the link "
        "to sees it (the sidebar's copy-link also offers a read-only one). Nobody without the "
        "link can find it."
    )
    with st.form("upload", clear_on_submit=True):
        files = st.file_uploader(
            "Article files: .txt, .md or .html (one article each), .jsonl (one per line); "
            + describe_size_limits(),
            type=[s.lstrip(".") for s in UPLOAD_SUFFIXES],
            accept_multiple_files=True,
            key=UPLOAD_KEY,
            help="A .jsonl line is a JSON object with `text` and, if you like, `id`, `title`, "
            "`date` (YYYY-MM-DD), `source` and `url`.",
        )
        sent = st.form_submit_button("Add the files", icon=":material/upload:")
    _show_report("upload")
    if sent and files:
        st.session_state[FORM_KEY] = "upload"
        rows = read_files((f.name, f.getvalue()) for f in files)
        _add(rows, len(rows))
        st.rerun()  # the table above now holds the new articles
    if st.session_state.pop(CLEAR_PASTE_KEY, False):  # added: an empty form for the next one
        st.session_state.update({TITLE_KEY: "", PASTE_KEY: "", DATE_KEY: None})
    with st.form("paste"):  # kept when refused, so nothing typed is lost
        left, right = st.columns([3, 1])
        title = left.text_input("Title (optional)", key=TITLE_KEY)
        day = right.date_input("Date (optional)", value=None, key=DATE_KEY, format="YYYY-MM-DD")
        text = st.text_area("Or paste an article's text", key=PASTE_KEY, height=160)
        pasted = st.form_submit_button("Add the text", icon=":material/content_paste:")
    _show_report("paste")
    if pasted:
        st.session_state[FORM_KEY] = "paste"
        _add_pasted(text, title, day)
        st.rerun()
    with st.form("fetch"):
        left, right = st.columns([3, 1])
        url = left.text_input(
            "Or an article's or a feed's address (http:// or https://)", key=URL_KEY
        )
        most = right.number_input(
            "Feed entries, at most", 1, MAX_ENTRIES, FetchLimits.max_entries, key=ENTRIES_KEY
        )
        fetched = st.form_submit_button("Fetch", icon=":material/public:")
    _show_report("fetch")
    if fetched:
        st.session_state[FORM_KEY] = "fetch"
        _add_url(url, read_limits(int(most)))
        st.rerun()
    if workspace is not None:
        st.button("Leave this workspace (show the corpus without it)", on_click=_leave)


def list_articles(articles: pd.DataFrame) -> pd.DataFrame:
    """The article table's columns: a title (the name when there is none), the date as the other
    pages write it ("undated" when there is none), and whether the workspace holds the article."""
    titles = [
        article_title(a, t) for a, t in zip(articles["article"], articles["title"], strict=True)
    ]
    days = ["undated" if pd.isna(d) else str(d)[:10] for d in articles["date"]]
    return articles.assign(title=titles, date=days)[ARTICLE_COLUMNS]


def _add_url(url: str, limits: FetchLimits) -> None:
    """Fetch a page, or a feed and its first entries, and add what they hold."""
    with st.spinner(f"Fetching {escape_markdown(url.strip()[:100])}…"):
        try:
            source = read_source(url, limits)
        except InputError as err:
            _report([Failure(url.strip() or "the address", str(err))], [], [])
            return
    note = ""
    if source.is_feed and source.total > len(source.entries):
        note = f" (the first {len(source.entries)} of {source.total:,} entries in the feed)"
    _add(read_entries(source.entries, limits), len(source.entries), note)


def _add(items: Iterable[Article | Failure], total: int, note: str = "") -> int:
    """Extract and store each new article in the workspace (made now if there is none; `total`:
    how many `items` holds) through the ingest `diplomap ingest` uses; failures and duplicates
    are reported and the rest go on. How many were added."""
    known, _ = get_article_keys()
    failed: list[Failure] = []
    dupes: list[str] = []
    done: list[str] = []
    cap = upload_cap()
    bar = st.progress(0.0, text=f"0 of {format_count(total)}")

    def fresh() -> Iterator[Article | Failure]:
        taken = 0
        for i, item in enumerate(items, start=1):  # a feed's entries are fetched here, one by one
            bar.progress(
                min(i / max(total, 1), 1.0), text=f"{format_count(i)} of {format_count(total)}"
            )
            if isinstance(item, Failure):
                failed.append(item)
            elif item.id in known:
                dupes.append(item.name)
            elif taken >= cap:
                failed.append(Failure(item.name, f"over {format_count(cap)} articles at once"))
            else:
                known.add(item.id)
                taken += 1
                yield item

    stream = fresh()
    first = next(stream, None)  # a workspace is made for the first new article, not before
    try:
        if first is None:
            summary = Summary()
        else:
            workspace = make_workspace()
            summary = add_to_workspace(
                workspace,
                chain([first], stream),
                nlp=get_pipeline(),
            )
    except InputError as err:
        failed.append(Failure("the workspace", str(err)))
        summary = Summary()
    bar.empty()
    failed.extend(summary.failed)
    if summary.added:  # what each new article holds, as the table counts it
        new = get_article_list(FilterSpec(), summary.added, counts=True, newest=True)
        done = [
            f"{r.article}: {plural(int(r.mentions), 'mention')}, {plural(int(r.links), UNIT)}"
            for r in new.iloc[::-1].itertuples(index=False)
        ]
    _report(failed, done, dupes, note)
    return summary.added


def _add_pasted(text: str, title: str, day: date | None) -> None:
    # The workspace's articles come first and are at most its limit: no need to read the store's.
    mine = get_article_list(FilterSpec(), read_workspace_limits().articles, mine_first=True)
    number = 1 + int(mine["added"].sum())
    try:
        row = read_pasted(text, title, number, day)
    except InputError as err:  # named as a file's failure is ("Skipped the pasted text: ...")
        line = str(err) if str(err).startswith("the pasted text") else f"the pasted text: {err}"
        st.session_state[REPORT_KEY] = [("error", line)]
        return
    if _add([row], 1):
        st.session_state[CLEAR_PASTE_KEY] = True


def _report(failed: list[Failure], done: list[str], dupe_names: list[str], note: str = "") -> None:
    """Keep the lines the page shows after the rerun: each result, then a summary."""
    dupes = len(dupe_names)
    lines = [("ok", line) for line in done[:SHOWN]]
    if len(done) > SHOWN:
        lines.append(("more", f"and {len(done) - SHOWN} more added"))
    lines += [("dupe", name) for name in dupe_names[:SHOWN]]
    lines += [("error", f"{f.where}: {f.reason}") for f in failed[:SHOWN]]
    if len(failed) > SHOWN:
        lines.append(("more", f"and {len(failed) - SHOWN} more failed"))
    if len(done) + dupes + len(failed) > 1 or note:
        summary = f"{len(done)} added, {dupes} duplicates skipped, {len(failed)} failed{note}."
        lines.append(("summary", summary))
    st.session_state[REPORT_KEY] = lines


def _show_report(form: str) -> None:
    """The outcome of the last submission, beneath the form that made it."""
    if st.session_state.get(FORM_KEY, "upload") != form:
        return
    for status, line in st.session_state.get(REPORT_KEY, []):
        if status == "ok":
            st.success(f"Added {escape_markdown(line)}", icon=":material/check:")
        elif status == "dupe":
            st.warning(
                f"Already here, skipped: {escape_markdown(line)}", icon=":material/content_copy:"
            )
        elif status == "summary":
            st.info(escape_markdown(line), icon=":material/summarize:")
        elif status == "more":
            st.caption(escape_markdown(line))
        else:
            st.error(f"Skipped {escape_markdown(line)}", icon=":material/error:")


def _leave() -> None:
    leave_workspace()
    st.session_state.pop(REPORT_KEY, None)


def describe_size_limits() -> str:
    """What one article may hold, for the upload box's label: $DIPLOMAP_MAX_ARTICLE_MB (default
    10) within the box's own limit per file (`server.maxUploadSize`; a .jsonl file may hold many
    articles), and an HTML page's own limit before its text is taken out."""
    limits, problem = read_input_limits_or_defaults()
    if problem:  # said with the label, before anything is tried (adding refuses it, each time)
        st.warning(
            f"{problem}: nothing can be added until the server's setting is mended",
            icon=":material/warning:",
        )
    article_mb = limits.article_mb
    box_mb = float(st.get_option("server.maxUploadSize"))
    html_mb = FetchLimits.max_bytes / 1e6
    return f"each article up to {min(article_mb, box_mb):g} MB (an .html file up to {html_mb:g} MB)"


def upload_cap() -> int:
    """The most articles one submission adds ($DIPLOMAP_MAX_UPLOAD_ARTICLES, default 500)."""
    return read_input_limits_or_defaults()[0].upload_articles  # a bad setting: the label warns


def read_input_limits_or_defaults() -> tuple[Limits, str]:
    """The input limits the settings give, with "", else the defaults with what was wrong."""
    try:
        return read_input_limits(), ""
    except InputError as err:
        return Limits(), str(err)
