"""Find the models a Python source uses, from its syntax tree.

Owns the Python side of code-base scanning: walking the tree for the calls of
model loaders and API clients (the table is ``codebase.calls``), the keywords,
dict keys and variable names that say "model", and Hub URLs in string
literals; names are resolved by constant propagation (``codebase.constants``),
so that ``MODEL_ID = BASE + "-Instruct"``, f-strings with constant parts and
``os.environ.get("X", "default")`` resolve to their strings. The code is parsed
with ``ast``, never imported or run; only the statements on lines holding a
word a finding needs (``codebase.calls.HOT_WORDS``) are walked into. It does
not read files or decide what a string names (see ``codebase`` and
``codebase.names``). Entry point: ``find_python_references()``.

Each reference carries the line of the expression that gives the model: the
argument of the call (for ``create(model=MODEL)``, the line of ``MODEL`` in the
call), the value of a model-like variable (``MODEL_ID = ...``), dict entry or
keyword. A constant used in a call is thus reported where it is used, and
also where it is defined when its own name says "model". Docstrings and
comments are not read.
"""

from __future__ import annotations

import ast
import gc
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeAlias

from openness.limits import SOURCE_CHARS as MAX_SOURCE_CHARS
from openness.sources.codebase.calls import HOT_WORDS, CallRule, rule_for
from openness.sources.codebase.constants import ENV_CALLS, Position, Scopes, dotted
from openness.sources.codebase.names import (
    Context,
    RawReference,
    ReferenceKind,
    classify,
    hub_url_refs,
    is_model_key,
)

"""Longer sources are not parsed (their tree could take hundreds of MB); see ``codebase``."""
_Item: TypeAlias = tuple[ast.AST, int, bool]
"""(node, scope, walk all its expressions)."""
_FIELDS: dict[type[ast.AST], tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}


def find_python_references(source: str) -> list[RawReference] | None:
    r"""Return the model references in a Python source, or None if it cannot be parsed.

    Args:
        source: the code; at most ``MAX_SOURCE_CHARS`` characters are parsed.

    Returns:
        The references, in no particular order (lines are 1-based lines of
        *source*); None for a syntax error, a null byte, or a source too long
        or too deeply nested to parse safely.

    >>> code = 'MODEL = "gpt-4o"\nclient.chat.completions.create(model=MODEL)'
    >>> [(r.ref, r.line, r.via) for r in find_python_references(code)]
    [('gpt-4o', 2, 'openai.chat.completions.create'), ('gpt-4o', 1, 'assign:MODEL')]
    """
    if len(source) > MAX_SOURCE_CHARS:
        return None
    with _collector_paused():
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
        return _Scan(tree, source).references()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a syntax tree is built and read.

    A tree is thousands of small container objects without reference cycles;
    the collections their allocation triggers cost a fifth of a scan's time and
    free nothing (reference counting frees the tree).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Scan:
    """One parsed module: its scopes and bindings, and the nodes worth a closer look."""

    def __init__(self, tree: ast.Module, source: str) -> None:
        self.scopes = Scopes()
        self.imports: dict[str, str] = {}
        self.calls: list[tuple[ast.Call, int]] = []
        self.dicts: list[tuple[ast.Dict, int]] = []
        self.named: list[tuple[str, ast.expr, int]] = []
        self.strings: list[ast.Constant] = []
        self.found: list[RawReference] = []
        self.hot_lines = _hot_lines(source)
        self._collect(tree)
        self.scopes.finish()

    def references(self) -> list[RawReference]:
        for call, scope in self.calls:
            self._check_call(call, scope)
        for mapping, scope in self.dicts:
            for key, value in zip(mapping.keys, mapping.values, strict=True):
                name = _constant_string(key)
                if name is not None and is_model_key(name):
                    self._report(value, scope, Context.KEY, f"dict:{name}")
        for via, value, scope in self.named:
            self._report(value, scope, Context.KEY, via)
        for constant in self.strings:
            text = str(constant.value)
            for ref in hub_url_refs(text):
                line = constant.lineno + text[: text.find(ref)].count("\n")
                self.found.append(RawReference(ref, line, ReferenceKind.HUGGINGFACE, "url"))
        return self.found

    # -- collecting ---------------------------------------------------------------

    def _collect(self, tree: ast.Module) -> None:
        """Walk every statement, and the expressions of statements on hot lines only."""
        stack: list[_Item] = [(statement, 0, False) for statement in tree.body]
        while stack:
            node, scope, deep = stack.pop()
            if deep and not isinstance(node, ast.Lambda):
                self._note_expression(node, scope)
                stack.extend((child, scope, True) for child in _children(node, _ALL_FIELDS))
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                self._enter_function(node, scope, stack)
            elif isinstance(node, ast.ClassDef):
                inner = self.scopes.new_scope(scope, is_class=True)
                stack.extend((child, inner, False) for child in node.body)
                outer = [*node.bases, *node.keywords, *node.decorator_list]
                self._push_hot(stack, outer, scope, node)
            elif not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
                self._note_statement(node, scope)  # (a bare string is documentation)
                self._walk_statement(node, scope, stack)

    def _walk_statement(self, node: ast.AST, scope: int, stack: list[_Item]) -> None:
        """Push a statement's inner statements, and its expressions if on a hot line."""
        blocks = _children(node, _BLOCK_FIELDS)
        expressions = _children(node, _EXPRESSION_FIELDS)
        if not blocks:  # a simple statement: one check for all its expressions
            if expressions and self._is_hot(node.lineno, node.end_lineno):  # type: ignore[attr-defined]
                stack.extend((child, scope, True) for child in expressions)
            return
        stack.extend((child, scope, False) for child in blocks)
        self._push_hot(stack, expressions, scope, node)

    def _push_hot(
        self, stack: list[_Item], nodes: list[ast.AST], scope: int, parent: ast.AST
    ) -> None:
        """Push the expressions among *nodes* that span a hot line, to be walked in full."""
        for node in nodes:
            spanned = node if hasattr(node, "lineno") else parent  # arguments, withitem...
            first = int(getattr(spanned, "lineno", 0) or 0)
            if self._is_hot(first, getattr(spanned, "end_lineno", None)):
                stack.append((node, scope, True))

    def _is_hot(self, first: int, last: int | None) -> bool:
        index = bisect_left(self.hot_lines, first)
        return index < len(self.hot_lines) and self.hot_lines[index] <= (last or first)

    def _note_statement(self, node: ast.AST, scope: int) -> None:
        """Record what a statement binds or imports."""
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            where = (node.end_lineno or node.lineno, node.end_col_offset or 0)
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                self._assign(target, node.value, scope, where)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name.split(".")[0]
                self.imports[local] = alias.name if alias.asname else local
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                self.imports[alias.asname or alias.name] = f"{node.module}.{alias.name}"

    def _note_expression(self, node: ast.AST, scope: int) -> None:
        """Record a call, a dict, or a string that may hold a Hub URL."""
        if isinstance(node, ast.Call):
            self.calls.append((node, scope))
        elif isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, str) and ("huggingface.co/" in value or "hf.co/" in value):
                self.strings.append(node)
        elif isinstance(node, ast.Dict):
            self.dicts.append((node, scope))

    def _enter_function(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda,
        scope: int,
        stack: list[_Item],
    ) -> None:
        inner = self.scopes.new_scope(scope, is_class=False)
        self._bind_arguments(node.args, inner, scope, (node.lineno, node.col_offset))
        outer: list[ast.AST] = [*node.args.defaults, *filter(None, node.args.kw_defaults)]
        if isinstance(node, ast.Lambda):
            stack.append((node.body, inner, True))
            stack.extend((child, scope, True) for child in outer)
            return
        stack.extend((child, inner, False) for child in node.body)
        self._push_hot(stack, [*outer, *node.decorator_list], scope, node)

    def _bind_arguments(
        self, arguments: ast.arguments, inner: int, outer: int, where: Position
    ) -> None:
        positional = [*arguments.posonlyargs, *arguments.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(arguments.defaults))
        pairs = list(zip(positional, [*defaults, *arguments.defaults], strict=True))
        pairs += zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
        pairs += [(extra, None) for extra in (arguments.vararg, arguments.kwarg) if extra]
        for argument, default in pairs:
            self.scopes.bind(inner, argument.arg, where, default, outer)
            if default is not None and is_model_key(argument.arg):
                self.named.append((f"default:{argument.arg}", default, outer))

    def _assign(self, target: ast.expr, value: ast.expr, scope: int, where: Position) -> None:
        if isinstance(target, ast.Name):
            self.scopes.bind(scope, target.id, where, value, scope)
            if is_model_key(target.id):
                self.named.append((f"assign:{target.id}", value, scope))
        elif isinstance(target, ast.Attribute) and is_model_key(target.attr):
            self.named.append((f"assign:{target.attr}", value, scope))
        elif isinstance(target, ast.Subscript) and dotted(target.value)[-2:] in _ENVIRON:
            name = _constant_string(target.slice)
            if name is not None and is_model_key(name):
                self.named.append((f"env:{name}", value, scope))
        elif _is_unpacking(target, value):
            for one_target, one_value in zip(target.elts, value.elts, strict=True):  # type: ignore[attr-defined]
                self._assign(one_target, one_value, scope, where)

    # -- judging ------------------------------------------------------------------

    def _check_call(self, call: ast.Call, scope: int) -> None:
        parts = dotted(call.func)
        rule = rule_for(parts, self.imports)
        if rule is not None:
            if not self._is_model_repo(call, scope):
                return
            argument = _argument(call, rule.position, rule.keywords)
            if argument is not None:
                via = self._via(rule, parts)
                self._report(argument, scope, rule.context, via, rule.bare_org)
            return
        if parts in ENV_CALLS:
            self._check_environment(call, scope)
            return
        for keyword in call.keywords:
            if keyword.arg is not None and is_model_key(keyword.arg):
                via = f"{parts[-1]}({keyword.arg}=)"
                self._report(keyword.value, scope, Context.KEY, via)

    def _via(self, rule: CallRule, parts: tuple[str, ...]) -> str:
        receivers = [part for part in parts[:-1] if part != "()"]
        receiver = receivers[-1] if receivers else parts[-1]
        origin = self.imports.get(parts[0])
        library = origin.split(".")[0] if origin else receiver
        return rule.via.format(lib=library, recv=receiver, name=parts[-1])

    def _is_model_repo(self, call: ast.Call, scope: int) -> bool:
        for keyword in call.keywords:
            if keyword.arg == "repo_type":
                kind = self.scopes.value(keyword.value, scope)
                return kind in (None, "model")
        return True

    def _check_environment(self, call: ast.Call, scope: int) -> None:
        if not call.args or not isinstance(call.args[0], ast.Constant):
            return
        name = call.args[0].value
        if not isinstance(name, str) or not is_model_key(name):
            return
        default = call.args[1] if len(call.args) > 1 else None
        for keyword in call.keywords:
            if keyword.arg in ("default", "value"):
                default = keyword.value
        if default is not None:
            self._report(default, scope, Context.KEY, f"env:{name}")

    def _report(
        self,
        expression: ast.expr,
        scope: int,
        context: Context,
        via: str,
        bare_org: str | None = None,
    ) -> None:
        value = self.scopes.value(expression, scope)
        found = classify(value, context) if value is not None else None
        if found is None:
            return
        ref, kind = found
        if bare_org and kind is ReferenceKind.HUGGINGFACE and "/" not in ref:
            ref = f"{bare_org}/{ref}"
        self.found.append(RawReference(ref, expression.lineno, kind, via))


_ENVIRON = {("os", "environ"), ("environ",)}


def _children(node: ast.AST, which: int) -> list[ast.AST]:
    """Return the child nodes of *node* in its block fields, its other fields, or all.

    Block fields hold statements (``body``, ``orelse``, ``handlers``...); the
    ``Load``/``Store`` context markers are left out.
    """
    kind = type(node)
    split = _FIELDS.get(kind)
    if split is None:
        names = [name for name in kind._fields if name != "ctx"]
        blocks = tuple(name for name in names if name in _BLOCKS)
        others = tuple(name for name in names if name not in _BLOCKS)
        split = _FIELDS[kind] = (blocks, others, blocks + others)
    children: list[ast.AST] = []
    for name in split[which]:
        value = getattr(node, name, None)
        if isinstance(value, list):
            children.extend(item for item in value if isinstance(item, ast.AST))
        elif isinstance(value, ast.AST):
            children.append(value)
    return children


_BLOCKS = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})
_BLOCK_FIELDS, _EXPRESSION_FIELDS, _ALL_FIELDS = 0, 1, 2


def _hot_lines(source: str) -> list[int]:
    """Return the sorted numbers of the lines holding a word that a finding needs."""
    lines: list[int] = []
    line, position = 1, 0
    for match in HOT_WORDS.finditer(source):
        line += source.count("\n", position, match.start())
        position = match.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


def _constant_string(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _is_unpacking(target: ast.expr, value: ast.expr) -> bool:
    """Tell whether ``a, b = "x", "y"`` pairs each target with a value."""
    sequences = ast.Tuple | ast.List
    if not isinstance(target, sequences) or not isinstance(value, sequences):
        return False
    return len(target.elts) == len(value.elts) <= 64


def _argument(call: ast.Call, position: int | None, keywords: tuple[str, ...]) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg in keywords:
            return keyword.value
    if position is None or len(call.args) <= position:
        return None
    if any(isinstance(argument, ast.Starred) for argument in call.args[: position + 1]):
        return None
    return call.args[position]
