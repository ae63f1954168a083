"""Account for every sentence of a license: what each one does, or that it was not read.

A ``pass`` is a promise that the whole text was read. Each clause is given
one reading: a *term* (a restriction or duty of the vocabulary), a *grant*,
an *allowed* condition the OSD permits (notices, attribution, share-alike,
patent retaliation, disclaimers, choice of law, ...), *known* (word for word
a passage of an identified open license), *inert* (a heading, a title, a
copyright line: it grants, forbids, conditions or obliges nothing) or
*unread*. Grants and allowed conditions are recognised by named rules
(``SENTENCE_RULES``); a clause that a rule explains is still unread when what
the rule does not explain holds a sign of a restriction (``RESTRICTION_CUES``:
a scope word such as "only", a class of persons, a place, a fee, a purpose).
Entry point: ``read_clauses``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from openness import patterns
from openness.licenses.rules import holds_any

if TYPE_CHECKING:
    from openness.licenses.clauses import Clause
    from openness.licenses.extract import Finding


class Reading(StrEnum):
    """What a clause was read as."""

    TERM = "term"
    GRANT = "grant"
    ALLOWED = "allowed"
    KNOWN = "known"
    INERT = "inert"
    UNREAD = "unread"


@dataclass(frozen=True)
class SentenceRule:
    """A named way of recognising a grant or an allowed condition in a clause.

    The pattern is matched against the lower-cased clause; what it matches is
    what the rule explains. ``example`` is a clause the rule reads (tested).
    """

    name: str
    """Stable name, shown as the reason a clause was read."""
    reading: Reading
    """``GRANT`` or ``ALLOWED``."""
    pattern: str
    """Regular expression over the lower-cased clause (bounded repetitions only)."""
    needs: tuple[str, ...]
    """Substrings one of which a clause must hold before the pattern is tried."""
    example: str
    """A clause the rule explains, with nothing left that looks restrictive."""

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        """The pattern, compiled on first use."""
        return patterns.compiled(self.pattern, re.DOTALL)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Return the spans of *text* (lower case) this rule explains."""
        if not holds_any(text, self.needs):
            return []
        return [m.span() for m in self.compiled.finditer(text) if m.end() > m.start()]


_G, _A = Reading.GRANT, Reading.ALLOWED
_TO = r"[^.;]{0,160}?"
"""A bounded stretch of the same sentence, taken as short as possible."""
_NOTICES = (
    r"(?:copyright|notices?|disclaimers?|(?:list\s+of\s+)?conditions|licen[cs]e|agreement"
    r"|permission|attribution|acknowledge?ments?|legends?|credits?)"
)
SENTENCE_RULES: tuple[SentenceRule, ...] = (
    SentenceRule(
        "grant",
        _G,
        r"\bpermission\s+is\s+(?:hereby\s+)?granted|\b(?:hereby\s+)?grants?\b|\bis\s+granted"
        r"|\bare\s+granted|\b(?:is|are)\s+(?:hereby\s+)?(?:permitted|licensed|authori[sz]ed)"
        r"|\byou\s+(?:may|can|are\s+(?:free|permitted|allowed)\s+to)\b|\bwithout\s+"
        r"(?:restriction|limitation)|\bfree\s+of\s+charge|\broyalty[- ]free|\bno[- ]charge"
        r"|\bwith\s+or\s+without\s+(?:fee|modification)s?|\bfully\s+paid(?:-up)?"
        r"|\bfor\s+any\s+purpose|\bto\s+permit\s+persons\b|\bwelcome\s+to\s+(?:redistribute|use"
        r"|copy|share|modify)\b",
        (
            "grant",
            "permit",
            "licensed",
            "authori",
            "you ",
            "without",
            "free",
            "charge",
            "paid",
            "any purpose",
        ),
        "Permission is hereby granted, free of charge, to any person obtaining a copy, to use, "
        "copy, modify and distribute the Software for any purpose.",
    ),  # fmt: skip
    SentenceRule(
        "grant_conditions_follow",
        _G,
        r"\b(?:subject\s+to|provided\s+that|on\s+condition\s+that)\s+(?:the\s+)?"
        r"(?:following\s+conditions|terms\s+and\s+conditions\s+of\s+this\s+(?:license|"
        r"licence|agreement)|conditions\s+(?:below|that\s+follow|of\s+this\s+(?:license|"
        r"licence)))(?:\s+(?:are|is)\s+met)?",
        ("subject to", "provided that", "on condition"),
        "subject to the following conditions:",
    ),
    SentenceRule(
        "notice_kept",
        _A,
        r"\b(?:retain\w*|reproduc\w*|include[sd]?|keep|kept|preserv\w*|carr(?:y|ies)|"
        rf"accompan\w*|contain\w*|duplicat\w*|give|provide)\b{_TO}\b{_NOTICES}\b",
        ("notice", "copyright", "disclaimer", "condition", "licen", "attribution", "acknowledg"),
        "Redistributions of source code must retain the above copyright notice, this list of "
        "conditions and the following disclaimer.",
    ),
    SentenceRule(
        "notice_included",
        _A,
        rf"\b{_NOTICES}\b{_TO}\b(?:shall|must|will)\s+(?:be\s+)?"
        r"(?:included|retained|reproduced|preserved|kept|displayed|appear)\b",
        ("shall", "must", "will"),
        "The above copyright notice and this permission notice shall be included in all copies "
        "or substantial portions of the Software.",
    ),
    SentenceRule(
        "license_copy",
        _A,
        r"\bobtain\s+(?:a\s+copy|one)\b|\bcopy\s+of\s+(?:this|the)\s+(?:\w+\s+){0,3}?"
        r"(?:licen[cs]e|agreement|mpl|gpl)\b|\b(?:this|the)\s+licen[cs]e\s+(?:text\s+|document\s+)?"
        r"(?:itself\s+)?(?:may|must|shall|can)\s+not\s+be\s+(?:modified|changed|altered)"
        r"(?:\s+without\s+(?:the\s+)?(?:express\s+)?(?:prior\s+)?written\s+permission)?"
        r"|\bchanging\s+it\s+is\s+not\s+allowed\b|\bverbatim\s+copies\s+of\s+this\s+licen[cs]e\b",
        ("obtain", "copy of", "licen", "changing it"),
        "This license may not be modified without the express written permission of its "
        "copyright owner.",
    ),
    SentenceRule(
        "copyright_statement",
        _A,
        r"\b(?:is\s+)?copyright(?:ed)?\b(?:\s+(?:\(c\)|©|by)|[^.;]{0,80}?(?:\(c\)|©|\b\d{4}\b))",
        ("copyright",),
        "This license is Copyright (C) 2003-2004 Lawrence E.",
    ),
    SentenceRule(
        "credit",
        _A,
        r"\b(?:give|provide)\s+(?:appropriate\s+)?credit\b|\bcite\b|\bcitation\b"
        r"|\backnowledge?(?:ment|s|d)?\b|\battribut\w*\b",
        ("credit", "cite", "citation", "acknowledg", "attribut"),
        "Any publication that uses the data must cite the original paper.",
    ),
    SentenceRule(
        "changes_marked",
        _A,
        r"\b(?:(?:plainly|clearly|prominently)\s+)?marked\b|\b(?:must|shall)\s+not\s+be\s+"
        r"misrepresented\b|\bmisrepresent\w*|\b(?:must|shall)\s+not\s+claim\s+that\s+you\s+"
        r"wrote\b|\b(?:state|indicate|note|document)\w*\s+(?:that\s+you\s+)?(?:have\s+)?"
        r"(?:changed|modified|changes|modifications)\b|\bprominent\s+notices?\b"
        r"|\b(?:different|distinct)\s+(?:name|version)|\brenam\w*|\bmodified\s+files\b",
        ("marked", "misrepresent", "chang", "modif", "prominent", "different", "distinct", "renam"),
        "Altered source versions must be plainly marked as such, and must not be misrepresented "
        "as being the original software.",
    ),  # fmt: skip
    SentenceRule(
        "share_alike",
        _A,
        r"\b(?:under|by)\s+(?:the\s+(?:terms\s+(?:and\s+conditions\s+)?of\s+)?)?(?:this|the"
        r"\s+same|these|a\s+compatible)\s+(?:licen[cs]e|agreement|terms)\b|\bsource\s+code\b"
        r"|\bcopyleft\b|\bshare-?\s?alike\b|\bcorresponding\s+source\b|\bsame\s+(?:licen[cs]e"
        r"|terms)\b",
        ("licen", "agreement", "terms", "source", "copyleft", "alike", "same"),
        "Any modified version you distribute must be licensed under this License, and its "
        "source code must be made available.",
    ),
    SentenceRule(
        "patent_retaliation",
        _A,
        r"\bpatent\w*\b[^.;]{0,300}?\b(?:litigation|lawsuit|suit|action|claim|infring\w*|"
        r"assert\w*)",
        ("patent",),
        "If You institute patent litigation alleging that the Work infringes a patent, the "
        "patent licenses granted to You terminate as of the date such litigation is filed.",
    ),
    SentenceRule(
        "disclaimer",
        _A,
        r"\bas\s+is\b|\bwarrant\w*|\bdisclaim\w*|\bmerchantab\w*|\bliab\w*|\bdamages?\b"
        r"|\bin\s+no\s+event\b|\bindemni\w*|\bhold\s+harmless\b|\b(?:no|without)\s+"
        r"(?:obligation|duty)\b|\b(?:without|no)\s+(?:\w+\s+){0,2}?(?:support|maintenance"
        r"|updates|guarantee)\b|\bat\s+(?:your|their)\s+own\s+risk\b|\bbut\s+not\s+limited\s+"
        r"to\b|\bexcept\s+(?:as\s+)?(?:required\s+by\s+(?:applicable\s+)?law|when\s+otherwise"
        r"\s+stated\s+in\s+writing)|\bunless\s+required\s+by\s+applicable\s+law\b"
        r"|\b(?:unless|except)\s+(?:otherwise\s+)?(?:agreed\s+to\s+)?in\s+writing\b",
        (
            "as is",
            "support",
            "maintenance",
            "guarantee",
            "warrant",
            "disclaim",
            "merchantab",
            "liab",
            "damage",
            "no event",
            "indemni",
            "harmless",
            "obligation",
            "duty",
            "risk",
            "limited",
            "except",
            "unless",
        ),
        "THE SOFTWARE IS PROVIDED AS IS, WITHOUT WARRANTY OF ANY KIND.",
    ),  # fmt: skip
    SentenceRule(
        "choice_of_law",
        _A,
        r"\b(?:governed\s+by|constru\w*\s+(?:in\s+accordance\s+with|under)|laws?\s+of"
        r"|jurisdiction|venue|courts?|arbitrat\w*|conflicts?\s+of\s+laws?)\b"
        r"|\bwithout\s+(?:regard|reference)\s+to\s+(?:its\s+)?(?:choice|conflicts?)\s+of\s+laws?"
        r"(?:\s+(?:principles|provisions|rules))?|\bconvention\s+on\s+contracts\b[^.;]{0,120}?"
        r"\b(?:does|shall|will)\s+not\s+apply\b",
        ("govern", "constru", "law", "jurisdiction", "venue", "court", "arbitrat"),
        "This License shall be governed by the laws of the State of California.",
    ),
    SentenceRule(
        "termination_on_breach",
        _A,
        r"\bterminat\w*\b{_TO}\b(?:breach\w*|fail\w*|violat\w*|non-?complian\w*|comply"
        r"|noncompliance|cure[ds]?)\b|\b(?:breach\w*|fail\w*\s+to\s+comply|violat\w*)\b{_TO}"
        r"\bterminat\w*|\bsurviv\w*|\bupon\s+termination\b".replace("{_TO}", _TO),
        ("terminat", "surviv"),
        "This license terminates automatically if you fail to comply with any of its terms.",
    ),
    SentenceRule(
        "names_and_marks",
        _A,
        r"\b(?:trade\s*marks?|trade\s+names?|service\s+marks?|logos?|trade\s+dress)\b"
        r"|\b(?:endorse|promote|advertis\w*|publicity)\b(?:[^.;]{0,200}?\b(?:specific\s+)?"
        r"(?:prior\s+)?written\s+(?:permission|consent|approval))?",
        ("trade", "mark", "logo", "endorse", "promote", "advertis", "publicity"),
        "Neither the name of the copyright holder nor the names of its contributors may be used "
        "to endorse or promote products derived from this software without specific prior "
        "written permission.",
    ),
    SentenceRule(
        "rights_reserved",
        _A,
        r"\ball\s+rights\s+reserved\b|\b(?:rights|licenses?)\s+(?:not\s+expressly|that\s+are\s+"
        r"not\s+expressly)\s+granted\b|\breserves?\s+all\s+rights\b|\bno\s+(?:other\s+)?"
        r"(?:rights?|licen[cs]es?)\s+(?:are\s+)?(?:granted\s+)?(?:\w+\s+){0,3}?by\s+"
        r"implication|\bexcept\s+as\s+expressly\s+(?:stated|provided|granted|set\s+forth)",
        ("reserved", "reserve", "granted", "implication", "expressly"),
        "All rights not expressly granted herein are reserved.",
    ),
    SentenceRule(
        "legal_boilerplate",
        _A,
        r"\bsever\w*|\bunenforceab\w*|\binvalid\b|\bentire\s+(?:agreement|understanding)\b"
        r"|\bwaive\w*|\bheadings?\b|\bconstrued\b|\bsupersede\w*|\bin\s+writing\b"
        r"|\bbinding\s+(?:up)?on\b|\bassign\w*",
        (
            "sever",
            "unenforceab",
            "invalid",
            "entire",
            "waive",
            "heading",
            "construed",
            "supersede",
            "writing",
            "binding",
            "assign",
        ),
        "If any provision of this License is held unenforceable, the remaining provisions stay "
        "in effect.",
    ),  # fmt: skip
    SentenceRule(
        "license_versions",
        _A,
        r"\b(?:new|revised|later|future|subsequent)\s+versions?\b|\bversion\s+number\b"
        r"|\blicen[cs]e\s+steward\b",
        ("version", "steward"),
        "The Free Software Foundation may publish revised versions of this License; each "
        "version is given a distinguishing version number.",
    ),
    SentenceRule(
        "acceptance",
        _A,
        r"\b(?:by|upon)\s+(?:using|exercising|copying|distributing|downloading|modifying|"
        r"installing|accessing)\b|\baccept\w*|\bnot\s+required\s+to\s+accept\b"
        r"|\bif\s+you\s+do\s+not\s+(?:agree|accept)\b[^.;]{0,60}?(?:please\s+)?(?:do\s+not|you\s+"
        r"(?:may|must|shall)\s+not)\s+(?:\w+,?\s+){0,6}?(?:(?:or|and)\s+\w+\s+)?(?:this|the)\s+"
        r"(?:\w+\s+){0,2}?(?:software|work|materials?|model|program|library|data)\b",
        ("by ", "upon", "accept"),
        "By exercising the rights granted here, You accept the terms of this License.",
    ),
    SentenceRule(
        "contributions",
        _A,
        r"\bcontribut\w*\b[^.;]{0,300}?\b(?:submitted|under\s+the\s+terms|licensed|grant\w*"
        r"|inbound)\b",
        ("contribut",),
        "Any Contribution submitted for inclusion in the Work shall be under the terms of this "
        "License.",
    ),
    SentenceRule(
        "law_compliance",
        _A,
        r"\b(?:comply|complian\w*|accordance)\s+with\s+(?:all\s+)?(?:applicable\s+)?"
        r"(?:\w+\s+){0,3}?(?:laws?|regulations?|rules)\b|\bexport\s+(?:control\s+)?"
        r"(?:laws?|regulations?|controls?|administration\s+regulations)\b"
        r"(?:[^.;]{0,400}?\b(?:embargo\w*|destinations?|re-?export\w*|eligible)\b[^.;]{0,300})?",
        ("comply", "complian", "accordance", "export"),
        "You must comply with all applicable export control laws and regulations.",
    ),
    SentenceRule(
        "third_party_and_scope",
        _A,
        r"\bthird[- ]party\s+(?:licen[cs]es?|terms|notices?|components?|software)\b"
        r"|\bmere\s+aggregation\b|\baggregat\w*",
        ("third", "aggregat"),
        "Mere aggregation of another work with the Program on a volume of a storage medium "
        "does not bring the other work under the scope of this License.",
    ),
)
"""Every rule for grants and allowed conditions, by name."""

RESTRICTION_CUES = patterns.compiled(
    r"\b(?:only|solely|exclusively|except|excluding|exclud\w*|unless|other\s+than"
    r"|(?<!not )limited\s+to|restricted\s+to|(?<!no )(?<!without )restrict\w*|prohibit\w*"
    r"|forbid\w*|bann\w*|bans?|not\s+(?:be\s+)?(?:used?|"
    r"permitted|allowed|granted|licensed|extend\w*|cover\w*|apply|applicable|distribut\w*|"
    r"redistribut\w*|modif\w*|sold|sell|shared?|copied|copy|available|authori[sz]ed)"
    r"|(?:may|must|shall|will|can)\s+not|cannot|never|no\s+(?:rights?|licen[cs]e|permission)"
    r"|commercial\w*|military|weapons?|nuclear|warfare|armed|defen[cs]e|police|surveil\w*"
    r"|governments?|agenc(?:y|ies)|competi\w*|rival\w*|fees?|paid|pay\w*|purchas\w*|royalt"
    r"(?:y|ies)|subscri\w*|price\w*|charges?|located|locat\w*|resid\w*|countr(?:y|ies)"
    r"|territor\w*|nations?|national\w*|citizen\w*|sanction\w*|embargo\w*|region\w*"
    r"|revenues?|turnover|users?|customers?|employees?|devices?|hardware|platforms?|approv\w*"
    r"|consent|written\s+permission|research|academic|evaluat\w*|personal|internal|non-?profit"
    r"|educat\w*|ethic\w*|moral\w*|harm\w*|expir\w*|anniversary|trial|no\s+effect|void"
    r"|nobody|no\s+one|alone|sole)\b"
)
"""Signs that a clause limits who may do what, where, for what, or at what price."""

OPERATIVE_CUES = patterns.compiled(
    r"\b(?:may|shall|must|will|can|cannot|should|might|agrees?|grant\w*|permi\w*|licen[cs]\w*"
    r"|rights?|prohibit\w*|forbid\w*|restrict\w*|requir\w*|only|solely|exclusively|except\w*"
    r"|exclud\w*|not|no|never|without|unless|provided|condition\w*|subject|entitled|oblig\w*"
    r"|responsib\w*|needs?|pay\w*|fees?|charges?|terminat\w*|allow\w*|authori[sz]\w*|consent"
    r"|approv\w*|limit\w*|reserv\w*|waive\w*|accept\w*|comply|complian\w*|bound|binding|void"
    r"|liab\w*|warrant\w*|indemn\w*|is|are|becomes?|applies|apply)\b"
)
"""Words without which a clause neither grants, forbids, conditions nor obliges."""

_MODAL = patterns.compiled(r"\b(?:may|shall|must|will|can|cannot|should|not|no|only)\b")
_COPYRIGHT = patterns.compiled(r"^\W*(?:copyright|\(c\)|©)\b", re.IGNORECASE)
_LETTER = patterns.compiled(r"[a-z]")


@dataclass(frozen=True)
class ClauseReading:
    """How one clause was read."""

    start: int
    """Start of the clause in the clean text."""
    end: int
    """End of the clause in the clean text."""
    reading: Reading
    """What it was read as."""
    rule: str | None = None
    """The rule that read it (a sentence rule's name, or the term kind)."""


def read_text(
    clauses: Sequence[Clause], findings: Sequence[Finding], known: Callable[[Clause], bool]
) -> list[ClauseReading]:
    """Read every clause of a text.

    Args:
        clauses: the clauses, in order.
        findings: the terms found in them (by clean offset).
        known: whether a clause is word for word in an identified open license.

    Returns:
        One reading per clause, in order.
    """
    from openness.licenses.clauses import is_heading
    from openness.licenses.extract import normalize

    starts = sorted(f.start for f in findings)
    readings = []
    for clause in clauses:
        position = bisect_left(starts, clause.start)
        has_term = position < len(starts) and starts[position] < clause.end
        reading = read_clause(
            normalize(clause.text),
            has_term=has_term,
            known=not has_term and known(clause),
            heading=is_heading(clause.text),
            definition=clause.is_definition,
        )
        readings.append(replace(reading, start=clause.start, end=clause.end))
    return readings


@lru_cache(maxsize=8192)
def read_clause(
    lowered: str, *, has_term: bool, known: bool, heading: bool, definition: bool = False
) -> ClauseReading:
    """Read one clause (lower-cased; offsets are filled in by the caller).

    >>> read_clause("the software may not be used for military purposes.", has_term=False,
    ...             known=False, heading=False).reading
    <Reading.UNREAD: 'unread'>
    """
    if has_term:
        return ClauseReading(0, 0, Reading.TERM)
    if known:
        return ClauseReading(0, 0, Reading.KNOWN)
    if is_inert(lowered, heading=heading) or (definition and not RESTRICTION_CUES.search(lowered)):
        return ClauseReading(0, 0, Reading.INERT)
    explained: list[tuple[int, int]] = []
    names: list[str] = []
    grant = False
    for rule in SENTENCE_RULES:
        spans = rule.spans(lowered)
        if spans:
            explained += spans
            names.append(rule.name)
            grant = grant or rule.reading is Reading.GRANT
    if not names:
        return ClauseReading(0, 0, Reading.UNREAD)
    residue = _residue(lowered, explained)
    places_allowed = "choice_of_law" in names  # "the laws of the State of California"
    if RESTRICTION_CUES.search(residue) or (not places_allowed and _names_a_place(residue)):
        return ClauseReading(0, 0, Reading.UNREAD, "+".join(names))
    return ClauseReading(0, 0, Reading.GRANT if grant else Reading.ALLOWED, names[0])


def _names_a_place(text: str) -> bool:
    from openness.licenses.places import find_places

    return next(iter(find_places(text)), None) is not None


def is_inert(lowered: str, *, heading: bool = False) -> bool:
    """Tell a clause that grants, forbids, conditions or obliges nothing.

    >>> is_inert("version 2.0, january 2004"), is_inert("you may not sell it.")
    (True, False)
    """
    if _COPYRIGHT.match(lowered):  # a copyright line, unless it says more than who owns it
        return RESTRICTION_CUES.search(lowered) is None and _MODAL.search(lowered) is None
    if _in_another_language(lowered):
        return False  # nothing says it obliges nobody: read it, or leave it unread
    if not _LETTER.search(lowered):
        return True
    if heading and len(lowered) < 80 and not RESTRICTION_CUES.search(lowered):
        return True
    return OPERATIVE_CUES.search(lowered) is None


_WORDS = patterns.compiled(r"[^\W\d_]+")
_ENGLISH = frozenset(
    "the an of to and or for is are be by with this that any you it as not may shall must will "  # noqa: SIM905
    "use from under all its your such at".split()
)
"""Common English words (only those no other common language shares)."""
_OTHER = frozenset(
    "der die das ist und nicht nur ohne oder le la les est du des ne pas sans ou el los las "  # noqa: SIM905
    "del que es sin il di non della em não sem het een niet zonder och inte ikke og er jest "
    "nie lub bez oraz je není ve bir için değil dan tidak untuk yang dengan și nu este és nem "
    "ja ei tai".split()
)
"""Common words of other languages written in Latin letters (a title has none of them)."""


def _in_another_language(lowered: str) -> bool:
    """Tell a clause the English cues cannot read: more words of another language than English.

    A word counts as another language's when it is one of its common words or
    holds a letter English does not write (ż, é, 中, д …).

    >>> _in_another_language("die kommerzielle nutzung der software ist untersagt.")
    True
    """
    english = other = 0
    for word in _WORDS.findall(lowered):
        if word in _ENGLISH:
            english += 1
        elif word in _OTHER or not word.isascii():
            other += 1
    return other > english


def _residue(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Return *text* with *spans* blanked out (word boundaries kept)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
