"""The sources page: the articles in the corpus, and adding articles for this session only."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from corpus import Corpus, InputError, build_corpus
from corpus.uploads import join_corpora, read_pasted, read_upload, rename_taken, to_articles
from figures.highlight import escape_markdown
from views.state import ADDED_KEY, get_pipeline, get_session_corpus

UPLOAD_KEY = "sources_upload"
PASTE_KEY = "sources_paste"
TITLE_KEY = "sources_title"
DATE_KEY = "sources_date"
REPORT_KEY = "sources_report"
ARTICLE_COLUMNS = ["article", "title", "date", "mentions", "links", "added", "source"]


def render() -> None:
    """The article table with counts; the upload and paste forms."""
    st.header("Sources")
    corpus = get_session_corpus()
    st.dataframe(article_counts(corpus), hide_index=True)
    st.subheader("Add articles")
    st.caption(
        "What you add here is extracted now and joins the corpus for this browser session only: "
        "nobody else sees it, and it is gone when you close the tab."
    )
    _show_report()
    with st.form("upload", clear_on_submit=True):
        files = st.file_uploader(
            "Article files (.txt or .md, UTF-8)",
            type=["txt", "md"],
            accept_multiple_files=True,
            key=UPLOAD_KEY,
        )
        sent = st.form_submit_button("Add the files", icon=":material/upload:")
    if sent and files:
        _add([(f.name, f.getvalue()) for f in files])
        st.rerun()  # the table above now holds the new articles
    with st.form("paste", clear_on_submit=True):
        left, right = st.columns([3, 1])
        title = left.text_input("Title (optional)", key=TITLE_KEY)
        day = right.date_input("Date (optional)", value=None, key=DATE_KEY, format="YYYY-MM-DD")
        text = st.text_area("Or paste an article's text", key=PASTE_KEY, height=160)
        pasted = st.form_submit_button("Add the text", icon=":material/content_paste:")
    if pasted:
        _add_pasted(text, title, day)
        st.rerun()
    if st.session_state.get(ADDED_KEY) is not None:
        st.button("Remove the articles I added", on_click=_forget)


def article_counts(corpus: Corpus) -> pd.DataFrame:
    """Each article with its mentions and links, and whether this session added it."""
    articles = corpus.articles
    mentions = corpus.mentions.groupby("article").size()
    links = corpus.links.groupby("article").size()
    added = st.session_state.get(ADDED_KEY)
    mine = set(added.articles["article"]) if added is not None else set()
    return articles.assign(
        mentions=articles["article"].map(mentions).fillna(0).astype(int),
        links=articles["article"].map(links).fillna(0).astype(int),
        added=articles["article"].isin(mine),
    )[ARTICLE_COLUMNS]


def _add(files: list[tuple[str, bytes]]) -> None:
    """Read, extract and add each file; a file that fails reports why and the rest go on."""
    rows, report = [], []
    taken = set(get_session_corpus().articles["article"])
    bar = st.progress(0.0, text="Reading and extracting…")
    pieces = []
    for i, (name, data) in enumerate(files, start=1):
        try:
            row = rename_taken([read_upload(name, data)], taken)[0]
        except InputError as err:
            report.append(("error", str(err)))
        else:
            piece = build_corpus(get_pipeline(), to_articles([row]))
            pieces.append(piece)
            taken.add(str(row["article"]))
            rows.append(row)
            report.append(
                (
                    "ok",
                    f"{row['article']}: {len(piece.mentions)} mentions, {len(piece.links)} links",
                )
            )
        bar.progress(i / len(files), text=f"{i} of {len(files)} files")
    bar.empty()
    _keep(pieces)
    st.session_state[REPORT_KEY] = report


def _add_pasted(text: str, title: str, day: date | None) -> None:
    added = st.session_state.get(ADDED_KEY)
    number = 1 + (len(added.articles) if added is not None else 0)
    try:
        row = rename_taken(
            [read_pasted(text, title, number, day)], set(get_session_corpus().articles["article"])
        )[0]
    except InputError as err:
        st.session_state[REPORT_KEY] = [("error", str(err))]
        return
    piece = build_corpus(get_pipeline(), to_articles([row]))
    _keep([piece])
    st.session_state[REPORT_KEY] = [
        ("ok", f"{row['article']}: {len(piece.mentions)} mentions, {len(piece.links)} links")
    ]


def _keep(pieces: list[Corpus]) -> None:
    if not pieces:
        return
    added = st.session_state.get(ADDED_KEY)
    st.session_state[ADDED_KEY] = join_corpora(*([added] if added is not None else []), *pieces)


def _show_report() -> None:
    for status, line in st.session_state.get(REPORT_KEY, []):
        if status == "ok":
            st.success(f"Added {escape_markdown(line)}", icon=":material/check:")
        else:
            st.error(f"Skipped {escape_markdown(line)}", icon=":material/error:")


def _forget() -> None:
    st.session_state.pop(ADDED_KEY, None)
    st.session_state.pop(REPORT_KEY, None)
