"""Named rules for the terms that say who may use a work, on what, at what price, until when.

Each ``TermRule`` is data: the kind it finds, the OSD criterion that kind
breaks, the pattern over the lower-cased clause, the substrings a clause must
hold before the pattern is tried, what rules it out, and an example it must
read (every example is tested). The rules here cover the kinds added with
license engine v2: excluded parties, no redistribution, fees, product ties,
delayed opening, and territories named by rule ("excluding …", "sanctioned
countries", "outside the United States"). ``openness.licenses.extract`` runs
them; nothing here looks at which license a text is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from openness import patterns
from openness.kb.schema import TermKind


@dataclass(frozen=True)
class TermRule:
    """A named way a clause creates a term of one kind."""

    name: str
    """Stable name (shown in debugging output and tests)."""
    kind: TermKind
    """The kind of term the rule finds."""
    pattern: str
    """Regular expression over the lower-cased clause (bounded repetitions only)."""
    needs: tuple[str, ...]
    """Substrings one of which a clause must hold before the pattern is tried."""
    example: str
    """A clause the rule must find (tested)."""
    unless: str | None = None
    """A pattern that, found anywhere in the clause, means the rule does not apply."""
    requires: str | None = None
    """A pattern the clause must also hold somewhere for the rule to apply."""
    standalone: bool = False
    """The match is a term by itself; without this a detector may ask for more
    (a use prohibition names the purpose it forbids after the match)."""

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        """The pattern, compiled on first use."""
        return patterns.compiled(self.pattern, re.DOTALL)

    @cached_property
    def excluded(self) -> re.Pattern[str] | None:
        """The ``unless`` pattern, compiled on first use."""
        return patterns.compiled(self.unless, re.DOTALL) if self.unless else None

    @cached_property
    def required(self) -> re.Pattern[str] | None:
        """The ``requires`` pattern, compiled on first use."""
        return patterns.compiled(self.requires, re.DOTALL) if self.requires else None

    def compile(self) -> None:
        """Compile its patterns now (a batch does so before forking its workers)."""
        _ = self.compiled, self.excluded, self.required

    def search(self, text: str) -> re.Match[str] | None:
        """Return the rule's match in *text* (lower case), or None."""
        if not holds_any(text, self.needs):
            return None
        match = self.compiled.search(text)
        if match is None or (self.excluded is not None and self.excluded.search(text)):
            return None
        if self.required is not None and self.required.search(text) is None:
            return None
        return match


def holds_any(text: str, needs: tuple[str, ...]) -> bool:
    """Tell whether *text* holds one of *needs* (plain substrings)."""
    for need in needs:  # noqa: SIM110 (a loop is several times cheaper than any())
        if need in text:
            return True
    return False


def first_match(
    rules: tuple[TermRule, ...], text: str
) -> tuple[TermRule, re.Match[str]] | tuple[None, None]:
    """Return the first of *rules* that matches *text*, and its match."""
    if not holds_any(text, needs_of(rules)):
        return None, None  # most clauses hold none of the words any rule needs
    for rule in rules:
        match = rule.search(text)
        if match is not None:
            return rule, match
    return None, None


_NEEDS: dict[int, tuple[str, ...]] = {}


def needs_of(rules: tuple[TermRule, ...]) -> tuple[str, ...]:
    """Return every substring one of *rules* needs, once each (kept per tuple of rules)."""
    found = _NEEDS.get(id(rules))
    if found is None:
        found = _NEEDS[id(rules)] = tuple(dict.fromkeys(n for r in rules for n in r.needs))
        _KEEP.append(rules)  # the tuple must outlive its id's use as a key
    return found


_KEEP: list[tuple[TermRule, ...]] = []


_NOT = (
    r"(?:(?:may|shall|must|will|can|could)\s+not|cannot|can't|won't|is\s+not|are\s+not"
    r"|does\s+not|do\s+not|shall\s+never|may\s+never|never|no\s+longer)"
)
"""A negated modal or verb."""
_MODAL_NOT = (
    r"(?:(?:may|shall|must|will|can|could)\s+not|cannot|can't|won't|do\s+not|does\s+not"
    r"|shall\s+never|may\s+never|never|(?:agrees?|undertakes?|promises?)\s+not\s+to"
    r"|(?:is|are)\s+not\s+(?:permitted|allowed|authori[sz]ed|entitled|licensed)\s+to"
    r"|(?:has|have)\s+no\s+(?:right|permission|licen[cs]e)\s+to)"
)
"""A negated modal: someone is told not to do something."""
_DENIED = (
    r"(?:(?:is|are|shall\s+be|will\s+be)\s+(?:not\s+|strictly\s+)?(?:prohibited|forbidden|"
    r"excluded|barred|not\s+(?:permitted|allowed|authori[sz]ed|granted|licensed|eligible))"
    r"|(?:do|does|shall|will)\s+not\s+(?:extend|apply|cover|include)|receive[sd]?\s+no\b"
    r"|(?:has|have)\s+no\s+(?:right|license|licence|permission)|no\s+(?:rights?|licen[cs]es?"
    r"|permission)\s+(?:is|are|shall\s+be|will\s+be)?\s*(?:hereby\s+)?(?:granted|given|"
    r"conferred|extended)|(?:may|shall|must|can)\s+not\s+(?:use|access|download|deploy|run|"
    r"install|exercise|receive|obtain|be\s+licensed)|not\s+(?:be\s+)?(?:an?\s+)?licensees?"
    r"|(?:is|are|shall\s+be|will\s+be)\s+withheld|withholds?|(?:is|are)\s+(?:not\s+eligible|"
    r"ineligible))"
)
"""Phrases that withhold the license from someone."""
_PARTIES = (
    r"(?:competing\s+(?:companies|businesses|entities|organi[sz]ations|vendors|providers|firms)"
    r"|government(?:al)?\s+(?:agenc(?:y|ies)|entit(?:y|ies)|bodies|body|organi[sz]ations"
    r"|departments?|authorit(?:y|ies)|officials?|employees)"
    r"|state[- ]owned\s+(?:enterprises|entities|companies)|public\s+(?:authorit(?:y|ies)"
    r"|bodies|agencies|sector\s+(?:bodies|entities|organi[sz]ations))|armed\s+forces"
    r"|militar(?:y|ies)\s+(?:organi[sz]ations|entities|forces|personnel|units|agencies|bodies"
    r"|contractors|users)|militaries|police(?:\s+(?:forces?|departments?|services?|agencies))?"
    r"|law\s+enforcement(?:\s+(?:agenc(?:y|ies)|authorit(?:y|ies)|bodies))?"
    r"|intelligence\s+(?:agenc(?:y|ies)|services?|communit(?:y|ies))|defen[cs]e\s+(?:contractors|"
    r"companies|firms|industry|agencies|departments?|ministr(?:y|ies))|weapons?\s+manufacturers"
    r"|arms\s+(?:manufacturers|dealers|companies)|(?:cloud|hosting|saas)\s+(?:service\s+)?"
    r"providers|hyperscalers|(?:large|big)\s+(?:tech(?:nology)?\s+)?(?:companies|corporations)"
    r"|(?:publicly\s+(?:listed|traded)|listed)\s+(?:companies|corporations|entities)"
    r"|fortune\s+\d{2,4}\s+companies|(?:any|an)\s+(?:entity|person|organi[sz]ation)\s+(?:on|"
    r"listed\s+(?:on|in)|named\s+(?:on|in))\s+(?:the|any|a)\s+[\w\s'’-]{0,60}?list"
    r"|specially\s+designated\s+nationals|sanctioned\s+(?:persons|entities|individuals|parties)"
    r"|political\s+(?:parties|campaigns|organi[sz]ations)|religious\s+organi[sz]ations"
    r"|banks|financial\s+institutions|insurance\s+companies|oil\s+(?:and\s+gas\s+)?companies"
    r"|fossil\s+fuel\s+companies|tobacco\s+companies|pharmaceutical\s+companies"
    r"|for-profit\s+(?:companies|entities|organi[sz]ations|corporations)"
    r"|commercial\s+(?:entities|organi[sz]ations|companies|enterprises)|competitors?|rivals?"
    r"|governments?)"
)
"""Classes of persons or organisations a license may single out."""
PARTIES = patterns.compiled(rf"\b{_PARTIES}\b")
"""Finds each class of parties a clause names."""

EXCLUDED_PARTIES: tuple[TermRule, ...] = (
    TermRule(
        "parties_denied",
        TermKind.EXCLUDED_PARTIES,
        rf"\b{_PARTIES}\b[^.;:]{{0,160}}?\b(?:{_DENIED}|{_NOT}\s+(?:\w+\s+){{0,2}}?(?:use|access"
        r"|exercise|benefit|deploy|run|download|obtain|receive|be\s+granted))\b",
        (
            "compet",
            "rival",
            "govern",
            "state",
            "public",
            "armed",
            "militar",
            "police",
            "law",
            "intelligence",
            "defen",
            "weapon",
            "arms",
            "provider",
            "hyperscaler",
            "compan",
            "corpor",
            "list",
            "designated",
            "sanctioned",
            "political",
            "religious",
            "bank",
            "financial",
            "insurance",
            "oil",
            "fossil",
            "tobacco",
            "pharma",
            "for-profit",
            "entities",
        ),
        "Government agencies and their contractors may not use the Software.",
        unless=r"\b(?:united\s+states|u\.s\.)\s+government\s+(?:end\s+)?users?\b|\bfar\s+\d|"
        r"\bdfars\b|\brestricted\s+rights\b|\bcommercial\s+(?:computer\s+)?software\b"
        r"|\bgoverned\s+by\b|\bcontribut\w+\b.{0,60}\bcompan",
    ),  # fmt: skip
    TermRule(
        "denied_to_parties",
        TermKind.EXCLUDED_PARTIES,
        rf"\b(?:{_DENIED}|{_NOT}\s+(?:\w+\s+){{0,3}}?(?:granted|available|licensed|extend\w*|"
        r"apply|cover))\b[^.;:]{0,120}?\b(?:to|for|by|from)\s+(?:any\s+|the\s+|a\s+)?(?:\w+\s+)?"
        rf"{_PARTIES}\b",
        (
            "not",
            "no ",
            "prohibit",
            "forbid",
            "exclu",
            "barred",
            "never",
            "cannot",
            "withh",
            "eligible",
        ),
        "This license does not extend to armed forces or police departments.",
        unless=r"\b(?:united\s+states|u\.s\.)\s+government\s+(?:end\s+)?users?\b|\bdfars\b"
        r"|\brestricted\s+rights\b",
    ),
    TermRule(
        "licensee_is_not_party",
        TermKind.EXCLUDED_PARTIES,
        rf"\b(?:licensee|you)\s+(?:must|shall|may)\s+not\s+be\s+(?:a|an)\s+(?:\w+\s+)?{_PARTIES}\b"
        rf"|\b(?:excluding|except(?:\s+for)?|other\s+than)\s+(?:any\s+)?{_PARTIES}\b",
        ("not be", "exclud", "except", "other than"),
        "You must not be a competitor of the Licensor.",
    ),
)
"""Rights withheld from classes of persons or organisations."""

_COPIES = (
    r"(?:the\s+)?(?:software|work|program|model|materials?|weights|code|copies|copy|it|this"
    r"\s+(?:software|work|program|model|library|package|file)|library|package|product|data"
    r"(?:set)?|files?|source\s+code|object\s+code|binaries|binary|distribution)"
)
_PASS_ON = (
    r"(?:re-?distribut\w*|distribut\w*|shar(?:e|ed|ing)|pass(?:ed)?\s+on|hand(?:ed)?\s+on"
    r"|give\s+(?:away|copies|it|them)|given\s+(?:away|to)|hand(?:ed)?\s+(?:over|to)|gift\w*|transfer\w*|sell|sold|resell|rent|lease|lend|publish\w*"
    r"|make\s+(?:\w+\s+){0,3}?available|made\s+(?:\w+\s+)?available|disclose[ds]?|convey\w*"
    r"|provide[ds]?\s+(?:copies|it|them)|copy|copied|upload\w*|host\w*\s+(?:copies|it))"
)
_MODIFIED = (
    r"(?:modified|altered|adapted|changed|derivative|derived|translated|fine-?tuned)\s*"
    r"(?:versions?|copies|works?|forms?|models?|software)?|modifications|derivatives"
    r"|adaptations|derivative\s+works"
)
NO_REDISTRIBUTION: tuple[TermRule, ...] = (
    TermRule(
        "may_not_pass_on",
        TermKind.NO_REDISTRIBUTION,
        rf"\b{_MODAL_NOT}\s+(?:(?:also|otherwise|directly|indirectly|in\s+any\s+way|be|further)\s+)*"
        r"(?:[a-z-]+(?:,\s+(?:or\s+|and\s+)?|\s+(?:or|and|and/or)\s+)){0,5}"
        rf"{_PASS_ON}\b",
        ("not", "never", "cannot", "can't", "won't"),
        "You may not redistribute the Software.",
        unless=rf"\b(?:{_MODIFIED})\b|\b(?:that|which)\s+(?:you|they)\s+do\s+not\b"
        r"|\bif\s+you\s+do\s+not\s+(?:agree|accept)\b"
        r"|\b(?:impossible|unable|cannot)\b.{0,60}?\bcomply\b|\bunder\s+(?:this|these|the\s+"
        r"original)\b|\bexcept\s+(?:as|under|in\s+accordance)|\bunless\s+(?:you|"
        r"the\s+recipient)\b.{0,80}?\b(?:licen|terms|source)|\bwithout\s+(?:also\s+)?(?:including|"
        r"providing|accompanying|retaining|reproducing|making)|\b(?:source\s+code|corresponding"
        r"\s+source)\b|\b(?:notices?|this\s+licen[cs]e|the\s+licen[cs]e|terms)\b.{0,40}$"
        r"|\b(?:personal\s+data|information|confidential|passwords?|credentials|api\s+keys?)\b"
        r"|\bfor\s+(?:any\s+)?(?:military|illegal|unlawful|harmful)\b|\bendorse|\bprivacy\b"
        r"|\btrade\s*marks?\b|\bnames?\s+of\b",
    ),
    TermRule(
        "pass_on_denied",
        TermKind.NO_REDISTRIBUTION,
        r"\b(?:re-?distribution|distribution|sharing|transfer|resale|publication|re-?distributing"
        r"|distributing|passing\s+on|giving|handing|selling|lending|renting|publishing|uploading)\b"
        r"[^.;]{0,80}?\b(?:is|are|shall\s+be)\s+(?:strictly\s+)?"
        r"(?:not\s+(?:permitted|allowed|authori[sz]ed)|prohibited|forbidden)",
        (
            "distribut",
            "sharing",
            "transfer",
            "resale",
            "publi",
            "passing",
            "giving",
            "handing",
            "selling",
            "lending",
            "renting",
            "uploading",
        ),
        "Redistribution is not permitted without the written approval of the author.",
    ),
    TermRule(
        "pass_on_needs_consent",
        TermKind.NO_REDISTRIBUTION,
        r"\b(?:re-?distribut\w*|distribut\w*|shar\w*|transfer\w*|sub-?licens\w*|resell\w*|publish"
        r"\w*)\b[^.;:]{0,120}?\b(?:requires?|needs?|subject\s+to|only\s+with|without)\s+(?:the\s+)?"
        r"(?:(?:express|explicit|prior|written|separate)\s+){0,3}(?:approval|consent|permission"
        r"|authori[sz]ation|agreement)\b",
        ("approv", "consent", "permission", "authori", "agreement"),
        "Distribution of the Software requires the prior written consent of the Licensor.",
        unless=rf"\b(?:{_MODIFIED})\b|\bendorse|\bpromot\w*|\btrade\s*marks?\b|\bnames?\b"
        r"|\bcontribut\w*",
    ),
    TermRule(
        "pass_on_only_to_some",
        TermKind.NO_REDISTRIBUTION,
        rf"\b{_COPIES}\s+(?:\w+\s+){{0,3}}?(?:may|can|shall)\s+(?:\w+\s+)?(?:only|solely)\s+"
        rf"(?:\w+\s+){{0,2}}?(?:be\s+)?{_PASS_ON}\b[^.;]{{0,80}}?\b(?:with|to|among|within)\b"
        r"|\b(?:re-?distribut\w*|shar\w*|pass\w*\s+on|transfer\w*)\b[^.;]{0,60}?\b(?:only|solely"
        r"|exclusively)\s+(?:\w+\s+){0,2}?(?:to|with|within|among|inside)\s+(?:\w+\s+){0,3}?"
        r"(?:members|employees|affiliates|organi[sz]ation|company|team|colleagues|students"
        r"|customers|licensees|institution|group|department)"
        r"|\bonly\s+(?:without|free\s+of)\s+(?:any\s+)?(?:charge|fee|payment|cost)",
        ("only", "solely", "exclusively"),
        "Copies of the Software may be shared only with members of your organization.",
        unless=r"\b(?:under\s+(?:the\s+terms\s+of\s+)?this\s+licen[cs]e|source\s+code)\b",
    ),
)
"""Copies that may not be passed on, or only to some, or only without a fee."""

_PAYMENT = (
    r"(?:pay\w*|purchas\w*|buy|bought|subscri\w*|royalt(?:y|ies)|fees?|charges?|price|payment"
    r"|paid|commercial\s+licen[cs]e|separate\s+(?:commercial\s+)?licen[cs]e\s+(?:for\s+a\s+fee|"
    r"agreement))"
)
FEE_REQUIRED: tuple[TermRule, ...] = (
    TermRule(
        "paid_license_required",
        TermKind.FEE_REQUIRED,
        r"\b(?:requires?|required|needs?|must\s+(?:\w+\s+){0,2}?(?:obtain|purchase|buy|acquire|"
        r"pay\s+for|take\s+out)|shall\s+(?:\w+\s+){0,2}?(?:obtain|purchase|buy|acquire)|subject\s+"
        r"to|conditioned\s+(?:up)?on)\s+(?:\w+\s+){0,3}?(?:paid|commercial|purchased|fee-based"
        r"|royalty-bearing|premium|enterprise)\s+(?:\w+\s+)?(?:licen[cs]e|subscription|plan|"
        r"agreement|edition)",
        (
            "paid",
            "commercial",
            "purchased",
            "fee-based",
            "royalty-bearing",
            "premium",
            "enterprise",
        ),
        "Commercial use of the Software requires a separate paid license.",
    ),  # fmt: skip
    TermRule(
        "must_pay",
        TermKind.FEE_REQUIRED,
        r"\b(?:must|shall|will|agrees?\s+to|is\s+required\s+to|are\s+required\s+to|need\s+to)\s+"
        r"(?:\w+\s+){0,2}?(?:pay|purchase|buy|remit)\b(?!\s+(?:any\s+)?(?:attention|heed))"
        r"|\b(?:royalt(?:y|ies)|fees?|charges?)\s+(?:\w+\s+){0,2}?appl(?:y|ies)\s+to\b"
        r"|\b(?:royalt(?:y|ies)|fees?|payments?|charges?|licen[cs]e\s+fees?)\s+(?:of\s+[^.;]{1,40}?"
        r"\s+)?(?:is|are|shall\s+be|will\s+be|becomes?)\s+(?:\w+\s+)?(?:due|payable|owed|charged"
        r"|required|applicable)"
        r"|\b(?:subject\s+to|upon|after|in\s+exchange\s+for|on\s+condition\s+of|requires?|"
        r"required)\s+(?:the\s+)?(?:payment|purchase)\s+of\b"
        r"|\b(?:is|are|be|becomes?)\s+subject\s+to\s+(?:a\s+|an\s+|the\s+)?(?:(?:license|licence"
        r"|usage|annual|monthly)\s+)?(?:fees?|royalt(?:y|ies)|revenue\s+share)\b"
        r"|\bow(?:e|es|ed|ing)\b[^.;]{0,60}?\b(?:fees?|royalt(?:y|ies)|payments?|sums?|amounts?)\b"
        r"|\bonly\s+(?:\w+\s+){0,3}?(?:for|against|upon|after)\s+(?:(?:the\s+)?payment\s+of\s+)?"
        r"(?:a|an\s+annual|a\s+monthly|the\s+applicable)\s+(?:\w+\s+)?(?:fee|charge|royalty"
        r"|subscription)\b",
        ("pay", "purchase", "buy", "remit", "royalt", "fee", "charge", "payment", "owe", "owing"),
        "Organizations must purchase a subscription before using the Software.",
        unless=r"\bfree\s+of\s+charge\b|\broyalty[- ]free\b|\bno[- ]charge\b"
        r"|\bwithout\s+(?:any\s+)?(?:fee|charge|payment|royalt)|\b(?:you\s+)?may\s+charge\b|\bno\s+(?:fee|royalty|charge)"
        r"|\bcharge\s+(?:a\s+)?fee\s+for\b|\bwarranty\b|\bdamages?\b|\bliab|\battorneys?'?\s+fees"
        r"|\bcosts?\s+of\s+(?:defen|litigation|servicing)|\btaxes\b|\bshipping\b|\bgratis\b"
        r"|\bno\s+more\s+than\b|\bat\s+no\s+(?:further\s+|additional\s+|extra\s+)?(?:charge|cost)"
        r"|\breasonable\s+(?:fee|charge)|\bcost\s+of\s+(?:physically\s+)?(?:performing|distribution)",
    ),
)
"""Use, some users or redistribution that must be paid for."""

_PRODUCTS = (
    r"(?:products?|services?|platforms?|hardware|devices?|chips?|processors?|gpus?|cloud|software"
    r"|applications?|apps?|systems?|boards?|sensors?|appliances?|offerings?|marketplace|servers?"
    r"|printers?|robots?|vehicles?|phones?|consoles?|computers?|machines?|accelerators?"
    r"|ecosystem|api|sdk)"
)
_COUNTERPART = (
    r"(?:(?:(?:the\s+)?licensor'?s?|our|its|the\s+company'?s?|[a-z][\w&.-]{1,30}'s)\s+"
    rf"(?:own\s+)?(?:\w+\s+){{0,2}}?{_PRODUCTS}|{_PRODUCTS}\s+(?:\w+\s+){{0,2}}?(?:sold|made"
    r"|manufactured|provided|offered|supplied|licensed|distributed|operated|designed|owned)\s+by)"
)
PRODUCT_RESTRICTION: tuple[TermRule, ...] = (
    TermRule(
        "only_with_product",
        TermKind.PRODUCT_RESTRICTION,
        r"\b(?:only|solely|exclusively)\s+(?:\w+\s+){0,4}?(?:(?:together|in\s+conjunction|in\s+"
        r"combination|in\s+connection|for\s+use)\s+with|(?:on|with|for)\s+(?:use\s+(?:on|with)\s+)?"
        r"|as\s+(?:a\s+)?(?:part|component)\s+of|(?:on|within|through|via)\s+)"
        rf"(?:the\s+|a\s+|an\s+)?(?:genuine\s+|authori[sz]ed\s+)?{_COUNTERPART}\b",
        ("only", "solely", "exclusively"),
        "The Software may be used only together with products sold by the Licensor.",
        unless=r"\bonly\s+(?:\w+\s+){0,3}?in\s+accordance\s+with\b",
    ),
    TermRule(
        "for_use_with_only",
        TermKind.PRODUCT_RESTRICTION,
        rf"\bfor\s+use\s+(?:with|on|in)\s+(?:\w+\s+){{0,3}}?{_PRODUCTS}\s+only\b"
        rf"|\bonly\s+(?:while|when|if|where)\b[^.;]{{0,60}}?\b(?:runs?|running|used|installed|"
        rf"deployed|operated|hosted)\s+(?:on|with|in)\s+(?:the\s+)?{_COUNTERPART}",
        ("only",),
        "The Software is licensed for use with Acme sensors only.",
    ),
    TermRule(
        "product_named_scope",
        TermKind.PRODUCT_RESTRICTION,
        rf"\b(?:{_NOT}|no\s+rights?\s+(?:are\s+)?granted)\b[^.;]{{0,60}}?\b(?:use|run|deploy|"
        r"install|execute)\w*\b[^.;]{0,60}?\b(?:on|with)\s+(?:any\s+)?(?:non-|third[- ]party\s+|"
        r"other\s+|competing\s+)(?:\w+\s+)?(?:products?|hardware|platforms?|devices?|services?"
        r"|chips?|processors?|gpus?|systems?)",
        ("non-", "third", "other", "competing"),
        "You may not run the Software on third-party hardware.",
    ),
    TermRule(
        "hardware_of",
        TermKind.PRODUCT_RESTRICTION,
        r"\b(?:only|solely|exclusively)\b[^.;]{0,60}?\b(?:hardware|devices?|chips?|processors?|gpus?"
        r"|platforms?|systems?)\s+(?:\w+\s+){0,2}?(?:manufactured|made|sold|supplied|provided|"
        r"operated|offered|designed)\s+by\b",
        ("only", "solely", "exclusively"),
        "You may run the Software exclusively on hardware manufactured by Acme Corp.",
    ),
)
"""Rights that hold only with a named product, service, platform or hardware."""

_LICENSE_NAMES = (
    r"(?:the\s+)?(?:apache\s+licen[cs]e(?:,?\s+version\s+2\.0|\s+2\.0|\s+v2(?:\.0)?)?|apache-2\.0"
    r"|mit(?:\s+licen[cs]e)?|gnu\s+general\s+public\s+licen[cs]e(?:\s+(?:version|v)\s*[23](?:\.0)?)?"
    r"|gpl(?:-|\s)?v?[23](?:\.0)?(?:-or-later)?|mozilla\s+public\s+licen[cs]e(?:\s+2\.0)?|mpl-2\.0"
    r"|bsd(?:[- ][23][- ]clause)?(?:\s+licen[cs]e)?|change\s+licen[cs]e|(?:an?\s+)?open[- ]source"
    r"\s+licen[cs]e)"
)
DELAYED_OPEN: tuple[TermRule, ...] = (
    TermRule(
        "change_date",
        TermKind.DELAYED_OPEN,
        r"\bchange\s+date\b|\bchange\s+licen[cs]e\b",
        ("change date", "change licen"),
        "On the Change Date the Licensor grants you rights under the Change License.",
    ),
    TermRule(
        "becomes_open",
        TermKind.DELAYED_OPEN,
        r"\b(?:becomes?|will\s+be(?:come)?|shall\s+be(?:come)?|is|are)\s+(?:automatically\s+)?"
        r"(?:also\s+)?(?:available|licensed|re-?licensed|made\s+available|released|converted|"
        rf"convert\w*)\s+(?:\w+\s+){{0,3}}?(?:under|to)\s+(?:the\s+terms\s+of\s+)?{_LICENSE_NAMES}"
        r"[^.;]{0,200}?\b(?:after|following|from|on|upon|once|anniversary|years?|months?|date)\b"
        r"|\b(?:after|following|on\s+the\s+\w+\s+anniversary|(?:\w+\s+){0,2}(?:years?|months?)\s+"
        r"(?:after|from|following))\b[^.;]{0,200}?\b(?:under|to)\s+(?:the\s+terms\s+of\s+)?"
        rf"{_LICENSE_NAMES}",
        ("under", " to "),
        "On the fourth anniversary of its release, the Software becomes available under the "
        "Apache License 2.0.",
        unless=r"\bcontribut\w*\b|\bcombined\s+with\b|\blater\s+version\b",
    ),
)
"""Licenses that turn into another one after a date or a period."""

TERRITORY_BY_RULE: tuple[TermRule, ...] = (
    TermRule(
        "sanctioned_places",
        TermKind.GEOGRAPHIC_RESTRICTION,
        r"\b(?:sanctioned|embargoed|restricted|prohibited|excluded|high-risk|adversary|adversarial"
        r"|listed)\s+(?:countries|country|jurisdictions?|nations?|regions?|territories|"
        r"destinations|states)\b|\bcountr(?:y|ies)\s+of\s+concern\b|\bcountr(?:y|ies)\s+(?:subject"
        r"\s+to|under)\s+(?:\w+\s+)?(?:sanctions?|embargo\w*)",
        (
            "sanction",
            "embargo",
            "restricted",
            "prohibited",
            "excluded",
            "high-risk",
            "adversar",
            "listed",
            "concern",
        ),
        "Residents of sanctioned countries receive no rights under this license.",
    ),  # fmt: skip
    TermRule(
        "outside_place",
        TermKind.GEOGRAPHIC_RESTRICTION,
        r"\b(?:outside|beyond)\s+(?:of\s+)?(?:the\s+)?(?:territory\s+of\s+(?:the\s+)?)?[a-z][\w.'-]*"
        r"(?:\s+[a-z][\w.'-]*){0,3}",
        ("outside", "beyond"),
        "Use outside the United States is not permitted.",
    ),
    TermRule(
        "only_in_place",
        TermKind.GEOGRAPHIC_RESTRICTION,
        r"\b(?:only|solely|exclusively)\s+(?:\w+\s+){0,3}?(?:in|within|inside|from)\s+(?:the\s+)?"
        r"(?:territory\s+of\s+(?:the\s+)?)?[a-z][\w.'-]*(?:\s+[a-z][\w.'-]*){0,3}"
        r"|\b(?:in|within|inside)\s+(?:the\s+)?[a-z][\w.'-]*(?:\s+[a-z][\w.'-]*){0,3}?\s+only\b",
        ("only", "solely", "exclusively"),
        "The Software may be used only within the United States.",
    ),
)
_CONDITIONAL = r"\b(?:not|no|never|if|unless|provided|only|except|neither|nor)\b"

PERSONS_IN_PLACES: tuple[TermRule, ...] = (
    TermRule(
        "resident_of_sanctioned_places",
        TermKind.GEOGRAPHIC_RESTRICTION,
        r"\b(?:located|resident|residents|residing|domiciled|based|headquartered|organi[sz]ed"
        r"|incorporated|ordinarily\s+resident|citizens?|nationals?)\s+(?:of|in|within|under\s+the"
        r"\s+laws\s+of)\s+(?:an?\s+|any\s+|the\s+)?(?:[\w.-]+\s+){0,3}?(?:sanctioned|embargoed"
        r"|restricted|prohibited|excluded)\s+(?:countr(?:y|ies)|jurisdictions?|nations?|regions?"
        r"|territor(?:y|ies)|destinations?|states?|areas?)\b",
        ("sanction", "embargo", "restricted", "prohibited", "excluded"),
        "You may not use the Model if you are located in a comprehensively sanctioned country.",
        requires=_CONDITIONAL,
    ),
)
"""Rights withheld from persons by where they live or are established: a restriction the
license itself makes, even in a sentence that also names export law (which alone is a
compliance notice, not a territory)."""

LISTED_PARTIES: tuple[TermRule, ...] = (
    TermRule(
        "parties_on_lists",
        TermKind.EXCLUDED_PARTIES,
        r"\b(?:listed|named|designated|identified|included|appear\w*)\s+(?:on|in)\s+(?:any|the|a|an)"
        r"\s+[^.;]{0,80}?\b(?:lists?|sdn)\b|\banyone\s+(?:who\s+is\s+)?(?:on|listed\s+on)\s+"
        r"[^.;]{0,80}?\blists?\b|\b(?:the\s+)?(?:target|subject)\s+of\s+(?:any\s+)?(?:[\w-]+\s+)"
        r"{0,2}?(?:sanctions?|trade\s+controls|export\s+controls|embargo\w*)\b",
        ("list", "target", "subject of"),
        "The license is not granted to anyone listed on a government restricted parties list.",
        requires=_CONDITIONAL,
    ),
)
"""Rights withheld from persons on sanctions or restricted-party lists."""

"""Territories named by a rule rather than a list: "sanctioned countries", "outside X".
``outside_place`` and ``only_in_place`` count only when a named place follows."""

_LICENSE_IDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (license_id, patterns.compiled(pattern))
    for license_id, pattern in (
        ("apache-2.0", r"\bapache(?:\s+licen[cs]e)?(?:,?\s+version\s+2\.0|\s+2\.0|\s+v2)?\b"),
        ("gpl-3.0", r"\b(?:gnu\s+general\s+public\s+licen[cs]e|gpl)[\s,-]*(?:version\s+|v)?3"),
        ("gpl-2.0", r"\b(?:gnu\s+general\s+public\s+licen[cs]e|gpl)[\s,-]*(?:version\s+|v)?2"),
        ("mpl-2.0", r"\b(?:mozilla\s+public\s+licen[cs]e|mpl)"),
        ("mit", r"\bmit\b"),
        ("bsd-3-clause", r"\bbsd[- ]3[- ]clause"),
        ("bsd-2-clause", r"\bbsd[- ]2[- ]clause"),
    )
)  # fmt: skip


def license_named(text: str) -> tuple[str, ...] | None:
    """Return the id of the open license a delayed-open clause names, as a 1-tuple.

    >>> license_named("the software becomes available under the apache license, version 2.0")
    ('apache-2.0',)
    """
    for license_id, pattern in _LICENSE_IDS:
        if pattern.search(text):
            return (license_id,)
    return None


_FIELDS = (
    r"(?:militar\w*|warfare|wars?|weapons?|arms|munitions|nuclear|surveil\w*|espionage|spying"
    r"|intelligence\s+(?:gathering|applications?|agencies)|fossil\s+fuels?|oil\s+(?:and\s+gas|"
    r"extraction|drilling)|coal|mining|fracking|tobacco|gambling|pornograph\w*|adult\s+content"
    r"|police|policing|law\s+enforcement|immigration|deportation|prisons?|incarceration|tracking"
    r"|profiling|biometric\w*|facial\s+recognition|credit|employment|hiring|insurance|housing"
    r"|eligibility|decisions?\s+about|discriminat\w*|harm\w*|kill\w*|injur\w*|illegal|unlawful"
    r"|political|elections?|campaigns?|propaganda|disinformation|misinformation|spam|malware"
    r"|hacking|animal\s+testing|defen[cs]e\s+(?:industry|sector|applications?|purposes?|systems?)|combat|targeting|compet\w+|abortion|torture"
    r"|human\s+rights|genocide|terroris\w*|extremis\w*|critical\s+infrastructure|medical\s+advice"
    r"|diagnos\w*|autonomous\s+(?:weapons|vehicles|driving))"
)
"""Fields of use a license may forbid (OSD criterion 6)."""
FIELDS = patterns.compiled(rf"\b{_FIELDS}\b")

_USE = (
    r"(?:use[ds]?|using|deploy\w*|appl(?:y|ied|ying)|employ\w*|run|ran|exploit\w*|operat\w*"
    r"|offer\w*|provid\w*|build\w*|develop\w*|integrat\w*)"
)
USE_RESTRICTIONS: tuple[TermRule, ...] = (
    TermRule(
        "use_forbidden",
        TermKind.USE_RESTRICTIONS,
        rf"\b{_MODAL_NOT}\s+(?:be\s+|ever\s+be\s+)?(?:\w+\s+){{0,2}}?{_USE}\b[^.;]{{0,160}}?"
        rf"\b{_FIELDS}\b",
        ("not", "never", "cannot", "can't", "won't"),
        "The Software may not be used for military purposes.",
        unless=r"\b(?:names?|trade\s*marks?|logos?)\b.{0,80}\b(?:advertis|promot|endorse)"
        r"|\bwarrant\w*|\bliab\w*|\bcredit\s+(?:line|notice)|\bcompetition\s+law"
        r"|\b(?:improve|train|fine-?tun|distill|enhance)\w*\b.{0,80}?\bmodels?\b",
    ),
    TermRule(
        "use_not_covered",
        TermKind.USE_RESTRICTIONS,
        r"\b(?:no\s+(?:rights?|licen[cs]es?|permission)\s+(?:are\s+|is\s+)?(?:hereby\s+)?"
        r"(?:granted|given|conferred)|(?:does|do|shall|will)\s+not\s+(?:cover|extend\s+to|include"
        r"|apply\s+to|permit|allow)|(?:is|are)\s+not\s+(?:licensed|permitted|allowed|authori[sz]ed"
        r"|granted|available))\b[^.;]{0,160}?\b(?:use|uses|purposes?|applications?|deploy\w*"
        rf"|activit\w+)\b[^.;]{{0,80}}?\b{_FIELDS}\b"
        r"|\b(?:this|the|these|such|above|foregoing)\s+(?:\w+\s+){0,2}?(?:permissions?|rights?|"
        r"grant|licen[cs]e)\s+(?:does|do|shall|will)\s+not\s+(?:cover|extend\s+to|include|apply"
        rf"\s+to)\b[^.;]{{0,120}}?\b{_FIELDS}\b",
        ("no ", "not"),
        "No rights are granted to use the Software for surveillance of individuals.",
    ),
    TermRule(
        "nothing_permits_field",
        TermKind.USE_RESTRICTIONS,
        r"\bnothing\s+(?:in\s+(?:this|these|the)\b[^.;]{0,60}?)?\b(?:permits?|allows?|grants?|"
        rf"authori[sz]es?|licen[cs]es?)\b[^.;]{{0,120}}?\b{_FIELDS}\b"
        rf"|\b{_FIELDS}\b[^.;]{{0,120}}?\b(?:is|are|falls?|lies?)\s+outside\s+(?:of\s+)?(?:the\s+)?"
        r"(?:scope|permission|licen[cs]e|rights|grant)",
        ("nothing", "outside"),
        "Nothing in this license permits use of the Software for surveillance.",
    ),
    TermRule(
        "any_purpose_except_field",
        TermKind.USE_RESTRICTIONS,
        r"\b(?:any|all|every)\s+(?:lawful\s+)?(?:purposes?|uses?|applications?)\b[^.;]{0,20}?\b"
        r"(?:other\s+than|except(?:\s+for)?|excluding|save|but\s+not)\b[^.;]{0,120}?"
        rf"\b{_FIELDS}\b",
        ("other than", "except", "excluding", "save", "but not"),
        "You may use the Software for any purpose except military applications.",
    ),
    TermRule(
        "field_use_denied",
        TermKind.USE_RESTRICTIONS,
        rf"\b(?:use|uses|usage|application|deployment)\b[^.;]{{0,100}}?\b{_FIELDS}\b[^.;]{{0,100}}?"
        r"\b(?:is|are|shall\s+be|will\s+be)\s+(?:strictly\s+)?(?:not\s+(?:permitted|allowed|"
        r"authori[sz]ed|licensed)|prohibited|forbidden|excluded)",
        ("not", "prohibit", "forbid", "exclu"),
        "Use of the Software for any purpose related to fossil fuel extraction is not permitted.",
    ),
    TermRule(
        "refrain_from_field",
        TermKind.USE_RESTRICTIONS,
        rf"\b(?:refrain|abstain|desist)\s+from\b[^.;]{{0,160}}?\b{_FIELDS}\b",
        ("refrain", "abstain", "desist"),
        "Licensee must refrain from applying the Software in any weapons system.",
    ),
)
"""Fields of use forbidden, in any wording (the long lists of AI licenses are read in
``openness.licenses.extract``)."""

NON_COMMERCIAL_RULES: tuple[TermRule, ...] = (
    TermRule(
        "commercial_not_covered",
        TermKind.NON_COMMERCIAL,
        r"\b(?:no\s+(?:rights?|licen[cs]es?|permission)\s+(?:are\s+|is\s+)?(?:hereby\s+)?"
        r"(?:granted|given|conferred)|(?:does|do|shall|will)\s+not\s+(?:cover|extend\s+to|include"
        r"|apply\s+to|permit|allow)|(?:is|are)\s+not\s+(?:licensed|permitted|allowed|authori[sz]ed"
        r"|granted))\b[^.;]{0,120}?\bcommercial(?:ly)?\b",
        ("commercial",),
        "This license does not cover any commercial use.",
        unless=r"\bnon-?\s?commercial\b[^.;]{0,40}\b(?:and|or)\s+commercial\b",
    ),
    TermRule(
        "commercial_denied",
        TermKind.NON_COMMERCIAL,
        r"\bcommercial(?:ly)?\s+(?:\w+\s+){0,3}?(?:use|uses|usage|purposes?|exploitation|products?"
        r"|services?|applications?|deployment|settings?)\b[^.;]{0,60}?\b(?:is|are|shall\s+be|will"
        r"\s+be)\s+(?:strictly\s+)?(?:not\s+(?:permitted|allowed|authori[sz]ed|licensed|covered)"
        r"|prohibited|forbidden|excluded)",
        ("commercial",),
        "Use in a commercial product or service is not allowed.",
    ),
    TermRule(
        "non_commercial_only",
        TermKind.NON_COMMERCIAL,
        r"\bnon-?\s?commercial\s+(?:\w+\s+){0,2}?(?:use|uses|purposes?)\s+only\b"
        r"|\b(?:limited|restricted|confined)\s+to\s+(?:\w+\s+){0,3}?non-?\s?commercial\b",
        ("commercial",),
        "The permissions above are limited to non-commercial purposes.",
    ),
)
"""Commercial use withheld, in wordings the older detectors miss."""

RESEARCH_RULES: tuple[TermRule, ...] = (
    TermRule(
        "research_alone",
        TermKind.RESEARCH_ONLY,
        r"\b(?:for|to)\s+(?:\w+\s+){0,3}?(?:research|study|studies|evaluation|testing|experiments?"
        r"|experimentation|teaching)\s+(?:purposes\s+)?(?:alone|only|exclusively|and\s+nothing\s+"
        r"else|and\s+no\s+other)\b",
        ("alone", "only", "exclusively", "nothing else", "no other"),
        "The Software may be used for academic study alone.",
    ),
    TermRule(
        "limited_to_research",
        TermKind.RESEARCH_ONLY,
        r"\b(?:limited|restricted|confined)\s+to\s+(?:\w+\s+){0,3}?(?:research|evaluation|"
        r"testing|academic|experimental|study|educational)\b"
        r"|\bproduction\s+(?:use|uses|deployment)\s+(?:is|are)\s+(?:strictly\s+)?(?:not\s+"
        r"(?:permitted|allowed)|prohibited|forbidden|excluded)",
        ("limited", "restricted", "confined", "production"),
        "Use is limited to evaluation and testing.",
    ),
)
"""Use only for research or evaluation, in wordings the older detectors miss."""

ALL_RULES: tuple[TermRule, ...] = (
    EXCLUDED_PARTIES
    + LISTED_PARTIES
    + PERSONS_IN_PLACES
    + NO_REDISTRIBUTION
    + FEE_REQUIRED
    + PRODUCT_RESTRICTION
    + DELAYED_OPEN
    + TERRITORY_BY_RULE
    + USE_RESTRICTIONS
    + NON_COMMERCIAL_RULES
    + RESEARCH_RULES
)
"""Every rule of this module, by name (names are unique; tested)."""
