"""A generator of restricted variants of open licenses: the false passes we hunt.

Takes an open license text and inserts one restrictive sentence, written here
in our own words, at one of several positions. Each kind of restriction has
several phrasings; some of them are *held out* — never looked at while
writing the engine's rules, only measured (``benchmarks/
license_generalization.py`` reports them apart). Places, parties and numbers
are drawn from lists, so one phrasing yields many sentences.

Entry points: ``PHRASINGS``, ``mutate`` and ``mutations``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

POSITIONS = ("start", "middle", "end", "inline")
"""Where a sentence goes: after the first paragraph, between two middle paragraphs,
at the end, or appended to a sentence inside a paragraph."""

PLACES = (
    "Iran", "North Korea", "Cuba", "Syria", "Russia", "Belarus", "Venezuela", "China",
    "the European Union", "the United Kingdom", "South Korea", "Brazil", "India", "Nigeria",
    "Myanmar", "Vietnam", "Germany", "Canada", "Japan", "Turkey", "Pakistan", "Mexico",
)  # fmt: skip
COUNTRY_SETS = (
    "Iran, North Korea or Syria",
    "the European Union, the United Kingdom and South Korea",
    "Russia, Belarus and Crimea",
    "China, Hong Kong and Macau",
    "Cuba and Venezuela",
    "India, Pakistan and Bangladesh",
)


@dataclass(frozen=True)
class Phrasing:
    """One way of writing a restriction, with the kinds that name it correctly."""

    kinds: frozenset[str]
    """Term kinds any of which counts as reading it right."""
    template: str
    """The sentence, with ``{place}``, ``{places}`` or ``{n}`` to fill in."""
    held_out: bool = False
    """Only measured, never used to tune rules."""


def _p(kinds: str, template: str, held_out: bool = False) -> Phrasing:
    return Phrasing(frozenset(kinds.split()), template, held_out)


PHRASINGS: tuple[Phrasing, ...] = (
    # forbidden uses
    _p("use_restrictions", "The Software may not be used for military purposes."),
    _p("use_restrictions", "You shall not use this software in connection with the development "
       "or production of weapons."),
    _p("use_restrictions", "No rights are granted to use the Software for surveillance of "
       "individuals."),
    _p("use_restrictions", "Use of the Software for any purpose related to fossil fuel "
       "extraction is not permitted."),
    _p("use_restrictions", "The Software is not licensed for use in nuclear facilities."),
    _p("use_restrictions", "You agree not to use the Software to make decisions about the "
       "eligibility of people for credit or employment."),
    _p("use_restrictions", "This permission does not cover military or intelligence "
       "applications of the Software."),
    _p("use_restrictions", "Licensee must refrain from applying the Software in any system "
       "designed to kill or injure people."),
    _p("use_restrictions", "The Software must never be deployed for mass surveillance."),
    _p("use_restrictions excluded_parties", "The Software may not be used to build a product "
       "that competes with the Licensor."),
    _p("use_restrictions excluded_parties", "You may not use the Software to provide a "
       "service that competes with the copyright holder."),
    _p("use_restrictions excluded_parties", "The Software may not be offered as a hosted "
       "service that competes with the offerings of the Licensor."),
    # commercial use
    _p("non_commercial fee_required", "Commercial use of the Software requires a paid "
       "license from the copyright holder."),
    _p("non_commercial", "You may not use the Software for commercial purposes."),
    _p("non_commercial", "This license does not cover any commercial use."),
    _p("non_commercial", "The permissions above are limited to non-commercial purposes."),
    _p("non_commercial", "The Software may only be used for non-commercial purposes."),
    _p("non_commercial", "No rights are granted for commercial exploitation of the Software."),
    _p("non_commercial", "Use in a commercial product or service is not allowed."),
    _p("non_commercial", "The foregoing grant extends to non-commercial use only."),
    # research only
    _p("research_only", "The Software may be used solely for academic research."),
    _p("research_only", "Use is limited to evaluation and testing; production use is not "
       "permitted."),
    _p("research_only", "These permissions are granted for research purposes only."),
    # places
    _p("geographic_restriction", "The rights granted here do not extend to persons located "
       "in {places}."),
    _p("geographic_restriction", "This license is void for any user residing in {place}."),
    _p("geographic_restriction", "No rights are granted to entities headquartered in {place}."),
    _p("geographic_restriction", "This license is granted worldwide, excluding {places}."),
    _p("geographic_restriction", "Residents of sanctioned countries receive no rights under "
       "this license."),
    _p("geographic_restriction", "Use of the Software outside {place} is not permitted."),
    _p("geographic_restriction", "The Software may be used only within {place}."),
    _p("geographic_restriction", "Persons who are citizens of {place} are not licensees "
       "under this agreement."),
    _p("geographic_restriction", "The above permission is not available in {places}."),
    # parties
    _p("excluded_parties", "No rights are granted to any competitor of the copyright holder."),
    _p("excluded_parties", "Government agencies and their contractors may not use the "
       "Software."),
    _p("excluded_parties", "This license does not extend to armed forces or police "
       "departments."),
    _p("excluded_parties", "Law enforcement agencies are not permitted to use the Software."),
    _p("excluded_parties", "You must not be a competitor of the Licensor."),
    _p("excluded_parties", "The Software is not licensed to defense contractors."),
    _p("excluded_parties", "Intelligence agencies shall have no right to use or copy the "
       "Software."),
    _p("excluded_parties", "The permission above is withheld from publicly traded "
       "companies."),
    # copies
    _p("no_redistribution", "You may not redistribute the Software."),
    _p("no_redistribution", "Copies of the Software may be shared only with members of your "
       "organization."),
    _p("no_redistribution", "Redistribution is not permitted without the written approval of "
       "the author."),
    _p("no_redistribution", "The Software must not be passed on to third parties."),
    _p("no_redistribution", "You may not sell, rent or lease copies of the Software."),
    _p("no_redistribution", "Distribution of the Software requires the prior written consent "
       "of the Licensor."),
    _p("no_redistribution", "Copies may not be given to anyone outside your company."),
    _p("no_redistribution", "You are not permitted to make the Software available to "
       "others."),
    # changes
    _p("no_derivatives", "Modified versions may not be distributed without approval of the "
       "Licensor."),
    _p("no_derivatives", "You may not create derivative works of the Software."),
    _p("no_derivatives", "Modification of the Software is prohibited."),
    _p("no_derivatives", "You may not modify, adapt or translate the Software."),
    _p("no_derivatives", "No permission is given to alter the Software."),
    _p("no_derivatives", "Derivative works of the Software may not be published."),
    _p("no_derivatives", "Altered versions of the Software shall not be distributed."),
    # money
    _p("fee_required", "Redistribution of the Software requires payment of a fee to the "
       "copyright holder."),
    _p("fee_required", "Organizations must purchase a subscription before using the "
       "Software."),
    _p("fee_required", "A royalty of five percent of sales is due for every copy "
       "distributed."),
    _p("fee_required", "Each installation of the Software requires a paid license."),
    _p("fee_required", "You must pay the Licensor an annual fee of $500 to use the Software."),
    _p("fee_required", "Use of the Software is subject to the payment of license fees."),
    _p("fee_required", "Users are required to pay a per-seat fee to the copyright holder."),
    _p("fee_required", "A license fee applies to every deployment of the Software."),
    # products
    _p("product_restriction", "The Software may be used only together with products sold by "
       "the Licensor."),
    _p("product_restriction", "This license applies solely for use on the Licensor's cloud "
       "platform."),
    _p("product_restriction", "You may run the Software exclusively on hardware manufactured "
       "by Acme Corp."),
    _p("product_restriction", "You may not run the Software on third-party hardware."),
    _p("product_restriction", "The Software is licensed solely for use in conjunction with "
       "Acme's devices."),
    _p("product_restriction", "These rights apply only when the Software runs on the "
       "Licensor's own platform."),
    _p("product_restriction", "No rights are granted to use the Software with competing "
       "products."),
    # sizes
    _p("user_threshold", "If your product has more than {n} daily active users, you must "
       "obtain a separate license."),
    _p("user_threshold", "Organisations with over two hundred thousand monthly active users "
       "need a commercial license."),
    _p("user_threshold", "Deployment on more than 10,000 devices requires written permission "
       "from the Licensor."),
    _p("user_threshold", "Services exceeding 5 million monthly visits must request a license "
       "from the copyright holder."),
    _p("user_threshold", "This license terminates for any licensee with more than 1,000,000 "
       "users."),
    _p("revenue_threshold", "Companies with annual revenue above $10 million must purchase a "
       "commercial license."),
    _p("revenue_threshold", "If your monthly revenue exceeds USD 1,000,000, this license "
       "terminates."),
    _p("revenue_threshold", "Entities whose yearly turnover is greater than EUR 50 million are "
       "not licensed under these terms."),
    # models
    _p("model_improvement_ban", "You may not use the Software or its outputs to train any "
       "other machine learning model."),
    _p("model_improvement_ban", "The outputs of the Software shall not be used to improve any "
       "other large language model."),
    # wordings of the real 2024-2026 AI licenses' classes (restrictions on residents of
    # sanctioned places and listed parties even beside an export-law clause, commercial use
    # that needs a separate agreement, training competing models on outputs)
    _p("non_commercial", "Using the Software for a commercial purpose requires a prior "
       "written agreement with the Licensor."),
    _p("non_commercial", "The Software may only be used non-commercially."),
    _p("model_improvement_ban", "You shall not use outputs of the Software to fine-tune a "
       "model that is competitive with the Software."),
    _p("geographic_restriction", "You may not use the Software if you are a resident of an "
       "embargoed country or if your use would violate export laws."),
    _p("excluded_parties", "The Software may not be used by anyone listed on a government "
       "restricted parties list."),
    _p("excluded_parties", "You represent that you are not the target of any sanctions, and "
       "you must comply with all export control laws."),
    _p("fee_required", "Such use is subject to a royalty payable to the Licensor."),
    # held out: written after the rules, only measured (the first held-out batch above
    # became development data once its failures had been looked at)
    _p("use_restrictions", "Nothing in this license permits use of the Software for "
       "weapons research.", True),
    _p("use_restrictions", "Any use of the Software in the operation of prisons is outside "
       "the permission granted.", True),
    _p("use_restrictions", "The Software may be used for any purpose except the tracking of "
       "journalists.", True),
    _p("non_commercial", "The Software is made available for non-commercial use and for no "
       "other use.", True),
    _p("non_commercial no_redistribution", "Selling the Software, or any product that "
       "includes it, is forbidden.", True),
    _p("research_only", "Permission is given for academic study alone.", True),
    _p("geographic_restriction", "Licensees must not be based in {place}.", True),
    _p("geographic_restriction", "This grant has no effect in {places}.", True),
    _p("geographic_restriction", "Nobody resident in {place} may exercise these rights.", True),
    _p("excluded_parties", "Employees of competitors of the Licensor may not use the "
       "Software.", True),
    _p("excluded_parties", "Use by or on behalf of any police force is excluded from this "
       "license.", True),
    _p("no_redistribution", "Each copy of the Software is for the sole use of the person who "
       "downloaded it and may not be handed to anyone else.", True),
    _p("no_redistribution", "Sharing the Software with third parties is not permitted.", True),
    _p("no_derivatives", "You are not allowed to change the Software in any way.", True),
    _p("no_derivatives", "Adaptations of the Software are not permitted.", True),
    _p("fee_required", "Every user of the Software owes the author a yearly fee of 100 "
       "euros.", True),
    _p("fee_required", "Commercial users shall pay royalties to the Licensor.", True),
    _p("product_restriction", "The Software is licensed for use with Acme printers only.",
       True),
    _p("product_restriction", "Rights under this license apply only while the Software runs "
       "on the Licensor's servers.", True),
    _p("user_threshold", "Once your application reaches three hundred million monthly active "
       "users, this permission ends.", True),
    _p("user_threshold", "A separate license is required for products with more than "
       "2,000,000 daily active users.", True),
    _p("revenue_threshold", "Businesses earning more than $5,000,000 a year must buy a "
       "license.", True),
    _p("model_improvement_ban", "Do not use the outputs of the Software to train a competing "
       "model.", True),
    # second held-out batch, written with the rules of the AI-license classes, never tuned
    _p("geographic_restriction", "Persons domiciled in an embargoed territory are not "
       "licensed to use the Software.", True),
    _p("excluded_parties", "This grant does not extend to any person who appears on a "
       "sanctions list.", True),
    _p("model_improvement_ban", "Outputs may not be used to develop any artificial "
       "intelligence system that is comparable to the Software.", True),
    _p("non_commercial", "Commercial exploitation of the Software is conditional upon a "
       "separate license from the author.", True),
    _p("restrictions_pass_through use_restrictions", "The use limitations in this license "
       "apply equally to every modified version you make.", True),
)  # fmt: skip
"""Every phrasing, by kind; ``held_out`` ones are only measured."""


@dataclass(frozen=True)
class Mutation:
    """An open license with one restrictive sentence inserted."""

    text: str
    """The mutated text."""
    sentence: str
    """The sentence inserted."""
    span: tuple[int, int]
    """Where it is in ``text``."""
    phrasing: Phrasing
    """What it was made from."""
    position: str
    """One of ``POSITIONS``."""


def fill(phrasing: Phrasing, rng: random.Random) -> str:
    """Return the phrasing's sentence with a place, a list of places or a number drawn."""
    sentence = phrasing.template.format(
        place=rng.choice(PLACES),
        places=rng.choice(COUNTRY_SETS),
        n=rng.choice(("50 million", "100,000,000", "two million", "1 000 000")),
    )
    return sentence[0].upper() + sentence[1:]


_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = re.compile(r"[a-z)][.;](?= [A-Z])")


def mutate(text: str, sentence: str, position: str, rng: random.Random) -> tuple[str, int]:
    """Insert *sentence* into *text* at *position*; return the text and where it starts."""
    breaks = [m.end() for m in _PARAGRAPH.finditer(text)]
    if position == "end" or not breaks:
        prefix = text.rstrip() + "\n\n"
        return prefix + sentence + "\n", len(prefix)
    if position == "start":
        at = breaks[0]
    elif position == "middle":
        at = breaks[len(breaks) // 2]
    else:  # inline: after a sentence inside a paragraph
        ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        if not ends:
            return mutate(text, sentence, "middle", rng)
        at = rng.choice(ends)
        return text[:at] + " " + sentence + text[at:], at + 1
    return text[:at] + sentence + "\n\n" + text[at:], at


def mutations(
    bases: Sequence[tuple[str, str]],
    *,
    held_out: bool | None = False,
    seed: int = 10,
    every_base: bool = False,
) -> Iterator[tuple[str, Mutation]]:
    """Yield (base name, mutation) for each phrasing at each position.

    Args:
        bases: (name, text) of open licenses to mutate.
        held_out: only held-out phrasings (True), only the others (False), or all (None).
        seed: for the places, numbers and inline positions drawn.
        every_base: mutate every base text; else each (phrasing, position) goes to
            one base in turn, which keeps the test suite fast.
    """
    rng = random.Random(seed)
    chosen = [p for p in PHRASINGS if held_out is None or p.held_out == held_out]
    for number, phrasing in enumerate(chosen):
        for turn, position in enumerate(POSITIONS):
            targets = bases if every_base else [bases[(number + turn) % len(bases)]]
            for name, base in targets:
                sentence = fill(phrasing, rng)
                text, start = mutate(base, sentence, position, rng)
                yield (
                    name,
                    Mutation(text, sentence, (start, start + len(sentence)), phrasing, position),
                )
