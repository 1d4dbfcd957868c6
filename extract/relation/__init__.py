"""The link stage: relation cues and the links they make between actors of one sentence.

A link needs a cue that relates two actors in one sentence. Without a parser, the sentence is read as
a row of actor groups (actors standing together in a list: "China and Russia", "the US, UK and
France") and cues. Each cue takes an object (the first group after it not taken by a nearer cue) and
a subject (an adjacent modifier, "Russia's invasion", or for verbs and most nouns the nearest free
group before it). A link joins subject and object; a reciprocal cue ("met", "signed", "ties") also
joins the members of one group ("Xi and Putin signed", "talks between Russia and China"). Actors that
only stand in a list are not linked.

One job per module: `groups` (actors standing together), `cues` (which matches count), `subjects`
and `roles` (who acts on whom), `topics`, `types`, `venues`, `modes`, `evidence` (rows and offsets)
and `rules` (the rule pass over a doc). The learned decision over the rules' proposals: `candidates`,
`keys`, `features`, `type_words`, `model` and `links`.
"""

from diplomap.extract.lexicon import FACTUAL_MODES
from diplomap.extract.relation.evidence import LINK_FIELDS
from diplomap.extract.relation.rules import find_links
from diplomap.extract.relation.venues import find_host

__all__ = ["FACTUAL_MODES", "LINK_FIELDS", "find_host", "find_links"]
