"""Extract the restrictions and duties of a license from its text, clause by clause.

Owns the term detectors: for each kind of docs/design.md, patterns that recognise
the clause that creates it, and the exclusions that keep precision high (a
warranty disclaimer is not a restriction, a definition is not a grant, a
trademark clause is not a naming duty). Works on any license text, known or
not: nothing here looks at which license a text is. Every pattern bounds its
repetitions, so no input makes it backtrack for long. Entry point:
``extract_terms``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from openness import patterns
from openness.kb.schema import TermKind
from openness.licenses.clauses import Clause, split_clauses
from openness.licenses.numbers import Amount, find_amounts
from openness.licenses.places import find_places
from openness.licenses.rules import (
    DELAYED_OPEN,
    EXCLUDED_PARTIES,
    FEE_REQUIRED,
    LISTED_PARTIES,
    NO_REDISTRIBUTION,
    NON_COMMERCIAL_RULES,
    PARTIES,
    PERSONS_IN_PLACES,
    PRODUCT_RESTRICTION,
    RESEARCH_RULES,
    TERRITORY_BY_RULE,
    USE_RESTRICTIONS,
    TermRule,
    first_match,
    holds_any,
    license_named,
)

MAX_QUOTE_CHARS = 400
"""Quotes of longer clauses are cut to a window around what was found."""


@dataclass(frozen=True)
class Finding:
    """A term found in the clean text."""

    kind: TermKind
    """What sort of term."""
    start: int
    """Start of the quoted clause in the clean text."""
    end: int
    """End of the quoted clause in the clean text."""
    value: int | tuple[str, ...] | None = None
    """Threshold or places."""
    currency: str | None = None
    """Currency of a revenue threshold."""
    note: str | None = None
    """Scope the clause gives the term."""
    unit: str | None = None
    """What a user threshold counts."""
    period: str | None = None
    """The period of a revenue threshold."""
    after: str | None = None
    """When a delayed-open license changes."""


# Patterns are matched against lower-cased clauses, so they need no IGNORECASE
# (which would make every search slower); they are written in lower case.
_FLAGS = re.DOTALL


def _compile(pattern: str) -> re.Pattern[str]:
    return patterns.compiled(pattern, _FLAGS)


# Words for "the licensed thing" in AI licenses.
_THING = r"(?:model|materials|software|work|outputs?|results|weights|derivatives?|llama|gemma)"
_USES = r"(?:purposes?|use|uses|research|activit\w+|applications?|settings?)\b"
_NOT = r"(?:not|never|no\s+longer|prohibited\s+from|forbidden\s+to|agree\s+not\s+to)"
_MODEL_WORDS = (
    r"(?:(?:large\s+)?language\s+models?|llms?|(?:ai|artificial\s+intelligence|machine[- ]learning"
    r"|foundation|generative)\s+(?:models?|systems?)|models?)"
)

USER_WORDS = _compile(
    r"\b(?:monthly|daily|weekly)?\s*active\s+users\b|\b[mdw]aus?\b|\busers\b|\bvisit(?:s|ors)\b"
    r"|\bdevices\b|\binstallations\b|\bseats\b|\bend[- ]users\b|\bsubscribers\b"
    r"|\bemployees\b|\bcustomers\b|\bmonthly\s+actives?\b"
)
UNITS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (unit, patterns.compiled(pattern))
    for unit, pattern in (
        ("daily_active_users", r"\bdaily\s+active\s+users\b|\bdaus?\b|\bdaily\s+users\b"),
        ("weekly_active_users", r"\bweekly\s+active\s+users\b|\bwaus?\b"),
        ("monthly_active_users", r"\bmonthly\s+active\s+users\b|\bmaus?\b|\bmonthly\s+actives?\b"
         r"|\bactive\s+users\b[^.;]{0,40}\b(?:per|a|each|in\s+(?:a|any|the\s+preceding))\s+"
         r"(?:calendar\s+)?month\b|\bmonthly\s+users\b"),
        ("monthly_visits", r"\bmonthly\s+(?:unique\s+)?visit(?:s|ors)\b"
         r"|\bvisit(?:s|ors)\b[^.;]{0,30}\b(?:per|a|each)\s+month\b"),
        ("visits", r"\bvisit(?:s|ors)\b"),
        ("devices", r"\bdevices\b|\binstallations\b"),
        ("seats", r"\bseats\b"),
        ("employees", r"\bemployees\b"),
        ("customers", r"\bcustomers\b|\bsubscribers\b"),
        ("users", r"\busers\b|\bend[- ]users\b"),
    )
)  # fmt: skip
"""What a user threshold counts, most specific first."""
THRESHOLD_WORDS = _compile(
    r"\b(?:more|greater|fewer|less|higher|lower)\s+than\b|\bexceed\w*|\bin\s+excess\s+of\b"
    r"|\babove\b|\bover\b|\bbelow\b|\bunder\b|\bup\s+to\b|\bat\s+least\b|\breach\w*|\bthreshold"
)
REVENUE_WORDS = _compile(
    r"\b(?:annual\s+|yearly\s+|gross\s+)?(?:revenues?|turnover|income|sales|earnings|receipts)\b"
    r"|\bearn(?:s|ing)?\b|\bmakes?\s+more\s+than\b"
)

GEO_CONTEXT = _compile(
    r"\b(?:domiciled|located|resident|residing|reside|based|incorporated|headquartered|organized"
    r"|principal\s+place\s+of\s+business|citizens?|nationals?|persons?|entities|companies"
    r"|individuals?|users?|customers?|effect|force|valid|void|apply|applies|exercised|available)\b"
    r".{0,60}$"
    r"|\b(?:use|used|using|deploy\w*|distribut\w*|offer\w*|provid\w*|access\w*|available|export\w*"
    r"|operat\w*)\b.{0,40}\b(?:in|within|into|to|from)\s+(?:the\s+)?$"
    r"|\b(?:excluding|exclusive\s+of|except(?:\s+for|\s+in)?|other\s+than|outside(?:\s+of)?"
    r"|apart\s+from|save\s+for|but\s+not(?:\s+in)?)\s+(?:persons\s+(?:located\s+)?in\s+)?"
    r"(?:the\s+)?(?:territor(?:y|ies)\s+of\s+(?:the\s+)?)?(?:[\w'-]+(?:\s+[\w'-]+){0,3}?"
    r"(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:the\s+)?){0,12}$"
)
GEO_DENIAL = _compile(
    r"\bnot\s+(?:being\s+)?(?:granted|licensed|permitted|allowed|authori[sz]ed|available)"
    r"|\b(?:may|shall|must|will|can)\s+not\b|\bcannot\b|\bprohibited\b|\bexcluded?\b"
    r"|\bno\s+(?:rights?|license)\b|\bexcept\b|\brestricted\b|\bexcluding\b|\bexclusive\s+of\b"
    r"|\b(?:do|does|shall|will)\s+not\s+(?:extend|apply|cover)\b|\bvoid\b"
    r"|\breceive[sd]?\s+no\b|\bother\s+than\b|\b(?:only|solely|exclusively)\b"
    r"|\bwithh[eo]ld\w*|\bnot\s+(?:an?\s+)?licensees?\b|\b(?:not\s+eligible|ineligible)\b"
    r"|\bno\s+(?:right|permission)\b|\bno\s+effect\b|\bnobody\b|\bno\s+(?:one|person|entity"
    r"|individual|company|organi[sz]ation)\b|\bnone\s+of\b"
)
COMPLIANCE = _compile(
    r"\b(?:violat\w*|comply\s+with|compliance\s+with|in\s+accordance\s+with)\s+(?:any\s+|all\s+)?"
    r"(?:applicable\s+)?(?:export\s+)?(?:laws?|regulations)\b"
    r"|\b(?:re-?)?export\w*\b.{0,300}?\b(?:regulations?|laws?|administration|embargo\w*|eligible"
    r"|controls?|sanctions?\s+(?:laws?|regulations?|programs?))\b"
    r"|\b(?:regulations?|laws?|embargo\w*)\b.{0,300}?\b(?:re-?)?export\w*\b"
)
"""A notice that export law applies: not a territory the license itself withholds."""


def _is_compliance_notice(text: str) -> bool:
    # Every branch of COMPLIANCE names a law, a regulation or export.
    if "law" not in text and "regulation" not in text and "export" not in text:
        return False
    return COMPLIANCE.search(text) is not None


GEO_NOT_A_RESTRICTION = _compile(
    r"^(?:'s\b|\s*\)|\s+(?:government|law|laws|regulations?|courts?|state|federal|department"
    r"|export|national\s+security|sanctions?|dollars?|currency|gaap|time\b|english\b))"
)

NON_COMMERCIAL: tuple[TermRule, ...] = (
    TermRule(
        "nc_non_commercial_uses_only",
        TermKind.NON_COMMERCIAL,
        rf"\bnon-?\s?commercial[\w\s,-]{{0,40}}?\b{_USES}.{{0,60}}?\b(?:only|solely|"
        r"exclusively)\b",
        ("only", "solely", "exclusively"),
        "You may use the Model for non-commercial research purposes only.",
    ),
    TermRule(
        "nc_only_non_commercial",
        TermKind.NON_COMMERCIAL,
        rf"\b(?:only|solely|exclusively)\b.{{0,120}}?\bnon-?\s?commercial[\w\s,-]{{0,40}}?"
        rf"\b{_USES}",
        ("only", "solely", "exclusively"),
        "The Software may be used solely for non-commercial purposes.",
    ),
    TermRule(
        "nc_other_than_commercial",
        TermKind.NON_COMMERCIAL,
        r"\bother\s+than\s+(?:for\s+)?(?:any\s+)?commercial\b",
        ("other than",),
        "You may use the Model for any purpose other than commercial purposes.",
    ),
    TermRule(
        "nc_not_for_commercial",
        TermKind.NON_COMMERCIAL,
        rf"\b{_NOT}\b.{{0,120}}?\b(?:for|in|with)\s+(?:any\s+|a\s+)?(?:\(\w+\)\s+)?"
        r"(?:any\s+)?commercial\b",
        ("not", "prohibit", "forbid", "never"),
        "You may not use the Model for any commercial purpose.",
    ),
    TermRule(
        "nc_commercial_use_prohibited",
        TermKind.NON_COMMERCIAL,
        r"\bcommercial\s+(?:use|uses|purposes?|exploitation)\s+(?:is|are)\s+(?:strictly\s+)?"
        r"(?:not\s+(?:permitted|allowed|authori[sz]ed)|prohibited|forbidden|excluded)",
        ("commercial use", "commercial purpose", "commercial exploitation"),
        "Commercial use is strictly prohibited.",
    ),
    TermRule(
        "nc_not_intended_for_commercial",
        TermKind.NON_COMMERCIAL,
        r"\bnot\s+(?:for|intended\s+for)\s+commercial\b|\bno\s+commercial\s+use",
        ("not for", "not intended", "no commercial"),
        "The Model is not intended for commercial use.",
    ),
    TermRule(
        "nc_for_non_commercial_use",
        TermKind.NON_COMMERCIAL,
        r"\b(?:for|to)\s+(?:your\s+)?non-?\s?commercial\s+(?:purposes|use|uses)\b",
        ("non-commercial", "noncommercial", "non commercial"),
        "The Licensor grants you a license to use the Model for your non-commercial purposes.",
    ),
    TermRule(
        "nc_commercial_needs_steps",
        TermKind.NON_COMMERCIAL,
        r"\bcommercial\s+(?:purposes|use|uses)\b.{0,160}?\b(?:must|shall|need\s+to|are\s+"
        r"required\s+to|will\s+need\s+to)\s+(?:\w+\s+){0,3}?(?:obtain|apply|request|register"
        r"|contact|seek|enter\s+into)\b",
        ("commercial purposes", "commercial use"),
        "For commercial use, you must first obtain a commercial license from the Licensor.",
    ),
    TermRule(
        "nc_commercial_needs_license",
        TermKind.NON_COMMERCIAL,
        r"\bcommercial\s+purposes\b.{0,240}?\b(?:obtain|apply\s+for|request)\s+(?:a\s+|the\s+)?"
        r"(?:separate\s+|commercial\s+)?licen[sc]e\b",
        ("commercial purposes",),
        "If you want to use the Model for commercial purposes, please request a separate license.",
    ),
    TermRule(
        "nc_commercial_requires_license",
        TermKind.NON_COMMERCIAL,
        r"\bcommercial\s+(?:purposes?|use|uses|exploitation|activit\w+|deployments?)\b.{0,80}?"
        r"\b(?:requires?|needs?|is\s+subject\s+to|are\s+subject\s+to|is\s+conditional\s+(?:up)?on"
        r"|depends?\s+on)\s+(?:a\s+|an\s+|the\s+)?(?:(?:prior|separate|written|explicit|express"
        r"|commercial|additional|specific|individual)\s+){1,3}(?:licen[cs]e|agreement|permission"
        r"|consent|authori[sz]ation|approval)",
        (
            "commercial purpose",
            "commercial use",
            "commercial exploitation",
            "commercial activ",
            "commercial deploy",
        ),
        "Any use of the Model for a commercial purpose requires a separate written license.",
    ),  # fmt: skip
    TermRule(
        "nc_only_non_commercially",
        TermKind.NON_COMMERCIAL,
        r"\b(?:only|solely|exclusively)\b.{0,80}?\b(?:use[ds]?|using)\b.{0,60}?"
        r"\bnon-?\s?commercially\b|\b(?:use[ds]?|using)\b.{0,40}?\bnon-?\s?commercially\s+"
        r"(?:only|solely|exclusively)\b",
        ("commercially",),
        "The Work may only be used non-commercially.",
    ),
    TermRule(
        "nc_commercial_needs_form",
        TermKind.NON_COMMERCIAL,
        r"\bcommercial\s+(?:purposes|use|uses)\b.{0,200}?\b(?:registration|application)\s+form\b",
        ("form",),
        "Commercial use requires completing the registration form on our website.",
    ),
)
RESEARCH_ONLY: tuple[TermRule, ...] = (
    TermRule(
        "research_solely_for",
        TermKind.RESEARCH_ONLY,
        r"\b(?:only|solely|exclusively)\s+(?:\w+\s+){0,3}?(?:for|in\s+connection\s+with)\s+"
        r"[\w\s,()-]{0,60}?\b(?:research|evaluation|testing|non-?\s?production)\b"
        r"(?!\s+(?:and|or)\s+commercial)",
        ("only", "solely", "exclusively"),
        "You may use the Model solely for research and evaluation.",
    ),
    TermRule(
        "research_other_than_production",
        TermKind.RESEARCH_ONLY,
        r"\bother\s+than\s+[\w\s]{0,30}?\bproduction\b",
        ("other than",),
        "You may use the Model for any purpose other than production.",
    ),
    TermRule(
        "research_excludes_production",
        TermKind.RESEARCH_ONLY,
        r"\b(?:does|do|shall)\s+not\s+include\s+(?:any\s+)?production\s+use",
        ("not include",),
        "The permitted use does not include production use.",
    ),
    TermRule(
        "research_purposes_only",
        TermKind.RESEARCH_ONLY,
        r"\b(?:research|evaluation|academic|non-?\s?production)\s+(?:and\s+\w+\s+)?"
        r"(?:purposes|use|uses)\s+only\b",
        ("only",),
        "The Model is licensed for research purposes only.",
    ),
    TermRule(
        "research_non_commercial_research",
        TermKind.RESEARCH_ONLY,
        r"\bnon-?\s?commercial\s*,?\s+(?:non-?revenue\s+generating\s*,?\s+)?research\s+"
        r"purposes\b",
        ("research purposes",),
        "You may use the Model for non-commercial research purposes.",
    ),
    TermRule(
        "research_may_only_use",
        TermKind.RESEARCH_ONLY,
        r"\b(?:shall|may|must)\s+only\s+use\b.{0,120}?\bresearch\b",
        ("only use",),
        "You may only use the Model for academic research.",
    ),
    TermRule(
        "research_not_in_production",
        TermKind.RESEARCH_ONLY,
        rf"\b{_NOT}\b.{{0,120}}?\b(?:for|in)\s+(?:any\s+)?(?:\(\w+\)\s+)?(?:any\s+)?"
        r"(?:commercial\s+or\s+)?production\b",
        ("production",),
        "You may not deploy the Model in production.",
    ),
)
USE_POLICY = _compile(
    r"\b(?:acceptable|prohibited|responsible|permitted)\s+use\s+polic(?:y|ies)\b|\baup\b"
    r"|\btrustworthy\s+ai\s+terms\b|\buse[- ]based"
    r"\s+restrictions\b|\buse\s+restrictions\b|\battachment\s+a\b|\bappendix\s+a\b"
)
_POLICY_WORDS = patterns.compiled(r"polic|aup|restriction|attachment|appendix|trustworthy")
_GUARDRAIL_WORDS = patterns.compiled(r"guardrail|safety")
USE_POLICY_BINDING = _compile(
    r"\b(?:comply|compliance|adhere|subject\s+to|incorporated|in\s+accordance|accordance|agree"
    r"|governed|must|shall|set\s+forth|considered|conflicts?)\b"
)
USE_PROHIBITION: tuple[TermRule, ...] = (
    TermRule(
        "use_you_will_not_use",
        TermKind.USE_RESTRICTIONS,
        rf"\b(?:you|licensee|user)s?\b.{{0,40}}?\b(?:will|shall|must|may|agree(?:s)?\s+"
        rf"(?:that\s+you\s+)?(?:will|shall)?)\s*{_NOT}\s+(?:to\s+)?(?:\w+,?\s+){{0,3}}?use\b",
        ("not", "prohibit", "forbid", "never"),
        "You will not use the Model for military purposes.",
    ),
    TermRule(
        "use_agree_not_to_use",
        TermKind.USE_RESTRICTIONS,
        r"\b(?:you|licensee)s?\b.{0,20}?\bagree(?:s)?\s+not\s+to\s+use\b",
        ("agree not",),
        "You agree not to use the Software to harm others.",
    ),
    TermRule(
        "use_prohibited_uses",
        TermKind.USE_RESTRICTIONS,
        r"\bprohibited\s+uses?\b|\brestricted\s+uses?\b",
        ("prohibited use", "restricted use"),
        "Prohibited uses: the Model may not be used to generate spam.",
    ),
    TermRule(
        "use_not_be_used_for",
        TermKind.USE_RESTRICTIONS,
        r"\b(?:may|shall|must|will)\s+not\s+be\s+used\s+(?:to|for|in)\b",
        ("not be used",),
        "The Model must not be used to engage in unlawful activity.",
    ),
    TermRule(
        "use_cannot_use",
        TermKind.USE_RESTRICTIONS,
        r"\bcannot\s+use\s+the\s+" + _THING,
        ("cannot use",),
        "You cannot use the model for any illegal purpose.",
    ),
    TermRule(
        "use_must_be_consistent",
        TermKind.USE_RESTRICTIONS,
        r"\buse\s+of\s+the\s+\w+\b.{0,60}?\bmust\s+(?:be\s+consistent\s+with|comply"
        r"\s+with|adhere\s+to)\b",
        ("must",),
        "Use of the Model must be consistent with the guidelines below.",
        standalone=True,
    ),
    TermRule(
        "use_safety_bypass_terminates",
        TermKind.USE_RESTRICTIONS,
        r"\b(?:bypass|circumvent|disable|remove)\w*\b.{0,200}?\b(?:safety|guardrails?)\b"
        r".{0,200}?\b(?:terminat\w*|rights)\b",
        ("safety", "guardrail"),
        "If you bypass or disable the safety guardrails of the Model, your rights under this "
        "license terminate.",
        standalone=True,
    ),
)
USE_PURPOSE = _compile(
    r":\s*$|\b(?:to|for|in)\s+(?:any\s+)?(?:way|manner|purpose|military|surveillance|illegal"
    r"|unlawful|harm\w*|violat\w*|engage|generat\w*|promot\w*|facilitat\w*|creat\w*|develop\w*"
    r"|discriminat\w*|defam\w*|deceiv\w*|exploit\w*|impersonat\w*|provid\w*)\b|\bact\s+that\b"
)
MODEL_IMPROVEMENT = _compile(
    rf"\b(?:{_NOT}|cannot)\b.{{0,160}}?\b(?:use|using|utili[sz]e)\b.{{0,240}}?\bto\s+"
    r"(?:\w+,?\s+){0,4}?(?:improve|train|fine-?tune|enhance|develop|build|distill)\w*\b.{0,40}?"
    r"\b(?:any|other|another|third[- ]party|competing|similar)\s+(?:[\w-]+\s+){0,3}?" + _MODEL_WORDS
)
MODEL_IMPROVEMENT_OTHER = _compile(
    rf"\b{_NOT}\b.{{0,120}}?\b(?:improve|train|develop)\w*\s+(?:\w+\s+){{0,3}}?"
    rf"(?:other|competing)\s+{_MODEL_WORDS}"
    rf"|\b(?:{_NOT}|cannot)\b.{{0,160}}?\b(?:use|using|utili[sz]e)\b.{{0,160}}?\bto\s+"
    r"(?:\w+,?\s+){0,4}?(?:train|fine-?tune|distill|develop|build|create|improve)\w*\b"
    rf"(?:\s+(?:\w+,?\s+){{0,3}}?)?.{{0,20}}?{_MODEL_WORDS}\b.{{0,160}}?\b(?:competitive|competing"
    r"|compet\w+|similar|comparable|equivalent)\s+(?:with|to)\b"
)
"""A ban on training other models (or models that compete with this one) on it or its output."""
PASS_THROUGH: tuple[TermRule, ...] = (
    TermRule(
        "pass_enforceable_provision",
        TermKind.RESTRICTIONS_PASS_THROUGH,
        r"\benforceable\s+provisions?\b",
        ("enforceable provision",),
        "Any agreement under which you distribute the Model must include the use restrictions as "
        "an enforceable provision.",
    ),
    TermRule(
        "pass_license_of_choice",
        TermKind.RESTRICTIONS_PASS_THROUGH,
        r"\blicense\s+of\s+your\s+choice\b.{0,80}?\b(?:does\s+not\s+contradict|consistent\s+"
        r"with|includes?)\b.{0,60}?\b(?:restrictions|attachment|paragraph)",
        ("of your choice",),
        "You may distribute your modifications under a license of your choice that does not "
        "contradict the restrictions in Attachment A.",
    ),
    TermRule(
        "pass_derivatives_remain_subject",
        TermKind.RESTRICTIONS_PASS_THROUGH,
        r"\b(?:derivative|modif)\w*\b.{0,160}?\b(?:will|shall|must)\s+(?:also\s+)?(?:remain|"
        r"be|continue\s+to\s+be)\s+subject\s+to\s+(?:this\s+agreement|the\s+(?:same\s+)?"
        r"(?:restrictions|limitations|use)|these\s+terms)",
        ("subject to",),
        "Any derivative of the Model shall remain subject to this agreement.",
    ),
    TermRule(
        "pass_require_recipients",
        TermKind.RESTRICTIONS_PASS_THROUGH,
        r"\b(?:must|shall)\s+(?:\w+\s+){0,3}?(?:require|ensure|bind|obligate)\b.{0,120}?"
        r"\b(?:users?|recipients?|licensees?|third\s+parties|end\s+users?)\b.{0,120}?"
        r"\b(?:comply|adhere|abide|be\s+bound|subject)\b.{0,80}?\b(?:restrictions?|"
        r"paragraph\s+\d|section\s+\d|policy|attachment|use)\b",
        ("require", "ensure", "bind", "obligate"),
        "You must require all recipients to comply with the restrictions in Section 5.",
    ),
    TermRule(
        "pass_same_use_based_restrictions",
        TermKind.RESTRICTIONS_PASS_THROUGH,
        r"\b(?:same|these|such)\s+use[- ]based\s+restrictions\b.{0,80}?\b(?:include|"
        r"apply|impose)\b|\binclude\s+(?:-\s+)?at\s+minimum\b.{0,40}?\brestrictions\b",
        ("use-based restrictions", "use based restrictions", "at minimum"),
        "The same use-based restrictions apply to every copy you distribute.",
    ),
    TermRule(
        "pass_restrictions_apply_to_derivatives",
        TermKind.RESTRICTIONS_PASS_THROUGH,
        r"\b(?:use(?:[- ]based)?\s+(?:restrictions?|limitations?)|(?:restrictions?|limitations?"
        r"|prohibitions?)\s+(?:set\s+forth|stated|contained|described|listed)\s+(?:herein|in\s+"
        r"(?:this|these|section|paragraph|attachment|exhibit))|(?:restrictions?|limitations?)\s+"
        r"(?:in|of|under)\s+(?:section|paragraph|attachment|exhibit|this\s+(?:agreement|license)))"
        r"\b.{0,160}?\b(?:also\s+)?(?:apply|applies|extends?)\s+(?:equally\s+)?to\s+(?:any\s+|all\s+"
        r"|your\s+|each\s+)?(?:derivative|modif|fine-?tun|adapt)\w*",
        ("apply", "applies", "extend"),
        "The use restrictions of this license also apply to any derivative you make.",
    ),
    TermRule(
        "pass_flow_down",
        TermKind.RESTRICTIONS_PASS_THROUGH,
        r"\b(?:pass|flow)\s+(?:these\s+|the\s+)?(?:restrictions|terms)\s+(?:on|down|through)",
        ("pass ", "flow "),
        "You must pass these restrictions on to anyone who receives the Model.",
    ),
)
NO_DERIVATIVES: tuple[TermRule, ...] = (
    TermRule(
        "nd_no_derivatives",
        TermKind.NO_DERIVATIVES,
        r"\bno\s*-?\s*derivatives\b(?!\s+of)|\bnoderivatives\b|\bno\s+derivative\s+works\b",
        ("no deriv", "noderiv", "no-deriv", "no derivative"),
        "The Model is provided on a no-derivatives basis.",
    ),
    TermRule(
        "nd_not_share_adapted",
        TermKind.NO_DERIVATIVES,
        r"\bnot\s+share\s+adapted\s+material\b|\bbut\s+not\s+share\b.{0,20}adapted",
        ("not share",),
        "You may not share Adapted Material.",
    ),
    TermRule(
        "nd_may_not_modify",
        TermKind.NO_DERIVATIVES,
        r"\b(?:may|shall|must|will)\s+not\s+(?:\w+,?\s+){0,3}?(?:modify|alter|adapt|"
        r"translate|create\s+derivative\s+works|make\s+derivative|prepare\s+derivative)\b"
        r"(?!(?:\s+(?:or|and)\s+\w+)?(?:\s+\w+){0,3}\s+(?:[\w']+\s+)?(?:notices?|rights|"
        r"copyright|terms|license|licence|the\s+substance))"
        r"(?!.{0,200}?(?:\b(?:for|in)\s+(?:any\s+)?(?:\(\w+\)\s+)?(?:any\s+)?"
        r"(?:commercial|military|illegal|unlawful|purpose)|\bexcept\s+(?:as|under|in)\b"
        r"|\bunless\b|\bwithout\s+(?:the\s+)?(?:prior\s+)?(?:written\s+)?"
        r"(?:permission|consent)))",
        ("not",),
        "You may not modify the Model.",
    ),
    TermRule(
        "nd_no_right_to_modify",
        TermKind.NO_DERIVATIVES,
        r"\bno\s+(?:rights?|permission|licen[cs]e)\s+(?:is\s+|are\s+)?(?:hereby\s+)?(?:granted|"
        r"given|conferred)\s+to\s+(?:\w+,?\s+){0,3}?(?:modify|alter|adapt|change|translate|"
        r"create\s+derivative|make\s+derivative|prepare\s+derivative)\b"
        r"|\b(?:is|are)\s+not\s+(?:permitted|allowed|authori[sz]ed|entitled)\s+to\s+(?:\w+,?\s+)"
        r"{0,3}?(?:modify|alter|adapt|change|translate|create\s+derivative|make\s+derivative)\b",
        (
            "no right",
            "no permission",
            "no licen",
            "not permitted",
            "not allowed",
            "not authori",
            "not entitled",
        ),
        "No right is granted to modify the Model.",
    ),
    TermRule(
        "nd_modification_prohibited",
        TermKind.NO_DERIVATIVES,
        r"\b(?:modifications?|modifying|alterations?|adaptations?|changes\s+to|changing"
        r"|derivative\s+works)\b(?:\s+(?:of|to)\s+(?:the\s+|this\s+)?\w+)?\s+(?:is|are|shall\s+be)"
        r"\s+(?:strictly\s+)?"
        r"(?:not\s+(?:permitted|allowed)|prohibited|forbidden)\b",
        ("not permitted", "prohibited", "not allowed"),
        "Modification of the Software is prohibited.",
    ),
    TermRule(
        "nd_modified_versions_not_distributed",
        TermKind.NO_DERIVATIVES,
        r"\b(?:modified|altered|adapted|changed|derivative|derived|translated)\s+(?:versions?|copies"
        r"|works?|forms?|models?|software)\b.{0,60}?\b(?:may|shall|must|will|can)\s+not\s+be\s+"
        r"(?:\w+\s+)?(?:distributed|published|shared|released|made\s+available|conveyed)"
        r"(?!.{0,200}?\b(?:except|unless|other\s+than|under\s+(?:the\s+terms\s+of\s+)?this\s+"
        r"licen[cs]e|without\s+(?:also\s+)?(?:including|providing|retaining|the\s+(?:source|notice))))"
        r"|\b(?:may|shall|must|will)\s+not\s+(?:\w+,?\s+){0,3}?(?:distribute|publish|share|release)"
        r"\s+(?:any\s+)?(?:modified|altered|adapted|derivative|derived)\s+(?:versions?|copies|works?)"
        r"(?!.{0,200}?\b(?:except|unless|other\s+than|under\s+(?:the\s+terms\s+of\s+)?this\s+"
        r"licen[cs]e|without\s+(?:also\s+)?(?:including|providing|retaining)))",
        ("modified", "altered", "adapted", "changed", "derivative", "derived", "translated"),
        "Modified versions of the Model may not be distributed.",
    ),
)
NEGATIVE_ITEM_NO_REDISTRIBUTION = _compile(
    r"^\W*(?:\w{1,3}[.)]\s+)?(?:share|publish|distribute|redistribute|sublicense|lend|sell|rent|lease)"
    r"\b(?!.{0,200}?\b(?:for|in)\s+(?:any\s+)?(?:\(\w+\)\s+)?(?:any\s+)?(?:commercial|military|"
    r"illegal|unlawful|purpose))"
)
NEGATIVE_ITEM_NOTICES = _compile(
    r"^\W*(?:\w{1,3}[.)]\s+)?(?:alter|remove|obscure|modify|minimi[sz]e|block)\b.{0,60}?\bnotices?\b"
)
UNILATERAL: tuple[TermRule, ...] = (
    TermRule(
        "changes_licensor_may_update",
        TermKind.UNILATERAL_CHANGES,
        r"(?<!you )(?<!everyone )(?<!anyone )(?<!licensee )\b(?:may|reserves?\s+the\s+right"
        r"\s+to|can|will)\s+(?:\w+\s+){0,2}?(?:update|modify|change|amend|revise|replace)"
        r"(?:\s+(?:or|and|and/or)\s+\w+)?\s+(?:any\s+of\s+)?(?:this|these|the|its)\s+"
        r"(?:[\w-]+\s+){0,3}?(?:agreement|license|licence|terms|policy|policies|conditions|guidelines)"
        r"\b",
        ("update", "modify", "change", "amend", "revise", "replace"),
        "The Licensor may update this agreement at any time.",
    ),
    TermRule(
        "changes_subject_to_revision",
        TermKind.UNILATERAL_CHANGES,
        r"\b(?:license|licence|agreement|terms|policy)\s+(?:is|are)\s+subject\s+to\s+(?:\w+\s+)?"
        r"(?:update|change|modification|revision|amendment)",
        ("subject to",),
        "This agreement is subject to revision by the Licensor.",
    ),
    TermRule(
        "changes_restrict_remotely",
        TermKind.UNILATERAL_CHANGES,
        r"\brestrict\s*\(?\s*remotely\b|\bremotely\s+or\s+otherwise\b",
        ("remote",),
        "The Licensor may restrict (remotely or otherwise) usage of the Model that violates this "
        "agreement.",
    ),
    TermRule(
        "changes_most_recent_version",
        TermKind.UNILATERAL_CHANGES,
        r"\bmost\s+recent\s+(?:copy|version)\s+of\s+this\s+(?:policy|agreement|license)\b",
        ("most recent",),
        "You must comply with the most recent version of this policy, as updated.",
    ),
    TermRule(
        "changes_from_time_to_time",
        TermKind.UNILATERAL_CHANGES,
        r"\b(?:updated|amended|modified|revised)\s+from\s+time\s+to\s+time\b",
        ("from time to time",),
        "This policy may be updated from time to time.",
    ),
    TermRule(
        "changes_take_effect_automatically",
        TermKind.UNILATERAL_CHANGES,
        r"\b(?:revised|amended|updated|new|modified|changed)\s+(?:version\s+of\s+(?:this|the)\s+)?"
        r"(?:agreement|license|licence|terms|policy)\b.{0,200}?\b(?:take\s+effect|takes\s+effect"
        r"|become\s+effective|becomes\s+effective|come\s+into\s+(?:force|effect)|(?:be|is)\s+binding)"
        r"\b(?:\s+\w+){0,2}?\s+(?:automatically|upon\s+(?:its\s+)?(?:publication|posting|release))",
        ("effect", "effective", "force", "binding"),
        "The revised agreement takes effect automatically upon its publication on our website.",
    ),
    TermRule(
        "changes_terminate_at_any_time",
        TermKind.UNILATERAL_CHANGES,
        r"\bmay\s+terminate\s+(?:this\s+)?(?:license|licence|agreement)\b.{0,80}?\bat\s+any\s+"
        r"time\b(?!.{0,60}\b(?:breach|violat\w*|fail\w*|non-?compliance)\b)",
        ("terminate",),
        "The Licensor may terminate this license at any time for any reason.",
    ),
)
ATTRIBUTION: tuple[TermRule, ...] = (
    TermRule(
        "attribution_keep_notices",
        TermKind.ATTRIBUTION,
        r"\b(?:retain|keep|reproduce|include|preserve|display|provide|give|contain)\w*\s+"
        r"(?:[\w()]+,?\s+){0,12}?(?:copyright\s+notices?|attribution\s+notices?|notices?\b|credit\b"
        r"|a\s+copy\s+of\s+this\s+(?:license|agreement|licence))",
        ("notice", "credit", "copy of this"),
        "You must retain all copyright notices in the Software.",
    ),
    TermRule(
        "attribution_license_text_available",
        TermKind.ATTRIBUTION,
        r"\b(?:make|makes|made)\s+available\s+(?:the\s+)?(?:text|a\s+copy)\s+of\s+this\s+"
        r"(?:agreement|license|licence)\b",
        ("available",),
        "You must make available a copy of this license with the Model.",
    ),
    TermRule(
        "attribution_retain_the_following",
        TermKind.ATTRIBUTION,
        r"\bretain\s+the\s+following\b|\bidentification\s+of\s+the\s+creator",
        ("retain the following", "creator"),
        "Redistributions must retain the following acknowledgment.",
    ),
    TermRule(
        "attribution_permission_notice",
        TermKind.ATTRIBUTION,
        r"\bcopyright\s+notice\s+and\s+this\s+permission\s+notice\s+shall\s+be\s+included",
        ("permission notice",),
        "The above copyright notice and this permission notice shall be included in all copies.",
    ),
    TermRule(
        "attribution_credit_or_cite",
        TermKind.ATTRIBUTION,
        r"\bgive\s+(?:appropriate\s+)?credit\b|\bprominently\s+display\w*\s+\"?(?:built|"
        r"powered|made)\s+with\b|\bmust\s+(?:\w+\s+){0,3}?cite\b|\battribution\s+notice\b"
        r"|\b(?:must|shall|agrees?\s+to)\s+(?:\w+\s+){0,2}?(?:attribute|acknowledge)\s+(?:the\s+)?"
        r"(?:source|origin|authors?|licensor|original)",
        ("credit", "display", "cite", "attribution notice", "attribute", "acknowledge"),
        "You must give appropriate credit to the original authors.",
    ),
    TermRule(
        "attribution_mark_changes_or_display",
        TermKind.ATTRIBUTION,
        r"\bmust\s+cause\s+any\s+modified\s+files\s+to\s+carry\s+prominent\s+notices\b"
        r"|\b(?:prominently\s+)?display\w*\s+(?:the\s+(?:name|words?|text|logo)\s+)?\"[^\"]{1,60}\"",
        ("modified files", "display"),
        'You must prominently display "Powered by Acme" in your product.',
    ),
)
ATTRIBUTION_EXCLUDE = _compile(
    r"\bendorse\b|\bno\s+notice\b|\bwithout\s+notice\b|\b(?:give|provide)\s+notice\s+to\b"
    r"|\bneed\s+not\b|\bseparate\s+(?:\w+\s+)?notices\b|^this\s+software\s+includes\b"
)
NAMING: tuple[TermRule, ...] = (
    TermRule(
        "naming_prefix",
        TermKind.NAMING,
        r"\b(?:at\s+the\s+beginning\s+of|begin\s+with|start\s+with|prefix\w*|include\s+"
        r"\"?[\w .-]{1,40}\"?\s+in)\s+(?:\w+\s+){0,3}?(?:ai\s+)?(?:model|derivative)s?\s+names?\b",
        ("name",),
        'You must include "Llama" at the beginning of any model name.',
    ),
    TermRule(
        "naming_names_must_begin",
        TermKind.NAMING,
        r"\b(?:model|derivative)s?\s+names?\s+(?:must|shall|should)\s+(?:\w+\s+){0,3}?"
        r"(?:begin|start|include|contain)\b",
        ("name",),
        "Derivative model names must begin with the word Acme.",
    ),
    TermRule(
        "naming_retain_model_names",
        TermKind.NAMING,
        r"\b(?:retain|keep|preserve|maintain)\s+(?:the\s+)?(?:relevant\s+|original\s+)?"
        r"(?:model|product)\s+names?\b",
        ("name",),
        "Derivatives must retain the original model names.",
    ),
    TermRule(
        "naming_must_not_name",
        TermKind.NAMING,
        r"\b(?:must|shall)\s+not\s+(?:\w+\s+){0,3}?(?:name|call|brand)\w*\b.{0,60}?"
        r"\b(?:model|derivative)s?\b",
        ("name", "call", "brand"),
        "You must not name your derivative after the original model.",
    ),
)
SHARE_ALIKE_CONTEXT_PATTERN = (
    r"\b(?:modified|modifications?|derivative|derived|adapted|adapter|based\s+on|entire\s+work"
    r"|covered|larger\s+work|produced\s+work|combined|as\s+a\s+whole|executable|source\s+code)\b"
)
"""What a "distribute under this License" duty must be about to be share-alike (not the
whole work under any terms, but modified or combined works)."""
SHARE_ALIKE: tuple[TermRule, ...] = (
    TermRule(
        "sa_share_alike_words",
        TermKind.SHARE_ALIKE,
        r"\bsharealike\b|\bshare-alike\b|\bcopyleft\b(?!.{0,10}\blicense\s+for\b)",
        ("sharealike", "share-alike", "copyleft"),
        "Adaptations must be shared under a ShareAlike license.",
    ),
    TermRule(
        "sa_under_this_license",
        TermKind.SHARE_ALIKE,
        r"\b(?:must|shall|only)\s+(?:\w+,?\s+){0,6}?(?:license|licensed|distribute[sd]?|"
        r"made\s+available|offered|be|do\s+so)\s+(?:\w+,?\s+){0,6}?under\s+(?:the\s+terms\s+of\s+)?"
        r"(?:this|the\s+same)\s+(?:license|licence|agreement)\b",
        ("this licen", "same licen", "this agreement", "same agreement"),
        "Modified versions must be distributed under this License.",
        requires=SHARE_ALIKE_CONTEXT_PATTERN,
    ),
    TermRule(
        "sa_license_elements",
        TermKind.SHARE_ALIKE,
        r"\bsame\s+license\s+elements\b|\bcompatible\s+license\b.{0,60}?\badapt",
        ("license elements", "compatible license"),
        "You must apply a license with the same License Elements.",
    ),
    TermRule(
        "sa_under_the_terms_of",
        TermKind.SHARE_ALIKE,
        r"\b(?:must|shall)\b.{0,200}?\b(?:be\s+)?(?:only\s+)?(?:licensed|distributed|"
        r"conveyed|made\s+available|offered|be)\b.{0,80}?\bunder\s+the\s+terms\s+of"
        r"(?:\s+this\s+license|\s*:)",
        ("under the terms of",),
        "Derivative works you convey must, as a whole, be made available under the terms of: the "
        "Example Public License.",
        requires=SHARE_ALIKE_CONTEXT_PATTERN,
    ),
    TermRule(
        "sa_incorporates_gpl",
        TermKind.SHARE_ALIKE,
        r"\bincorporates\s+the\s+terms\s+and\s+conditions\s+of\b.{0,40}?\bgeneral\s+"
        r"public\s+license\b",
        ("incorporates the terms",),
        "This license incorporates the terms and conditions of version 3 of the GNU General "
        "Public License.",
    ),
    TermRule(
        "sa_terms_permit_modification",
        TermKind.SHARE_ALIKE,
        r"\b(?:terms|license)\b.{0,80}?\b(?:do\s+not\s+restrict|permit)\s+"
        r"modification\b",
        ("modification",),
        "The terms of your license must permit modification of the work for the customer's own "
        "use.",
    ),
)
SHARE_ALIKE_EXCLUDE = _compile(r"\bcontribution\b|\bsubmitted\b|\bnotice\s+file\b")
RESTRICTIVE = _compile(r"\b(?:only|solely|exclusively|limited\s+to|other\s+than)\b")
DEFINED_TERM = patterns.compiled(
    r"^(?:[\w.()]{1,6}\s+)?(?:\"([^\"]{1,80})\"|([A-Z][\w\-]*(?:\s+[A-Z&][\w\-]*){0,5}))"
)
GRANT = _compile(
    r"\b(?:grants?|granted|hereby\s+grants?|permission\s+is\s+hereby\s+granted|you\s+(?:may|can|"
    r"are\s+free\s+to)|free\s+of\s+charge|royalty-free)\b"
)
GRANT_USE = _compile(r"\b(?:use|run|execute|reproduce|copy|deal\s+in|perform)\b")
GRANT_MODIFY = _compile(r"\b(?:modify|modifications?|derivative\s+works|adapt|alter|remix|merge)\b")
GRANT_SHARE = _compile(r"\b(?:distribute|redistribute|sublicense|convey|share|publish|sell)\b")


def normalize(text: str) -> str:
    r"""Return *text* lower-cased with line breaks as spaces, character for character.

    Offsets found in the result are offsets in *text*: the rare characters whose
    lower case is longer (such as "İ") keep one character.

    >>> normalize("Line\nBREAK İ")
    'line break i'
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(char.lower()[:1] for char in text)
    return lowered.replace("\n", " ")


def extract_terms(clean: str | Sequence[Clause]) -> list[Finding]:
    """Find every term in the clean text of a license, in text order.

    Definitions are not read as grants or restrictions, with two exceptions:
    a definition that says the thing defined may be updated is a unilateral
    change, and the definition of a term that a restrictive clause relies on
    ("only for Research Purposes") is read for what it limits use to.

    Args:
        clean: the prepared text (see ``openness.licenses.text``), or its clauses.

    Returns:
        One finding per clause and kind, sorted by position.
    """
    clauses = list(split_clauses(clean)) if isinstance(clean, str) else list(clean)
    definitions = _definitions(clauses)
    found: dict[tuple[TermKind, int], Finding] = {}
    for clause in clauses:
        if clause.is_shouting:
            continue
        lowered = normalize(clause.text)
        hits = [
            (clause, hit) for hit in _clause_hits(clause.text, clause.is_definition, clause.opener)
        ]
        if not clause.is_definition and RESTRICTIVE.search(lowered):
            hits += _defined_scope(lowered, definitions)
        for where, hit in hits:
            finding = _locate(where, hit)
            found.setdefault((finding.kind, finding.start), finding)
    findings = sorted(found.values(), key=lambda f: (f.start, f.kind.value))
    return _without_narrow_grants(clauses, findings)


COMMERCIAL_GRANT = _compile(
    r"\b(?:for|including)\s+(?:both\s+)?commercial\s+(?:and|or)\s+non-?\s?commercial\s+"
    r"(?:purposes|use|uses)\b|\bfor\s+(?:both\s+)?non-?\s?commercial\s+(?:and|or)\s+commercial\s+"
    r"(?:purposes|use|uses)\b|\bcommercial\s+(?:use|uses|purposes)\s+(?:is|are)\s+(?:also\s+)?"
    r"(?:permitted|allowed)\b"
)
"""A grant that names commercial use as allowed."""
_SCOPED = (TermKind.NON_COMMERCIAL, TermKind.RESEARCH_ONLY)
_NARROWING = _compile(
    r"\b(?:personal|private|internal|research|evaluat\w*|non-?\s?commercial|academic|educat\w*"
    r"|testing|non-?profit|hobby)\b"
)
GRANT_DEPLOY = _compile(r"\b(?:deploy|distribute|redistribute|sublicense|convey|publish|sell)\b")


_RIGHTS_VERBS = patterns.compiled(
    r"\b(?:use|reproduce|copy|display|perform|modify|distribute|deploy|sublicense|translate)\b"
)
_NEGATED = patterns.compiled(r"\b(?:no|not|never|nor)\b|n't\b")


def _is_scoped_grant(text: str) -> bool:
    """Tell a grant of several rights for one scope, as opposed to a restriction.

    "You may use, reproduce, modify and distribute it solely for internal research".
    """
    verbs = {m.group() for m in _RIGHTS_VERBS.finditer(text)}
    return bool(GRANT.search(text)) and len(verbs) >= 3 and not _NEGATED.search(text)


def _is_broad_grant(text: str) -> bool:
    """Tell a grant of use, change and distribution with no narrowing scope."""
    if not GRANT.search(text) or RESTRICTIVE.search(text):
        return False
    if COMMERCIAL_GRANT.search(text):
        return True
    return bool(
        _BROAD_USE.search(text)
        and _BROAD_MODIFY.search(text)
        and GRANT_DEPLOY.search(text)
        and not _NARROWING.search(text)
    )


_BROAD_USE = _compile(r"\b(?:use|run|execute)\b")
_BROAD_MODIFY = _compile(r"\b(?:modify|adapt|alter|(?:create|prepare)\s+derivative\s+works)\b")


def _without_narrow_grants(clauses: list[Clause], findings: list[Finding]) -> list[Finding]:
    """Drop the scope of one grant when another grant of the text allows commercial use.

    A license may grant internal or personal use in one section and commercial
    use in the next ("for commercial or non-commercial purposes"): the first
    grant's "solely for personal use" is then not a limit on the license.
    """
    broad = [c for c in clauses if not c.is_definition and _is_broad_grant(normalize(c.text))]
    if not broad:
        return findings
    first_broad = min(c.start for c in broad)
    narrow = [
        (c.start, c.end)
        for c in clauses
        if c.is_definition
        or (c.start < first_broad and c not in broad and _is_scoped_grant(normalize(c.text)))
    ]
    return [
        f
        for f in findings
        if f.kind not in _SCOPED or not any(start <= f.start < end for start, end in narrow)
    ]


@lru_cache(maxsize=8192)
def _clause_hits(text: str, is_definition: bool, opener: str | None) -> tuple[_Hit, ...]:
    """Return what the detectors find in one clause (many licenses share clauses)."""
    clause = Clause(text, 0, is_definition, False, opener)
    lowered = normalize(text)
    detectors = DEFINITION_DETECTORS if is_definition else DETECTORS
    return tuple(hit for detector in detectors for hit in detector(clause, lowered))


def _definitions(clauses: list[Clause]) -> dict[str, Clause]:
    """Map each defined term (lower case) to the clause defining it."""
    definitions = {}
    for clause in clauses:
        if clause.is_definition:
            match = DEFINED_TERM.match(clause.text)
            if match is not None:
                definitions[(match.group(1) or match.group(2)).strip().lower()] = clause
    return definitions


def _defined_scope(text: str, definitions: dict[str, Clause]) -> list[tuple[Clause, _Hit]]:
    """Read the definitions a restrictive clause relies on for the uses they allow."""
    hits = []
    for term, definition in definitions.items():
        if len(term) > 3 and re.search(rf"\b{re.escape(term)}\b", text):
            lowered = normalize(definition.text)
            for detector in (_detect_non_commercial, _detect_research_only):
                hits += [(definition, hit) for hit in detector(definition, lowered)]
    return hits


def grant_covers_everything(clean: str | Sequence[Clause]) -> bool:
    """Tell whether some grant clause covers use, modification and redistribution."""
    for clause in split_clauses(clean) if isinstance(clean, str) else clean:
        if clause.is_definition or not GRANT.search(clause.text):
            continue
        text = normalize(clause.text)
        if GRANT_USE.search(text) and GRANT_MODIFY.search(text) and GRANT_SHARE.search(text):
            return True
    return False


@dataclass(frozen=True)
class _Hit:
    kind: TermKind
    start: int
    end: int
    value: int | tuple[str, ...] | None = None
    currency: str | None = None
    note: str | None = None
    unit: str | None = None
    period: str | None = None
    after: str | None = None


def _locate(clause: Clause, hit: _Hit) -> Finding:
    """Turn a hit inside a clause into a finding whose span is the quoted clause."""
    start, end = 0, len(clause.text)
    if end > MAX_QUOTE_CHARS:
        middle = (hit.start + hit.end) // 2
        start = max(0, min(middle - MAX_QUOTE_CHARS // 2, end - MAX_QUOTE_CHARS))
        end = min(len(clause.text), start + MAX_QUOTE_CHARS)
        start, end = _word_bounds(clause.text, start, end)
    return Finding(
        kind=hit.kind,
        start=clause.start + start,
        end=clause.start + end,
        value=hit.value,
        currency=hit.currency,
        note=hit.note,
        unit=hit.unit,
        period=hit.period,
        after=hit.after,
    )


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and not text[start - 1].isspace():
        start += 1
    while end < len(text) and not text[end].isspace() and end > start + 1:
        end -= 1
    return start, end


def _first(rules: tuple[TermRule, ...], text: str) -> re.Match[str] | None:
    return first_match(rules, text)[1]


def _detect_user_threshold(clause: Clause, text: str) -> Iterator[_Hit]:
    users = USER_WORDS.search(text)
    if users is None or not THRESHOLD_WORDS.search(text):
        return
    amounts = [a for a in find_amounts(clause.text) if a.value >= 1000 and a.currency is None]
    if not amounts:
        return
    nearest = min(amounts, key=lambda a: abs(a.start - users.start()))
    if abs(nearest.start - users.start()) > 200:
        return
    window = text[max(0, nearest.start - 160) : nearest.end + 160]
    unit = next((name for name, pattern in UNITS if pattern.search(window)), "users")
    yield _Hit(TermKind.USER_THRESHOLD, nearest.start, nearest.end, nearest.value, unit=unit)


def _detect_revenue_threshold(clause: Clause, text: str) -> Iterator[_Hit]:
    revenue = REVENUE_WORDS.search(text)
    if revenue is None or not THRESHOLD_WORDS.search(text):
        return
    amounts = [a for a in find_amounts(clause.text) if a.value >= 1000 and _is_money(a, text)]
    if not amounts:
        return
    nearest = min(amounts, key=lambda a: abs(a.start - revenue.start()))
    if abs(nearest.start - revenue.start()) > 200:
        return
    window = text[max(0, revenue.start() - 120) : max(revenue.end(), nearest.end) + 120]
    period = next((name for name, pattern in PERIODS if pattern.search(window)), None)
    yield _Hit(
        TermKind.REVENUE_THRESHOLD,
        nearest.start,
        nearest.end,
        nearest.value,
        nearest.currency or "USD",
        period=period,
    )


_MONTHLY = (
    r"\bmonthly\b|\bper\s+(?:calendar\s+)?month\b|\b(?:a|each|any|one)\s+"
    r"(?:calendar\s+)?month\b|\bmonth\b"
)
_QUARTERLY = r"\bquarterly\b|\bper\s+quarter\b|\b(?:a|each|any)\s+quarter\b"
_ANNUAL = (
    r"\bannual\w*\b|\byearly\b|\bper\s+(?:year|annum)\b|\bfiscal\s+year\b"
    r"|\b(?:a|each|any|one|preceding|prior|previous|last)\s+(?:calendar\s+)?"
    r"year\b|\btwelve\s+months\b|\b12[- ]months?\b|\byear\b"
)
PERIODS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("monthly", patterns.compiled(_MONTHLY)),
    ("quarterly", patterns.compiled(_QUARTERLY)),
    ("annual", patterns.compiled(_ANNUAL)),
)
"""The period a revenue threshold is counted over."""


def _is_money(amount: Amount, text: str) -> bool:
    return amount.currency is not None or "dollar" in text[amount.end : amount.end + 20]


VENUE = _compile(r"\b(?:courts?|jurisdiction|venue|arbitrat\w*|governed\s+by|laws\s+of)\b")


def _detect_geographic(clause: Clause, text: str) -> Iterator[_Hit]:
    _, resident = first_match(PERSONS_IN_PLACES, text)
    if resident is not None:
        quote = clause.text[resident.start() : resident.end()]
        yield _Hit(TermKind.GEOGRAPHIC_RESTRICTION, resident.start(), resident.end(), (quote,))
        return
    if _is_compliance_notice(text) or not (clause.under_negative_opener or GEO_DENIAL.search(text)):
        return
    by_rule = _territory_by_rule(clause, text)
    if by_rule is not None:
        yield by_rule
        return
    named = list(find_places(clause.text))
    if not named:
        return
    places: list[str] = []
    first = last = None
    for name, start, end in named:
        if GEO_NOT_A_RESTRICTION.match(text[end:]) or _inside_parentheses_law(clause.text, start):
            continue
        if not GEO_CONTEXT.search(text[max(0, start - 120) : start]):
            continue
        if VENUE.search(text[max(0, start - 200) : start]):
            continue  # "governed by the laws of China (excluding Hong Kong)"
        if name not in places:
            places.append(name)
        first = start if first is None else first
        last = end
    if places and first is not None and last is not None:
        note = "multimodal models only" if "multimodal" in text else None
        yield _Hit(TermKind.GEOGRAPHIC_RESTRICTION, first, last, tuple(places), note=note)


def _territory_by_rule(clause: Clause, text: str) -> _Hit | None:
    """Read a territory named by a rule: "sanctioned countries", "outside the United States"."""
    if VENUE.search(text):
        return None
    for rule in TERRITORY_BY_RULE:
        match = rule.search(text)
        if match is None:
            continue
        if rule.name == "sanctioned_places":
            return _Hit(
                TermKind.GEOGRAPHIC_RESTRICTION,
                match.start(),
                match.end(),
                (clause.text[match.start() : match.end()],),
            )
        places = list(find_places(clause.text[match.start() : match.end()]))
        if places:
            end = match.start() + places[-1][2]
            if GEO_NOT_A_RESTRICTION.match(text[end:]):
                continue
            return _Hit(
                TermKind.GEOGRAPHIC_RESTRICTION,
                match.start(),
                end,
                (clause.text[match.start() : end],),
            )
    return None


def _inside_parentheses_law(text: str, start: int) -> bool:
    before = text[max(0, start - 30) : start].lower()
    return "regulation (" in before or "directive" in before


def _detect_non_commercial(clause: Clause, text: str) -> Iterator[_Hit]:
    if clause.under_negative_opener and re.search(r"\bcommercial\b", text):
        match = re.search(r"\bcommercial\b", text)
        assert match is not None
        yield _Hit(TermKind.NON_COMMERCIAL, match.start(), match.end())
        return
    match = _first(NON_COMMERCIAL, text)
    if match is None:
        return
    if any(_detect_user_threshold(clause, text)) or any(_detect_revenue_threshold(clause, text)):
        return  # "commercial use above N users needs a license" is a threshold, not a ban
    yield _Hit(TermKind.NON_COMMERCIAL, match.start(), match.end())


def _detect_research_only(clause: Clause, text: str) -> Iterator[_Hit]:
    if clause.under_negative_opener and re.search(r"\bproduction\b", text):
        match = re.search(r"\bproduction\b", text)
        assert match is not None
        yield _Hit(TermKind.RESEARCH_ONLY, match.start(), match.end())
        return
    match = _first(RESEARCH_ONLY, text)
    if match is not None:
        yield _Hit(TermKind.RESEARCH_ONLY, match.start(), match.end())


def _has_negation(text: str) -> bool:
    return "not" in text or "prohibit" in text or "forbid" in text


NAMES_IN_PUBLICITY = _compile(
    r"\b(?:names?|trade\s*marks?|logos?)\b.{0,160}?\b(?:advertis\w*|promot\w*|endorse\w*"
    r"|publicity)\b"
)
"""A clause on using the licensor's name to advertise: not a restriction of use."""


def _detect_use_restrictions(clause: Clause, text: str) -> Iterator[_Hit]:
    if NAMES_IN_PUBLICITY.search(text):
        return
    policy = USE_POLICY.search(text) if _POLICY_WORDS.search(text) else None
    if policy is not None and USE_POLICY_BINDING.search(text):
        yield _Hit(TermKind.USE_RESTRICTIONS, policy.start(), policy.end())
        return
    negated = _has_negation(text)
    if negated and (MODEL_IMPROVEMENT.search(text) or MODEL_IMPROVEMENT_OTHER.search(text)):
        return  # "you will not use it to improve other models" is that ban, not a use policy
    rule, prohibition = (
        first_match(USE_PROHIBITION, text)
        if negated or _GUARDRAIL_WORDS.search(text) or "restricted" in text or "consistent" in text
        else (None, None)
    )
    if (
        rule is not None
        and prohibition is not None
        and (rule.standalone or USE_PURPOSE.search(text, prohibition.end()))
    ):
        yield _Hit(TermKind.USE_RESTRICTIONS, prohibition.start(), prohibition.end())
        return
    # An item of a "you will not:" list restricts use when its opener does not
    # already say so ("You will not ... cause any third party to: ... military purposes").
    if (
        clause.opener is not None
        and re.search(r"\b(?:military|surveillance|weapons?|biometric|illegal|unlawful|harm)", text)
        and _first(USE_PROHIBITION, normalize(clause.opener)) is None
    ):
        yield _Hit(TermKind.USE_RESTRICTIONS, 0, min(len(text), 40))


def _detect_model_improvement(clause: Clause, text: str) -> Iterator[_Hit]:
    if not _has_negation(text):
        return
    match = MODEL_IMPROVEMENT.search(text) or MODEL_IMPROVEMENT_OTHER.search(text)
    if match is not None:
        yield _Hit(TermKind.MODEL_IMPROVEMENT_BAN, match.start(), match.end())


NOTICE_OBJECT = _compile(
    r".{0,160}?\b(?:notices?|legends?|licen[cs]e\s+text|markings?|attributions?|copyright"
    r"\s+(?:statements?|lines?|information))\b"
)
"""What follows "may not remove or modify" when the clause keeps notices."""
COPYLEFT_CONDITION = _compile(
    r"\bsatisfy\b.{0,120}?\bobligations\b|\bobligations\s+under\s+this\s+licen[cs]e\b"
    r".{0,200}?\bnot\s+(?:\w+\s+){0,2}distribute\b"
)
"""A reciprocal condition ("if you cannot satisfy this License, do not distribute")."""


LICENSE_DOCUMENT = _compile(
    r"\blicen[cs]e\s+document\b|\bcopies\s+of\s+this\s+licen[cs]e\b|\bthis\s+licen[cs]e\s+"
    r"(?:text|document|itself)\b|\btext\s+of\s+this\s+licen[cs]e\b"
)
"""A clause about changing the license text itself, which any license may forbid."""


def _detect_no_derivatives(clause: Clause, text: str) -> Iterator[_Hit]:
    match = _first(NO_DERIVATIVES, text)
    if match is None or LICENSE_DOCUMENT.search(text):
        return
    if NOTICE_OBJECT.match(text, match.end()):
        yield _Hit(TermKind.ATTRIBUTION, match.start(), match.end(), note="notices must be kept")
        return
    if COPYLEFT_CONDITION.search(text):
        yield _Hit(TermKind.SHARE_ALIKE, match.start(), match.end())
        return
    yield _Hit(TermKind.NO_DERIVATIVES, match.start(), match.end())


def _simple(kind: TermKind, rules: tuple[TermRule, ...]) -> Detector:
    def detect(clause: Clause, text: str) -> Iterator[_Hit]:
        match = _first(rules, text)
        if match is not None:
            yield _Hit(kind, match.start(), match.end())

    return detect


def _detect_negative_items(clause: Clause, text: str) -> Iterator[_Hit]:
    """Read items of a "you will not:" list that forbid sharing or removing notices."""
    if not clause.under_negative_opener:
        return
    match = NEGATIVE_ITEM_NO_REDISTRIBUTION.match(text)
    if match is not None:
        yield _Hit(TermKind.NO_REDISTRIBUTION, match.start(), match.end())
    match = NEGATIVE_ITEM_NOTICES.match(text)
    if match is not None:
        yield _Hit(TermKind.ATTRIBUTION, match.start(), match.end(), note="notices must be kept")


def _detect_attribution(clause: Clause, text: str) -> Iterator[_Hit]:
    match = _first(ATTRIBUTION, text)
    if match is not None and not ATTRIBUTION_EXCLUDE.search(text):
        yield _Hit(TermKind.ATTRIBUTION, match.start(), match.end())


def _detect_share_alike(clause: Clause, text: str) -> Iterator[_Hit]:
    match = _first(SHARE_ALIKE, text)
    if match is None or SHARE_ALIKE_EXCLUDE.search(text):
        return
    yield _Hit(TermKind.SHARE_ALIKE, match.start(), match.end())


def _detect_excluded_parties(clause: Clause, text: str) -> Iterator[_Hit]:
    _, listed = first_match(LISTED_PARTIES, text)
    if listed is not None:
        party = clause.text[listed.start() : listed.end()]
        yield _Hit(TermKind.EXCLUDED_PARTIES, listed.start(), listed.end(), (party,))
        return
    if _is_compliance_notice(text):
        return
    match = _first(EXCLUDED_PARTIES, text)
    if match is None and clause.under_negative_opener:
        opener = normalize(clause.opener or "")
        if re.search(r"\b(?:licen[cs]e|rights?)\b", opener):
            match = PARTIES.search(text)
    if match is None:
        return
    parties: list[str] = []
    for found in PARTIES.finditer(text):
        name = clause.text[found.start() : found.end()]
        if name.lower() not in (p.lower() for p in parties):
            parties.append(name)
    yield _Hit(TermKind.EXCLUDED_PARTIES, match.start(), match.end(), tuple(parties) or None)


def _detect_no_redistribution(clause: Clause, text: str) -> Iterator[_Hit]:
    match = _first(NO_REDISTRIBUTION, text)
    if match is not None and not COPYLEFT_CONDITION.search(text):
        yield _Hit(TermKind.NO_REDISTRIBUTION, match.start(), match.end())


def _detect_fee(clause: Clause, text: str) -> Iterator[_Hit]:
    match = _first(FEE_REQUIRED, text)
    if match is not None:
        yield _Hit(TermKind.FEE_REQUIRED, match.start(), match.end())


def _detect_product(clause: Clause, text: str) -> Iterator[_Hit]:
    match = _first(PRODUCT_RESTRICTION, text)
    if match is not None:
        yield _Hit(TermKind.PRODUCT_RESTRICTION, match.start(), match.end())


_WHEN = patterns.compiled(
    r"\b(?:\d{4}-\d{2}-\d{2}|(?:january|february|march|april|may|june|july|august|september"
    r"|october|november|december)\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(?:january|february|march|april"
    r"|may|june|july|august|september|october|november|december)\s+\d{4}"
    r"|(?:\w+|\d+)(?:\s+\(\d+\))?\s+(?:years?|months?)\s+(?:after|from|following)\b[^.;,]{0,60}"
    r"|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))"
    r"\s+anniversary\b[^.;,]{0,60})"
)


def _detect_delayed_open(clause: Clause, text: str) -> Iterator[_Hit]:
    match = _first(DELAYED_OPEN, text)
    if match is None:
        return
    when = _WHEN.search(text)
    after = clause.text[when.start() : when.end()].strip() if when else None
    yield _Hit(
        TermKind.DELAYED_OPEN,
        match.start(),
        match.end(),
        license_named(text),
        after=after,
    )


def _by_rules(rules: tuple[TermRule, ...]) -> Detector:
    """Return a detector yielding the kind of the first of *rules* that matches."""

    def detect(clause: Clause, text: str) -> Iterator[_Hit]:
        rule, match = first_match(rules, text)
        if rule is not None and match is not None:
            yield _Hit(rule.kind, match.start(), match.end())

    return detect


Detector = Callable[[Clause, str], Iterator[_Hit]]


def _gated(keywords: tuple[str, ...], detector: Detector) -> Detector:
    """Run *detector* only on clauses holding one of *keywords* (a cheap substring test)."""

    def detect(clause: Clause, text: str) -> Iterator[_Hit]:
        if holds_any(text, keywords):  # twice as fast as one pattern of alternatives
            yield from detector(clause, text)

    return detect


DETECTORS: tuple[Detector, ...] = (
    _gated(
        (
            "user",
            "mau",
            "dau",
            "wau",
            "visit",
            "device",
            "installation",
            "seat",
            "employee",
            "customer",
            "subscriber",
            "active",
        ),
        _detect_user_threshold,
    ),  # fmt: skip
    _detect_excluded_parties,
    _gated(
        (
            "distribut",
            "shar",
            "pass",
            "transfer",
            "licens",
            "sell",
            "sold",
            "rent",
            "lease",
            "lend",
            "publish",
            "available",
            "disclos",
            "convey",
            "cop",
            "upload",
            "host",
            "resale",
            "hand",
        ),
        _detect_no_redistribution,
    ),  # fmt: skip
    _gated(
        (
            "pay",
            "purchas",
            "buy",
            "royalt",
            "fee",
            "charge",
            "subscri",
            "paid",
            "price",
            "commercial licen",
            "premium",
            "enterprise",
        ),
        _detect_fee,
    ),  # fmt: skip
    _gated(
        ("only", "solely", "exclusively", "non-", "third", "other", "competing"), _detect_product
    ),  # fmt: skip
    _gated(("change date", "change licen", "under"), _detect_delayed_open),
    _by_rules(USE_RESTRICTIONS),
    _gated(("commercial",), _by_rules(NON_COMMERCIAL_RULES)),
    _gated(
        (
            "limited",
            "restricted",
            "confined",
            "production",
            "alone",
            "only",
            "exclusively",
            "nothing else",
            "no other",
        ),
        _by_rules(RESEARCH_RULES),
    ),  # fmt: skip
    _gated(
        ("revenue", "turnover", "income", "sales", "earn", "receipts", "make"),
        _detect_revenue_threshold,
    ),  # fmt: skip
    _detect_geographic,
    _gated(("commercial",), _detect_non_commercial),
    _gated(("research", "evaluat", "production", "testing"), _detect_research_only),
    _gated(
        ("use", "aup", "attachment", "appendix", "guardrail", "safety"), _detect_use_restrictions
    ),
    _gated(
        ("improve", "train", "tune", "enhance", "develop", "build", "distill"),
        _detect_model_improvement,
    ),
    _gated(
        ("provision", "restriction", "subject", "choice", "pass", "flow", "comply", "adhere"),
        _simple(TermKind.RESTRICTIONS_PASS_THROUGH, PASS_THROUGH),
    ),
    _gated(
        ("deriv", "modif", "alter", "adapt", "translat", "distribut", "share", "chang"),
        _detect_no_derivatives,
    ),
    _gated(
        (
            "update",
            "modif",
            "chang",
            "amend",
            "revis",
            "replac",
            "remote",
            "recent",
            "terminat",
            "time",
        ),
        _simple(TermKind.UNILATERAL_CHANGES, UNILATERAL),
    ),
    _gated(
        (
            "notice",
            "credit",
            "copy of this",
            "cite",
            "display",
            "attribution",
            "retain",
            "creator",
            "text of",
            "following",
        ),
        _detect_attribution,
    ),
    _detect_negative_items,
    _gated(("name",), _simple(TermKind.NAMING, NAMING)),
    _gated(("licen", "terms", "sharealike", "share-alike", "copyleft"), _detect_share_alike),
)
"""Every term detector, each behind its gate."""

DEFINITION_DETECTORS: tuple[Detector, ...] = (
    _gated(("update", "amend", "modif", "revis"), _simple(TermKind.UNILATERAL_CHANGES, UNILATERAL)),
)
"""What is read in definitions: a definition may say the thing defined can change."""


DETECTOR_RULES: tuple[TermRule, ...] = (
    NON_COMMERCIAL
    + RESEARCH_ONLY
    + USE_PROHIBITION
    + PASS_THROUGH
    + NO_DERIVATIVES
    + UNILATERAL
    + ATTRIBUTION
    + NAMING
    + SHARE_ALIKE
)
"""The rules the detectors above run in order (names are unique; every example is tested)."""
