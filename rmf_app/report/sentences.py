"""The sentences the executive summary writes in words ("Findings"), as templates.

:func:`rmf_app.report.summary.findings` picks one template per fact and joins them into three
paragraphs (scope, results, risks and actions). ``{x_word}`` fields take the singular or plural
word from :data:`WORDS` (the charts' notes use it too); lists are joined with :data:`AND`.
Kept apart from the labels and prose in :mod:`rmf_app.report.text` because code assembles
these: a translation changes them together with ``findings``. Nothing here is user text.
"""

from __future__ import annotations

S_SCOPE = (
    "The assessment of {system} covers {in_scope} of the {total} subcategories of the AI RMF 1.0 "
    "core; {n} {was_were} left out of scope."
)
S_SCOPE_NOTHING_EXCLUDED = (
    "The assessment of {system} covers all {total} subcategories of the AI RMF 1.0 core."
)
S_SCOPE_END = "."
S_IN_SCOPE_LEAD = "Of those in scope, "
S_NA = "{n} {was_were} judged not applicable"
S_INHERITED = (
    "{n} {is_are} inherited from an organization-level baseline rather than answered for this "
    "system alone"
)
S_REASONS = "The reasons for every exclusion and N/A are in Appendix A."
S_COMPLETE = "Every in-scope subcategory has been rated or judged not applicable."
S_INCOMPLETE = (
    "{done} of the {in_scope} in-scope subcategories have been rated or judged not applicable "
    "({pct}); the other {missing} {is_are} not assessed yet{inherited} and {counts} as not at "
    "target."
)
S_INCOMPLETE_INHERITED = " ({n} of them inherited without a level)"
S_NOT_ASSESSED_AT_ALL = (
    "It has not been assessed yet: none of the {n} applicable subcategories in scope has a "
    "current maturity, so there are no results, gaps or strengths to report."
)
S_SPLIT = (
    "Counted together, {at} {is_are} at target, {below} below target and {missing} not "
    "assessed{na}."
)
S_SPLIT_NA = ", besides {na} not applicable"
S_AT_TARGET = (
    "Of the {den} applicable subcategories, {num} {reaches} {its_their} target maturity ({pct})."
)
S_AT_TARGET_NONE = "No applicable subcategory is in scope, so there is no at-target rate."
S_FUNCTIONS_SPREAD = (
    "{best} {is_are} the strongest {function_word} ({best_pct} at target) and {worst} the "
    "weakest ({worst_pct})."
)
S_FUNCTIONS_EVEN = "All four functions reach the same at-target rate ({pct})."
S_FUNCTIONS_TIED = "{fns} reach the same at-target rate ({pct})."
S_FUNCTION_ONLY = "{fn} is the only function with rated items ({pct} at target)."
S_FUNCTIONS_UNASSESSED = "Nothing in {fns} is assessed yet."
S_GAPS = "The largest gap is {size} {level_word}, in {ids}; in all, {n} {subcat_word} {is_are} below target."
S_NO_GAPS = "No rated subcategory is below its target."
S_RISKS_NONE = "The risk register is empty: no risk has been recorded for this system."
S_RISKS = "The risk register holds {n} {risk_word}."
S_ABOVE_NONE = "None is at or above the tolerance band ({tolerance})."
S_ABOVE = (
    "Of these, {n} {is_are} at or above the tolerance band ({tolerance}) after treatment; {clause}."
)
S_ABOVE_INHERENT = (
    "Of these, {n} {is_are} at or above the tolerance band ({tolerance}) on {its_their} inherent "
    "score, with no residual rating yet; {clause}."
)
S_ABOVE_MIXED = (
    "Of these, {treated} {is_are} at or above the tolerance band ({tolerance}) after treatment; "
    "{unrated} more {has_have} no residual rating yet, judged on {its_their} inherent score. Of "
    "these {n}, {clause}."
)
S_ABOVE_ALL_ONE = "it has a named acceptance"
S_ABOVE_ALL_MANY = "all have a named acceptance"
S_ABOVE_NONE_ONE = "it has no acceptance yet"
S_ABOVE_NONE_MANY = "none has an acceptance yet"
S_ABOVE_SOME = "{accepted} of them {has_have} a named acceptance"
S_ABOVE_UNACCEPTED = "{ids} {needs} an acceptance before sign-off."
S_ACTIONS_NONE = "The action plan is empty."
S_ACTIONS = "The action plan holds {n} {action_word}, {open} of them still open"
S_ACTIONS_OVERDUE = "; {overdue} {is_are} overdue as of {today}."
S_ACTIONS_NOT_OVERDUE = ", none overdue as of {today}."
S_DECISION = "The deployment decision is: {outcome}."
S_DECISION_NONE = "No deployment decision (MANAGE 1.1) has been recorded yet."

WORDS = {
    "subcat": ("subcategory", "subcategories"),
    "risk": ("risk", "risks"),
    "action": ("action", "actions"),
    "level": ("level", "levels"),
    "was_were": ("was", "were"),
    "is_are": ("is", "are"),
    "has_have": ("has", "have"),
    "needs": ("needs", "need"),
    "counts": ("counts", "count"),
    "its_their": ("its", "their"),
    "reaches": ("reaches", "reach"),
    "function": ("function", "functions"),
}
AND = "and"
