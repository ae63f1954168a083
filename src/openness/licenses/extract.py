"""Extract the restrictions and duties of a license from its text, clause by clause.

Owns the term detectors: for each kind of DESIGN.md, patterns that recognise
the clause that creates it, and the exclusions that keep precision high (a
warranty disclaimer is not a restriction, a definition is not a grant, a
trademark clause is not a naming duty). Works on any license text, known or
not: nothing here looks at which license a text is. Every pattern bounds its
repetitions, so no input makes it backtrack for long. Entry point:
``extract_terms``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from openness.kb.schema import TermKind
from openness.licenses.clauses import Clause, split_clauses
from openness.licenses.numbers import Amount, find_amounts
from openness.licenses.places import find_places

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


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.DOTALL)


# Words for "the licensed thing" in AI licenses.
_THING = r"(?:model|materials|software|work|outputs?|results|weights|derivatives?|llama|gemma)"
_USES = r"(?:purposes?|use|uses|research|activit\w+|applications?|settings?)\b"
_NOT = r"(?:not|never|no\s+longer|prohibited\s+from|forbidden\s+to|agree\s+not\s+to)"
_MODEL_WORDS = (
    r"(?:(?:large\s+)?language\s+models?|llms?|(?:ai|artificial\s+intelligence|machine[- ]learning"
    r"|foundation|generative)\s+(?:models?|systems?)|models?)"
)

USER_WORDS = _compile(r"\b(?:monthly|daily|weekly)?\s*active\s+users\b|\bMAUs?\b|\busers\b")
THRESHOLD_WORDS = _compile(
    r"\b(?:more|greater|fewer|less|higher|lower)\s+than\b|\bexceed\w*|\bin\s+excess\s+of\b"
    r"|\babove\b|\bover\b|\bbelow\b|\bunder\b|\bup\s+to\b|\bat\s+least\b|\breach\w*|\bthreshold"
)
REVENUE_WORDS = _compile(r"\b(?:annual\s+|yearly\s+|gross\s+)?(?:revenues?|turnover|income)\b")

GEO_CONTEXT = _compile(
    r"\b(?:domiciled|located|resident|residing|reside|based|incorporated|headquartered|organized"
    r"|principal\s+place\s+of\s+business|citizens?|nationals?|persons?|entities|companies"
    r"|individuals?|users?|customers?)\b[^.;]{0,60}$"
    r"|\b(?:use|used|using|deploy\w*|distribut\w*|offer\w*|provid\w*|access\w*|available|export\w*"
    r"|operat\w*)\b[^.;]{0,40}\b(?:in|within|into|to|from)\s+(?:the\s+)?$"
)
GEO_DENIAL = _compile(
    r"\bnot\s+(?:being\s+)?(?:granted|licensed|permitted|allowed|authori[sz]ed|available)"
    r"|\b(?:may|shall|must|will|can)\s+not\b|\bcannot\b|\bprohibited\b|\bexcluded?\b"
    r"|\bno\s+(?:rights?|license)\b|\bexcept\b|\brestricted\b"
)
GEO_NOT_A_RESTRICTION = _compile(
    r"^(?:'s\b|\s*\)|\s+(?:government|law|laws|regulations?|courts?|state|federal|department"
    r"|export|national\s+security|sanctions?))"
)

NON_COMMERCIAL = [
    _compile(rf"\bnon-?\s?commercial\s+{_USES}[^.;]{{0,60}}?\b(?:only|solely|exclusively)\b"),
    _compile(rf"\b(?:only|solely|exclusively)\b[^.;]{{0,60}}?\bnon-?\s?commercial\s+{_USES}"),
    _compile(rf"\b{_NOT}\b[^.;]{{0,120}}?\b(?:for|in|with)\s+(?:any\s+|a\s+)?(?:\(\w+\)\s+)?"
             r"(?:any\s+)?commercial\b"),
    _compile(r"\bcommercial\s+(?:use|uses|purposes?|exploitation)\s+(?:is|are)\s+(?:strictly\s+)?"
             r"(?:not\s+(?:permitted|allowed|authori[sz]ed)|prohibited|forbidden|excluded)"),
    _compile(r"\bnot\s+(?:for|intended\s+for)\s+commercial\b|\bno\s+commercial\s+use"),
    _compile(r"\b(?:for|to)\s+(?:your\s+)?non-?\s?commercial\s+(?:purposes|use|uses)\b"),
    _compile(r"\bcommercial\s+(?:purposes|use|uses)\b[^.;]{0,160}?\b(?:must|shall|need\s+to|are\s+"
             r"required\s+to|will\s+need\s+to)\s+(?:\w+\s+){0,3}?(?:obtain|apply|request|register"
             r"|contact|seek|enter\s+into)\b"),
]
RESEARCH_ONLY = [
    _compile(r"\b(?:only|solely|exclusively)\s+(?:\w+\s+){0,3}?(?:for|in\s+connection\s+with)\s+"
             r"(?:your\s+|the\s+)?(?:internal\s+)?(?:non-?\s?commercial\s+|,\s*)*(?:academic\s+|"
             r"scientific\s+|personal\s+)?(?:research|evaluation|testing|non-?\s?production)\b"),
    _compile(r"\b(?:research|evaluation|academic|non-?\s?production)\s+(?:and\s+\w+\s+)?"
             r"(?:purposes|use|uses)\s+only\b"),
    _compile(r"\bnon-?\s?commercial\s*,?\s+(?:non-?revenue\s+generating\s*,?\s+)?research\s+"
             r"purposes\b"),
    _compile(r"\b(?:shall|may|must)\s+only\s+use\b[^.;]{0,120}?\bresearch\b"),
    _compile(rf"\b{_NOT}\b[^.;]{{0,120}}?\b(?:for|in)\s+(?:any\s+)?(?:\(\w+\)\s+)?(?:any\s+)?"
             r"(?:commercial\s+or\s+)?production\b"),
]
USE_POLICY = _compile(
    r"\b(?:acceptable|prohibited|responsible|permitted)\s+use\s+polic(?:y|ies)\b|\buse[- ]based"
    r"\s+restrictions\b|\buse\s+restrictions\b|\battachment\s+a\b|\bappendix\s+a\b"
)
USE_POLICY_BINDING = _compile(
    r"\b(?:comply|compliance|adhere|subject\s+to|incorporated|in\s+accordance|accordance|agree"
    r"|governed|must|shall|set\s+forth|considered|conflicts?|violat\w*)\b"
)
USE_PROHIBITION = [
    _compile(rf"\b(?:you|licensee|user)s?\b[^.;:]{{0,40}}?\b(?:will|shall|must|may|agree(?:s)?\s+"
             rf"(?:that\s+you\s+)?(?:will|shall)?)\s*{_NOT}\s+(?:to\s+)?(?:\w+,?\s+){{0,3}}?use\b"),
    _compile(r"\b(?:you|licensee)s?\b[^.;:]{0,20}?\bagree(?:s)?\s+not\s+to\s+use\b"),
    _compile(r"\bprohibited\s+uses?\b|\brestricted\s+uses?\b"),
    _compile(rf"\b(?:may|shall|must|will)\s+not\s+be\s+used\s+(?:to|for|in)\b"),
    _compile(r"\bcannot\s+use\s+the\s+" + _THING),
]
USE_PURPOSE = _compile(
    r":\s*$|\b(?:to|for|in)\s+(?:any\s+)?(?:way|manner|purpose|military|surveillance|illegal"
    r"|unlawful|harm\w*|violat\w*|engage|generat\w*|promot\w*|facilitat\w*|creat\w*|develop\w*"
    r"|discriminat\w*|defam\w*|deceiv\w*|exploit\w*|impersonat\w*|provid\w*)\b|\bact\s+that\b"
)
MODEL_IMPROVEMENT = _compile(
    rf"\b(?:{_NOT}|cannot)\b[^.;]{{0,160}}?\b(?:use|using|utili[sz]e)\b[^.;]{{0,120}}?\bto\s+"
    r"(?:\w+,?\s+){0,4}?(?:improve|train|fine-?tune|enhance|develop|build|distill)\w*\b[^.;]{0,40}?"
    rf"\b(?:any\s+|an?\s+|another\s+)?(?:other|third[- ]party|competing|similar)\s+{_MODEL_WORDS}"
)
MODEL_IMPROVEMENT_OTHER = _compile(
    rf"\b{_NOT}\b[^.;]{{0,120}}?\b(?:improve|train|develop)\w*\s+(?:\w+\s+){{0,3}}?"
    rf"(?:other|competing)\s+{_MODEL_WORDS}"
)
PASS_THROUGH = [
    _compile(r"\benforceable\s+provision\b"),
    _compile(r"\b(?:must|shall)\s+(?:\w+\s+){0,3}?(?:require|ensure|bind|obligate)\b[^.;]{0,120}?"
             r"\b(?:users?|recipients?|licensees?|third\s+parties|end\s+users?)\b[^.;]{0,120}?"
             r"\b(?:comply|adhere|abide|be\s+bound|subject)\b[^.;]{0,80}?\b(?:restrictions?|"
             r"paragraph\s+\d|section\s+\d|policy|attachment|use)\b"),
    _compile(r"\b(?:same|these|such)\s+use[- ]based\s+restrictions\b[^.;]{0,80}?\b(?:include|"
             r"apply|impose)\b|\binclude\s+(?:-\s+)?at\s+minimum\b[^.;]{0,40}?\brestrictions\b"),
    _compile(r"\b(?:pass|flow)\s+(?:these\s+|the\s+)?(?:restrictions|terms)\s+(?:on|down|through)"),
]
NO_DERIVATIVES = [
    _compile(r"\bno\s*-?\s*derivatives\b(?!\s+of)|\bnoderivatives\b|\bno\s+derivative\s+works\b"),
    _compile(r"\bnot\s+share\s+adapted\s+material\b|\bbut\s+not\s+share\b[^.;]{0,20}adapted"),
    _compile(rf"\b(?:may|shall|must|will)\s+not\s+(?:\w+,?\s+){{0,3}}?(?:modify|alter|adapt|"
             r"translate|create\s+derivative\s+works|make\s+derivative|prepare\s+derivative)\b"
             r"(?!(?:\s+(?:or|and)\s+\w+)?(?:\s+\w+){0,3}\s+(?:[\w']+\s+)?(?:notices?|rights|"
             r"copyright|terms|license|licence|the\s+substance))"
             r"(?![^.;]{0,200}?(?:\b(?:for|in)\s+(?:any\s+)?(?:\(\w+\)\s+)?(?:any\s+)?"
             r"(?:commercial|military|illegal|unlawful|purpose)|\bexcept\s+(?:as|under|in)\b"
             r"|\bunless\b|\bwithout\s+(?:the\s+)?(?:prior\s+)?(?:written\s+)?"
             r"(?:permission|consent)))"),
    _compile(r"\b(?:modification|modifications|derivative\s+works)\s+(?:is|are)\s+(?:not\s+"
             r"(?:permitted|allowed)|prohibited)\b"),
]
UNILATERAL = [
    _compile(r"(?<!you )(?<!everyone )(?<!anyone )(?<!licensee )\b(?:may|reserves?\s+the\s+right"
             r"\s+to|can|will)\s+(?:\w+\s+){0,2}?(?:update|modify|change|amend|revise|replace)"
             r"(?:\s+(?:or|and|and/or)\s+\w+)?\s+(?:any\s+of\s+)?(?:this|these|the|its)\s+"
             r"(?:\w+\s+)?(?:agreement|license|licence|terms|policy|policies|conditions|guidelines)\b"),
    _compile(r"\brestrict\s*\(?\s*remotely\b|\bremotely\s+or\s+otherwise\b"),
    _compile(r"\bmost\s+recent\s+(?:copy|version)\s+of\s+this\s+(?:policy|agreement|license)\b"),
    _compile(r"\b(?:updated|amended|modified|revised)\s+from\s+time\s+to\s+time\b"),
    _compile(r"\b(?:we|licensor|meta|google|stability\s+ai|[A-Z]\w+)\s+may\s+terminate\s+"
             r"(?:this\s+)?(?:license|agreement)\b[^.;]{0,80}?\bat\s+any\s+time\b"),
]
ATTRIBUTION = [
    _compile(r"\b(?:retain|keep|reproduce|include|preserve|display|provide|give|contain)\w*\s+"
             r"(?:\w+,?\s+){0,8}?(?:copyright\s+notices?|attribution\s+notices?|notices?\b|credit\b"
             r"|a\s+copy\s+of\s+this\s+(?:license|agreement|licence))"),
    _compile(r"\bcopyright\s+notice\s+and\s+this\s+permission\s+notice\s+shall\s+be\s+included"),
    _compile(r"\bgive\s+(?:appropriate\s+)?credit\b|\bprominently\s+display\w*\s+\"?(?:built|"
             r"powered|made)\s+with\b|\bmust\s+(?:\w+\s+){0,3}?cite\b|\battribution\s+notice\b"),
    _compile(r"\bmust\s+cause\s+any\s+modified\s+files\s+to\s+carry\s+prominent\s+notices\b"),
]
ATTRIBUTION_EXCLUDE = _compile(r"\bendorse\b|\bno\s+notice\b|\bwithout\s+notice\b")
NAMING = [
    _compile(r"\b(?:at\s+the\s+beginning\s+of|begin\s+with|start\s+with|prefix\w*|include\s+"
             r"\"?[\w .-]{1,40}\"?\s+in)\s+(?:\w+\s+){0,3}?(?:ai\s+)?(?:model|derivative)s?\s+names?\b"),
    _compile(r"\b(?:model|derivative)s?\s+names?\s+(?:must|shall|should)\s+(?:\w+\s+){0,3}?"
             r"(?:begin|start|include|contain)\b"),
    _compile(r"\b(?:must|shall)\s+not\s+(?:\w+\s+){0,3}?(?:name|call|brand)\w*\b[^.;]{0,60}?"
             r"\b(?:model|derivative)s?\b"),
]
SHARE_ALIKE = [
    _compile(r"\bsharealike\b|\bshare-alike\b|\bcopyleft\b(?![^.;]{0,10}\blicense\s+for\b)"),
    _compile(r"\b(?:must|shall|only)\s+(?:\w+,?\s+){0,6}?(?:license|licensed|distribute[sd]?|"
             r"made\s+available|offered|be)\s+(?:\w+,?\s+){0,6}?under\s+(?:the\s+terms\s+of\s+)?"
             r"(?:this|the\s+same)\s+(?:license|licence)\b"),
    _compile(r"\bsame\s+license\s+elements\b|\bcompatible\s+license\b[^.;]{0,60}?\badapt"),
    _compile(r"\b(?:must|shall)\b[^.;]{0,200}?\b(?:be\s+)?(?:only\s+)?(?:licensed|distributed|"
             r"conveyed|made\s+available|offered|be)\b[^.;]{0,80}?\bunder\s+the\s+terms\s+of"
             r"(?:\s+this\s+license|\s*:)"),
    _compile(r"\bincorporates\s+the\s+terms\s+and\s+conditions\s+of\b[^.;]{0,40}?\bgeneral\s+"
             r"public\s+license\b"),
    _compile(r"\b(?:terms|license)\b[^.;]{0,80}?\b(?:do\s+not\s+restrict|permit)\s+"
             r"modification\b"),
]
SHARE_ALIKE_CONTEXT = _compile(
    r"\b(?:modified|modifications?|derivative|derived|adapted|adapter|based\s+on|entire\s+work"
    r"|covered|larger\s+work|produced\s+work|combined|as\s+a\s+whole|executable|source\s+code)\b"
)
SHARE_ALIKE_EXCLUDE = _compile(r"\bcontribution\b|\bsubmitted\b|\bnotice\s+file\b")
GRANT = _compile(
    r"\b(?:grants?|granted|hereby\s+grants?|permission\s+is\s+hereby\s+granted|you\s+(?:may|can|"
    r"are\s+free\s+to)|free\s+of\s+charge|royalty-free)\b"
)
GRANT_USE = _compile(r"\b(?:use|run|execute|reproduce|copy|deal\s+in|perform)\b")
GRANT_MODIFY = _compile(r"\b(?:modify|modifications?|derivative\s+works|adapt|alter|remix|merge)\b")
GRANT_SHARE = _compile(r"\b(?:distribute|redistribute|sublicense|convey|share|publish|sell)\b")


def extract_terms(clean: str) -> list[Finding]:
    """Find every term in the clean text of a license, in text order.

    Args:
        clean: the prepared text (see ``openness.licenses.text``).

    Returns:
        One finding per clause and kind, sorted by position.
    """
    findings: list[Finding] = []
    for clause in split_clauses(clean):
        if clause.is_definition or clause.is_shouting:
            continue
        lowered = clause.text.lower()
        for detector in DETECTORS:
            findings.extend(_locate(clause, finding) for finding in detector(clause, lowered))
    findings.sort(key=lambda f: (f.start, f.kind.value))
    return findings


def grant_covers_everything(clean: str) -> bool:
    """Tell whether some grant clause covers use, modification and redistribution."""
    for clause in split_clauses(clean):
        if clause.is_definition or not GRANT.search(clause.text):
            continue
        text = clause.text.lower()
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
    )


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and not text[start - 1].isspace():
        start += 1
    while end < len(text) and not text[end].isspace() and end > start + 1:
        end -= 1
    return start, end


def _first(patterns: list[re.Pattern[str]], text: str) -> re.Match[str] | None:
    for pattern in patterns:
        match = pattern.search(text)
        if match is not None:
            return match
    return None


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
    yield _Hit(TermKind.USER_THRESHOLD, nearest.start, nearest.end, nearest.value)


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
    yield _Hit(
        TermKind.REVENUE_THRESHOLD, nearest.start, nearest.end, nearest.value,
        nearest.currency or "USD",
    )


def _is_money(amount: Amount, text: str) -> bool:
    return amount.currency is not None or "dollar" in text[amount.end : amount.end + 20]


def _detect_geographic(clause: Clause, text: str) -> Iterator[_Hit]:
    if not GEO_DENIAL.search(text):
        return
    places: list[str] = []
    first = last = None
    for name, start, end in find_places(clause.text):
        if GEO_NOT_A_RESTRICTION.match(clause.text[end:]) or _inside_parentheses_law(
            clause.text, start
        ):
            continue
        if not GEO_CONTEXT.search(clause.text[max(0, start - 120) : start]):
            continue
        if name not in places:
            places.append(name)
        first = start if first is None else first
        last = end
    if places and first is not None and last is not None:
        note = "multimodal models only" if "multimodal" in text else None
        yield _Hit(TermKind.GEOGRAPHIC_RESTRICTION, first, last, tuple(places), note=note)


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
    if USER_WORDS.search(text) and THRESHOLD_WORDS.search(text):
        return  # "commercial use above N users needs a license" is a user threshold
    if REVENUE_WORDS.search(text) and THRESHOLD_WORDS.search(text):
        return
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


def _detect_use_restrictions(clause: Clause, text: str) -> Iterator[_Hit]:
    if MODEL_IMPROVEMENT.search(text) or MODEL_IMPROVEMENT_OTHER.search(text):
        return
    policy = USE_POLICY.search(text)
    if policy is not None and USE_POLICY_BINDING.search(text):
        yield _Hit(TermKind.USE_RESTRICTIONS, policy.start(), policy.end())
        return
    prohibition = _first(USE_PROHIBITION, text)
    if prohibition is not None and USE_PURPOSE.search(text, prohibition.end()):
        yield _Hit(TermKind.USE_RESTRICTIONS, prohibition.start(), prohibition.end())
        return
    if clause.under_negative_opener and re.search(
        r"\b(?:military|surveillance|weapons?|biometric|illegal|unlawful|harm)", text
    ):
        yield _Hit(TermKind.USE_RESTRICTIONS, 0, min(len(text), 40))


def _detect_model_improvement(clause: Clause, text: str) -> Iterator[_Hit]:
    match = MODEL_IMPROVEMENT.search(text) or MODEL_IMPROVEMENT_OTHER.search(text)
    if match is not None:
        yield _Hit(TermKind.MODEL_IMPROVEMENT_BAN, match.start(), match.end())


def _simple(kind: TermKind, patterns: list[re.Pattern[str]]) -> Detector:
    def detect(clause: Clause, text: str) -> Iterator[_Hit]:
        match = _first(patterns, text)
        if match is not None:
            yield _Hit(kind, match.start(), match.end())

    return detect


def _detect_attribution(clause: Clause, text: str) -> Iterator[_Hit]:
    match = _first(ATTRIBUTION, text)
    if match is not None and not ATTRIBUTION_EXCLUDE.search(text):
        yield _Hit(TermKind.ATTRIBUTION, match.start(), match.end())


def _detect_share_alike(clause: Clause, text: str) -> Iterator[_Hit]:
    match = _first(SHARE_ALIKE, text)
    if match is None or SHARE_ALIKE_EXCLUDE.search(text):
        return
    if match.re in (SHARE_ALIKE[1], SHARE_ALIKE[3]) and not SHARE_ALIKE_CONTEXT.search(text):
        return
    yield _Hit(TermKind.SHARE_ALIKE, match.start(), match.end())


Detector = Callable[[Clause, str], Iterator[_Hit]]

DETECTORS: tuple[Detector, ...] = (
    _detect_user_threshold,
    _detect_revenue_threshold,
    _detect_geographic,
    _detect_non_commercial,
    _detect_research_only,
    _detect_use_restrictions,
    _detect_model_improvement,
    _simple(TermKind.RESTRICTIONS_PASS_THROUGH, PASS_THROUGH),
    _simple(TermKind.NO_DERIVATIVES, NO_DERIVATIVES),
    _simple(TermKind.UNILATERAL_CHANGES, UNILATERAL),
    _detect_attribution,
    _simple(TermKind.NAMING, NAMING),
    _detect_share_alike,
)
