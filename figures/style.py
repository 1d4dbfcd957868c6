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
    "withdrawing": "Withdrawing (notified)",
    "withdrawn": "Withdrawn",
    "signatory": "Signed, not ratified",
    "unsigned": "Declared it will not ratify",
    "non-party": "Not a party",
}
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
