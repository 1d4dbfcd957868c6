"""Labels of mentions that stand for actors named elsewhere, and reporting verbs: shared by the
anaphora stage and the link stage, so neither imports the other."""

from __future__ import annotations

from diplomap.extract.words import string_id

PEOPLE = {"PERSON", "LEARNED", "PRONOUN"}
PAIR = "PAIR"  # the label extract.anaphora gives "the two countries"
BLOC_REF = "BLOC_REF"  # and "the bloc"
STATE_REF = "STATE_REF"  # and "the kingdom", "the island nation"
ANAPHORA = (PAIR, BLOC_REF, STATE_REF)  # mentions that stand for actors named elsewhere
# Verbs that report what someone said: "would" after one is a plan, not a hypothesis.
REPORTING = {"said", "says", "announced", "announces", "confirmed", "told", "added", "stated"}
REPORTING_IDS = {string_id(w) for w in REPORTING}
