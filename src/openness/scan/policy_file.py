"""Read a policy file: YAML with known keys and values, every problem named by its line.

Owns the file format of the policy (docs/design.md); the rules themselves live in
``openness.assess.policy``. Entry point: ``parse_policy_file``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from openness.assess.obligations import USES
from openness.assess.policy import RULES, Organization, Policy
from openness.assess.result import Tier
from openness.errors import PolicyFileError
from openness.kb.schema import TermKind
from openness.limits import POLICY_BYTES as MAX_POLICY_BYTES
from openness.limits import read_whole

_ORGANIZATION_KEYS = ("monthly_active_users", "annual_revenue_usd", "region")


def parse_policy_file(path: Path) -> Policy:
    """Read and validate the policy file at *path*.

    Raises:
        PolicyFileError: missing, unreadable, not YAML, unknown key, wrong value.
    """
    text = _read(path)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise PolicyFileError(
            f"{where}: not valid YAML ({getattr(err, 'problem', err)}). "
            "Fix the syntax; see docs/design.md for the policy format.",
            str(path),
        ) from err
    if node is None:
        return Policy()
    if not isinstance(node, yaml.MappingNode):
        raise PolicyFileError(
            f"{path}: a policy is a mapping of rules to values. Known rules: {', '.join(RULES)}.",
            str(path),
        )
    values: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        where = f"{path}:{key_node.start_mark.line + 1}"
        if key not in RULES:
            raise PolicyFileError(
                f"Unknown rule {key!r} in {where}. Known rules: {', '.join(RULES)}.", str(path)
            )
        values[key] = (yaml.safe_load(yaml.serialize(value_node)), where)
    return _build(values, str(path))


def _read(path: Path) -> str:
    try:
        data = read_whole(path, MAX_POLICY_BYTES)
    except FileNotFoundError as err:
        raise PolicyFileError(f"{path}: no such policy file.", str(path)) from err
    except IsADirectoryError as err:
        raise PolicyFileError(
            f"{path}: is a folder; give the policy YAML file.", str(path)
        ) from err
    except OSError as err:
        raise PolicyFileError(f"{path}: cannot read ({err.strerror}).", str(path)) from err
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise PolicyFileError(f"{path}: not UTF-8 text.", str(path)) from err


def _build(values: dict[str, tuple[Any, str]], origin: str) -> Policy:
    policy: dict[str, Any] = {}
    if "allow_tiers" in values:
        policy["allow_tiers"] = tuple(_enum_list(Tier, *values["allow_tiers"], origin))
    if "deny_terms" in values:
        policy["deny_terms"] = tuple(_enum_list(TermKind, *values["deny_terms"], origin))
    if "organization" in values:
        policy["organization"] = _organization(*values["organization"], origin)
    for flag in ("require_osd", "allow_unverified"):
        if flag in values:
            value, where = values[flag]
            if not isinstance(value, bool):
                raise PolicyFileError(
                    f"{where}: {flag} must be true or false, got {value!r}.", origin
                )
            policy[flag] = value
    if "allow_models" in values:
        value, where = values["allow_models"]
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise PolicyFileError(f"{where}: allow_models must be a list of model ids.", origin)
        policy["allow_models"] = tuple(value)
    if "use" in values:
        value, where = values["use"]
        if value not in USES:
            raise PolicyFileError(
                f"{where}: use must be one of {', '.join(USES)}, got {value!r}.", origin
            )
        policy["use"] = value
    if "unknown_license" in values:
        value, where = values["unknown_license"]
        if value not in ("fail", "warn"):
            raise PolicyFileError(
                f"{where}: unknown_license must be fail or warn, got {value!r}.", origin
            )
        policy["unknown_license"] = value
    return Policy(**policy)


def _enum_list(kind: Any, value: Any, where: str, origin: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        value = [value]
    known = [member.value for member in kind]
    items = []
    for item in value:
        if item not in known:
            raise PolicyFileError(
                f"{where}: unknown value {item!r}. Known: {', '.join(known)}.", origin
            )
        items.append(kind(item))
    return items


def _organization(value: Any, where: str, origin: str) -> Organization:
    if value is None:
        return Organization()
    if not isinstance(value, dict):
        raise PolicyFileError(
            f"{where}: organization must be a mapping with {', '.join(_ORGANIZATION_KEYS)}.", origin
        )
    unknown = set(value) - set(_ORGANIZATION_KEYS)
    if unknown:
        raise PolicyFileError(
            f"{where}: unknown organization key {sorted(unknown)[0]!r}. "
            f"Known: {', '.join(_ORGANIZATION_KEYS)}.",
            origin,
        )
    for key in ("monthly_active_users", "annual_revenue_usd"):
        number = value.get(key)
        if number is not None and (
            not isinstance(number, int) or isinstance(number, bool) or number < 0
        ):
            raise PolicyFileError(
                f"{where}: organization.{key} must be a whole number of 0 or more, got {number!r}.",
                origin,
            )
    region = value.get("region")
    if region is not None and not isinstance(region, str):
        raise PolicyFileError(
            f"{where}: organization.region must be text such as EU or US.", origin
        )
    return Organization(value.get("monthly_active_users"), value.get("annual_revenue_usd"), region)
