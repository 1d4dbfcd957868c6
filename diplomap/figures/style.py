"""One palette and one wording for every figure (Okabe-Ito: safe for colour-blind readers)."""

from __future__ import annotations

LINK_COLOURS = {
    "meeting": "#0072B2",
    "cooperation": "#009E73",
    "economic": "#E69F00",
    "conflict": "#D55E00",
    "criticism": "#CC79A7",
    "legal": "#56B4E9",
    "other": "#999999",
}
ICC_COLOURS = {
    "party": "#0072B2",
    "withdrawing": "#E69F00",
    "withdrawn": "#D55E00",
    "signatory": "#56B4E9",
    "unsigned": "#CC79A7",
    "non-party": "#E5E5E5",
}
ICC_LABELS = {
    "party": "State party",
    "withdrawing": "State party, withdrawing",
    "withdrawn": "Withdrawn",
    "signatory": "Signed, not ratified",
    "unsigned": "Declared it will not ratify",
    "non-party": "Not a party",
}
# The ICC tables' source ids, as readable citations (the ids are explained in geo/data/SOURCES.md).
ICC_SOURCES = {
    "memory:UNTC_XVIII-10": "UN Treaty Collection, ch. XVIII-10 (from memory)",
    "WIKI_MIRROR": "Wikipedia, States parties to the Rome Statute (mirror)",
    "PGA_ES_LIST": "Parliamentarians for Global Action, states parties list",
    "PGA_WEOG": "Parliamentarians for Global Action, Western European and other states",
    "PGA_AFR": "Parliamentarians for Global Action, African states",
    "PGA_SKN": "Parliamentarians for Global Action, Saint Kitts and Nevis",
    "PGA_ISL": "Parliamentarians for Global Action, Iceland",
    "PGA_SEARCH_P7": "Parliamentarians for Global Action, campaign pages",
    "PGA_FR_SEARCH": "Parliamentarians for Global Action, campaign pages (French)",
    "PGA_HUN": "Parliamentarians for Global Action, Hungary's withdrawal",
    "HANSARD_2002": "UK Hansard, written answer of 8 July 2002",
    "ICCNOW_BGR": "Coalition for the ICC archive, Bulgaria",
    "ICCNOW_BIH": "Coalition for the ICC archive, Bosnia and Herzegovina",
    "ICCNOW_CARIB": "Coalition for the ICC archive, Caribbean",
    "ICCDB_HRLC_HRV": "ICC database (hrlc.net), Croatia",
    "UN_EXPERT_MALI": "UN experts on Mali (Mirage News)",
    "INQUIRER_2018": "Philippine Daily Inquirer, 2018",
    "IELR_BDI": "International Enforcement Law Reporter, Burundi",
    "ICC_PHL_PR": "ICC press release, 20 March 2018 (the Philippines)",
    "CICC_HUN": "Coalition for the ICC, Hungary's withdrawal",
    "ICC_ASP_HUN": "ICC Assembly of States Parties, President's statement on Hungary",
    "ABA_ICC_REPO": "American Bar Association ICC Project",
    "RU_DECREE_2016": "Russian presidential decree of 16 November 2016",
}


def list_icc_sources(raw: str) -> list[str]:
    """ "PGA_WEOG;HANSARD_2002" as readable citations, each once ("id: note" keeps the note)."""
    cited = []
    for part in str(raw or "").replace(" / ", ";").split(";"):
        key, _, note = part.strip().partition(": ")
        if key:
            name = ICC_SOURCES.get(key, key)
            cited.append(f"{name}: {note}" if note else name)
    return list(dict.fromkeys(cited))


def cite_icc_sources(raw: str) -> str:
    """The citations of `list_icc_sources` in one line, "; " between them."""
    return "; ".join(list_icc_sources(raw))


LAND = "#ECECEC"
OCEAN = "#F5F9FC"
COAST = "#B8C4CE"
BORDER = "#FFFFFF"
# Mentions in greys, light to dark: no hue for the coloured arcs (each on a white halo) to clash with.
MENTION_SCALE = [[0.0, "#D6D6D6"], [1.0, "#4A4A4A"]]
# Net cooperation minus conflict: conflict orange, balanced white, cooperation blue (no red/green).
NET_SCALE = [
    [0.0, "#D55E00"],
    [0.25, "#F4B183"],
    [0.5, "#F7F7F7"],
    [0.75, "#8FC3E6"],
    [1.0, "#0072B2"],
]
# Arcs when the map is shaded by net cooperation: each pair coloured by its own balance.
BALANCE_COLOURS = {"cooperation": "#0072B2", "conflict": "#D55E00", "balanced": "#999999"}
OUTLINE = "#111111"
WARRANT_LINK = "#000000"  # links involving a leader under an ICC warrant: black, dashed
WARRANT_LABEL = "Link involving a leader under ICC warrant"
# Evidence highlights: actors in light blue, cues in light orange, blocs in grey (no red/green pair).
HIGHLIGHTS = {"actor": "#CFE3F5", "bloc": "#E0E0E0", "cue": "#FBE0B0"}
# Quad classes: cooperation in blues, conflict in oranges (told apart by hue and lightness, not red/green).
QUAD_COLOURS = {
    1: "#56B4E9",
    2: "#0072B2",
    3: "#E69F00",
    4: "#D55E00",
    0: "#999999",
}
# Network groups (communities): Paul Tol's muted palette, apart from the edges' blue and orange.
GROUP_COLOURS = ["#332288", "#117733", "#CC6677", "#44AA99", "#AA4499", "#DDCC77", "#882255",
                 "#88CCEE"]  # fmt: skip
GROUP_OTHER = "#BBBBBB"  # the groups past the eighth
