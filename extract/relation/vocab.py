"""Words and reaches that several link rules share."""

from __future__ import annotations

from diplomap.extract.words import string_id

MODIFIER_REACH = 3  # "Russia 's invasion", "Moscow 's most reliable economic"
CARRY_REACH = 6  # tokens from a verb to the noun cue it carries ("signed a security pact")
TOPIC_REACH = 6  # tokens from a cue to the topic it is about ("held talks with Chile on tariffs")
POSSESSIVE = {"'s", "’s", "'", "’"}
POSSESSIVE_IDS = {string_id(w) for w in POSSESSIVE}
COMMA = string_id(",")
AND = string_id("and")
IN = string_id("in")
THE = string_id("the")
RELATIVE = {string_id("which"), string_id("who"), string_id("whose")}
TO = string_id("to")
