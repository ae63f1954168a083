"""Constant propagation over a Python syntax tree: which string a name or expression holds.

Owns scopes (module, class, function; a method does not see its class's names),
the bindings made in each (assignments, unpacking, parameters and their
defaults), and the evaluation of an expression to a string when constants
alone decide it: literals, names, ``+``, f-strings with constant parts,
``a or "default"`` and ``os.environ.get("X", "default")`` / ``os.getenv``. A
name holds, at a given place, its last binding before that place in its own
scope that resolves, or the last that resolves anywhere in an enclosing scope
(which has run by the time a function is called). It finds nothing itself
(see ``codebase.python``). Entry point: ``Scopes``.
"""

from __future__ import annotations

import ast
from typing import TypeAlias

MAX_RESOLVE_DEPTH = 12
"""How many names deep a constant is followed."""
MAX_EVALUATIONS = 50_000
"""Expressions evaluated per source at most, whatever its constants do."""
MAX_VALUE_CHARS = 300
"""A resolved string longer than this is given up (no model name is that long)."""

Position: TypeAlias = tuple[int, int]
"""(line, column) in the source."""
_Binding: TypeAlias = tuple[Position, ast.expr | None, int]
"""(where the binding takes effect, the value or None when unknown, scope of the value)."""

ENV_CALLS = frozenset(
    {
        ("os", "environ", "get"),
        ("environ", "get"),
        ("os", "getenv"),
        ("getenv",),
        ("os", "environ", "setdefault"),
        ("environ", "setdefault"),
    }
)
"""Dotted names of the calls that read an environment variable with a default."""


class Scopes:
    """The scopes of one module, the bindings made in them, and what names resolve to.

    Scope 0 is the module. Bindings may be added in any order; call
    ``finish()`` once all are in, before asking for values.
    """

    def __init__(self) -> None:
        self._bindings: list[dict[str, list[_Binding]]] = [{}]
        self._parents: list[int] = [-1]
        self._is_class: list[bool] = [False]
        self._resolved: dict[tuple[str, int, Position], str | None] = {}
        self._evaluations = 0

    def new_scope(self, parent: int, *, is_class: bool) -> int:
        """Open a scope inside *parent* and return its number.

        A function's names are looked up in the nearest enclosing function or
        module scope, never in a class's: pass the scope the ``def`` is in.
        """
        if not is_class:
            while self._is_class[parent]:
                parent = self._parents[parent]
        self._bindings.append({})
        self._parents.append(parent)
        self._is_class.append(is_class)
        return len(self._bindings) - 1

    def bind(
        self, scope: int, name: str, where: Position, value: ast.expr | None, value_scope: int
    ) -> None:
        """Record that *name* holds *value* (evaluated in *value_scope*) from *where* on.

        A value of None marks the name as unknown there (a parameter without a default).
        """
        self._bindings[scope].setdefault(name, []).append((where, value, value_scope))

    def finish(self) -> None:
        """Order each name's bindings by place, once all are recorded."""
        for bindings in self._bindings:
            for entries in bindings.values():
                entries.sort(key=lambda binding: binding[0])

    def value(self, node: ast.expr, scope: int) -> str | None:
        """Return the string *node* (found in *scope*) evaluates to, or None when unknown."""
        return self._value(node, scope, 0)

    def _value(self, node: ast.expr, scope: int, depth: int) -> str | None:
        self._evaluations += 1
        if depth > MAX_RESOLVE_DEPTH or self._evaluations > MAX_EVALUATIONS:
            return None
        if isinstance(node, ast.Constant):
            return node.value if isinstance(node.value, str) else None
        if isinstance(node, ast.Name):
            return self._lookup(node.id, scope, (node.lineno, node.col_offset), depth)
        parts: list[ast.expr] = []
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            parts = [node.left, node.right]
        elif isinstance(node, ast.JoinedStr):
            parts = node.values
        elif isinstance(node, ast.FormattedValue) and node.format_spec is None:
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, int | float):
                return str(node.value.value)  # f"claude-3-5-sonnet-{20240620}"
            parts = [node.value] if node.conversion in (-1, ord("s")) else []
        elif isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            values = (self._value(value, scope, depth + 1) for value in node.values)
            return next((value for value in values if value), None)
        elif isinstance(node, ast.Call):
            default = environment_default(node)
            return None if default is None else self._value(default, scope, depth + 1)
        return self._join(parts, scope, depth)

    def _join(self, parts: list[ast.expr], scope: int, depth: int) -> str | None:
        if not parts:
            return None
        pieces = []
        for part in parts:
            piece = self._value(part, scope, depth + 1)
            if piece is None:
                return None
            pieces.append(piece)
        joined = "".join(pieces)
        return joined if len(joined) <= MAX_VALUE_CHARS else None

    def _lookup(self, name: str, scope: int, where: Position, depth: int) -> str | None:
        key = (name, scope, where)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(name, scope, where, depth)
        return self._resolved[key]

    def _resolve(self, name: str, scope: int, where: Position, depth: int) -> str | None:
        current, same_scope = scope, True
        while current >= 0:
            bindings = self._bindings[current].get(name, [])
            if same_scope:
                bindings = [binding for binding in bindings if binding[0] <= where]
            for _, value, value_scope in reversed(bindings):
                if value is None:
                    return None  # a parameter without a default: unknown
                text = self._value(value, value_scope, depth + 1)
                if text is not None:
                    return text
            if bindings:
                return None
            current, same_scope = self._parents[current], False
        return None


def dotted(node: ast.expr) -> tuple[str, ...]:
    """Return the names of a dotted expression: ``a.b().c`` -> ("a", "b", "()", "c").

    >>> dotted(ast.parse("OpenAI().chat.completions.create", mode="eval").body)
    ('OpenAI', '()', 'chat', 'completions', 'create')
    """
    names: list[str] = []
    for _ in range(64):
        if isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            names.append("()")
            node = node.func
        else:
            break
    names.append(node.id if isinstance(node, ast.Name) else "?")
    return tuple(reversed(names))


def environment_default(call: ast.Call) -> ast.expr | None:
    """Return the default of ``os.environ.get("X", default)`` and the like, else None."""
    if dotted(call.func) not in ENV_CALLS:
        return None
    if len(call.args) > 1:
        return call.args[1]
    return next((k.value for k in call.keywords if k.arg in ("default", "value")), None)
