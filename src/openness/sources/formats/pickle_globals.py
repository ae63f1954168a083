"""Which globals a pickle may import: the allow-list and the words for the rest.

Owns ``SAFE_GLOBALS`` (the tensor-rebuilding globals a state dict needs) and the
deny-lists that only word why an import is dangerous. Used by
``openness.sources.formats.pickles``. Entry points: ``is_safe_import``,
``describe_import``.
"""

from __future__ import annotations

UNRESOLVED = ("<unresolved>", "<unresolved>")
"""The (module, name) recorded for a STACK_GLOBAL built from computed values."""


def _pairs(module: str, names: str) -> list[tuple[str, str]]:
    return [(module, name) for name in names.split()]


SAFE_GLOBALS: frozenset[tuple[str, str]] = frozenset(
    [
        ("collections", "OrderedDict"),
        *_pairs("torch._utils", "_rebuild_tensor _rebuild_tensor_v2 _rebuild_parameter"),
        ("torch._utils", "_rebuild_parameter_with_state"),
        ("torch._tensor", "_rebuild_from_type_v2"),
        *_pairs("torch", "device Size UntypedStorage FloatStorage DoubleStorage HalfStorage"),
        *_pairs("torch", "BFloat16Storage LongStorage IntStorage ShortStorage CharStorage"),
        *_pairs("torch", "ByteStorage BoolStorage ComplexFloatStorage ComplexDoubleStorage"),
        *_pairs("torch", "float32 float float16 half bfloat16 float64 double int64 long"),
        *_pairs("torch", "int32 int int16 short int8 uint8 bool"),
        *_pairs("numpy", "ndarray dtype"),
        *_pairs("numpy.core.multiarray", "_reconstruct scalar"),
        *_pairs("numpy._core.multiarray", "_reconstruct scalar"),
        *_pairs("numpy.core.numeric", "_frombuffer"),  # protocol 5 arrays
        *_pairs("numpy._core.numeric", "_frombuffer"),
        ("_codecs", "encode"),  # how protocol 2 pickles bytes
        *_pairs("builtins", "set frozenset slice complex"),
    ]
)
"""Globals a weights file needs and that cannot run code: torch's tensor and parameter
rebuilders, storage classes, dtypes, ``device`` and ``Size``; numpy array
reconstruction; ``OrderedDict``; a few inert builtins. Left out on purpose:
``builtins.bytearray`` (a pickled ``bytearray(10**12)`` exhausts memory),
``torch.storage._load_from_bytes`` (a nested ``torch.load``), module classes such as
``torch.nn.Linear`` (a whole pickled model imports code), ``copyreg`` helpers."""

_ALIASES = {"__builtin__": "builtins", "copy_reg": "copyreg"}  # Python 2 names
_NESTED_LOAD = "loads another checkpoint (nested torch.load)"
_DANGEROUS_MODULES = {
    **dict.fromkeys(
        ("os", "posix", "nt", "subprocess", "pty", "multiprocessing"),
        "runs operating-system commands or touches files",
    ),
    **dict.fromkeys(("runpy", "code", "importlib", "sys"), "runs or imports arbitrary code"),
    **dict.fromkeys(("pickle", "_pickle", "marshal", "dill"), "loads nested pickles or code"),
    **dict.fromkeys(("socket", "webbrowser", "urllib", "http", "requests"), "uses the network"),
    "shutil": "copies, moves or deletes files",
    "ctypes": "calls native code",
    "pdb": "starts a debugger",
    "torch.serialization": _NESTED_LOAD,
}
_DANGEROUS_GLOBALS = {
    **dict.fromkeys(_pairs("builtins", "eval exec compile apply"), "runs arbitrary code"),
    **dict.fromkeys(_pairs("builtins", "getattr globals vars"), "reaches any object"),
    **dict.fromkeys(_pairs("builtins", "__import__"), "imports any module"),
    **dict.fromkeys(_pairs("builtins", "open"), "opens files"),
    **dict.fromkeys(_pairs("builtins", "breakpoint"), "starts a debugger"),
    **dict.fromkeys(_pairs("functools", "partial"), "builds a call to any function"),
    **dict.fromkeys(
        _pairs("operator", "attrgetter itemgetter methodcaller"),
        "calls methods or reaches attributes",
    ),
    **dict.fromkeys(_pairs("types", "CodeType FunctionType"), "builds code or functions"),
    **dict.fromkeys([("torch", "load"), ("torch.storage", "_load_from_bytes")], _NESTED_LOAD),
}
_UNLISTED = "not on the allow-list of tensor-rebuilding globals"


def is_safe_import(module: str, name: str) -> bool:
    """Whether a global is on the allow-list (``SAFE_GLOBALS``, Python 2 names mapped).

    Args:
        module: the module part, e.g. ``collections``.
        name: the attribute part, e.g. ``OrderedDict``.

    Returns:
        True only for an exact allow-listed pair; a dotted name never matches.

    >>> is_safe_import("collections", "OrderedDict"), is_safe_import("os", "system")
    (True, False)
    """
    return (_ALIASES.get(module, module), name) in SAFE_GLOBALS


def describe_import(module: str, name: str) -> str | None:
    """Say why importing a global is unsafe, or None when it is allow-listed.

    Args:
        module: the module part.
        name: the attribute part.

    Returns:
        A few words for a finding, from the deny-list when it names the global.

    >>> describe_import("posix", "system")
    'runs operating-system commands or touches files'
    """
    if is_safe_import(module, name):
        return None
    if (module, name) == UNRESOLVED:
        return "a STACK_GLOBAL whose module or name is computed, not a constant"
    if module == "<extension>":
        return "an extension-registry code: the loader decides which global it is"
    module = _ALIASES.get(module, module)
    if (module, name) in _DANGEROUS_GLOBALS:
        return _DANGEROUS_GLOBALS[(module, name)]
    for prefix, reason in _DANGEROUS_MODULES.items():
        if module == prefix or module.startswith(prefix + "."):
            return reason
    return _UNLISTED
