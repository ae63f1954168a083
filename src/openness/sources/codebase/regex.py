"""Find the models JavaScript and TypeScript code uses, by bounded regular expressions.

Owns the scripts side of code-base scanning, without a JavaScript parser: a
call of a known client (``openai.chat.completions.create({model: ...})``,
``anthropic.messages.create``, ``new ChatOpenAI({...})``, transformers.js
``pipeline('task', 'Xenova/...')``, ``HfInference`` methods, AI SDK providers
such as ``openai("gpt-4o")``) is located by a regular expression, then the
text after it, at most ``WINDOW_CHARS`` characters up to the closing
parenthesis, is split into tokens (strings, names, brackets) and read for a
model-like key (``model:``), or the positional argument the call takes. A
string is never taken alone: the call must be there. Simple constants
(``const MODEL = "gpt-4o"``, ``process.env.X ?? "default"``) are resolved.
The same reading serves Python sources that cannot be parsed (a syntax error,
or too long for a syntax tree), with Python's call names. It does not read
files (see ``codebase``). Entry points: ``find_script_references()`` and
``find_python_text_references()``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openness.sources.codebase.names import Context, RawReference, classify, is_model_key

WINDOW_CHARS = 4000
"""How far after a call's opening parenthesis its arguments are read."""
MAX_TOKENS = 400
"""Tokens read per call at most."""
MAX_CALLS = 2000
"""Calls read per file at most: a real file makes far fewer model calls."""

_LOADER, _API, _KEY = Context.LOADER, Context.API, Context.KEY


@dataclass(frozen=True)
class _Pattern:
    callee: str
    """Regular expression for the callee, up to (not including) the "(": it starts with a
    literal (``\\.`` or a letter); one starting with a letter must start a word."""
    via: str
    """``via`` of what is found; ``{name}`` is the callee as matched."""
    context: Context
    position: int | None
    """Index of a positional model argument, if any."""


def _each(
    names: str, rest: str, via: str, context: Context, position: int | None
) -> list[_Pattern]:
    return [_Pattern(name + rest, via, context, position) for name in names.split()]


_COMMON = [
    _Pattern(r"\.chat\.completions\.(?:create|parse|stream)", "openai.chat.completions.create",
             _API, None),
    _Pattern(r"\.responses\.(?:create|stream|parse)", "openai.responses.create", _API, None),
    _Pattern(r"\.embeddings\.create", "openai.embeddings.create", _API, None),
    _Pattern(r"\.completions\.create", "openai.completions.create", _API, None),
    _Pattern(r"\.messages\.(?:create|stream|countTokens|count_tokens)",
             "anthropic.messages.create", _API, None),
    _Pattern(r"\.chat\.(?:complete|stream)", "mistralai.chat.complete", _API, None),
]  # fmt: skip
_SCRIPT = [
    *_COMMON,
    _Pattern(r"\.getGenerativeModel", "google.generativeai.getGenerativeModel", _API, None),
    _Pattern(r"\.models\.(?:generateContent|generateContentStream|embedContent)",
             "google.genai.models.generateContent", _API, None),
    _Pattern(r"new\s+(?:Azure)?Chat(?!Ollama)[A-Z]\w*", "{name}", _API, None),
    _Pattern(r"new\s+(?:HfInference|InferenceClient|HuggingFace\w*)", "{name}", _LOADER, None),
    _Pattern(r"new\s+\w*(?:Embeddings|LLM|Ollama)", "{name}", _KEY, None),
    _Pattern(r"\.(?:textGeneration|textGenerationStream|chatCompletion|chatCompletionStream"
             r"|featureExtraction|summarization|translation|questionAnswering|textClassification"
             r"|tokenClassification|fillMask|textToImage|imageToText|automaticSpeechRecognition"
             r"|sentenceSimilarity|zeroShotClassification|imageClassification|objectDetection"
             r"|textToSpeech)", "huggingface.js.{name}", _LOADER, None),
    _Pattern("pipeline", "transformers.js.pipeline", _LOADER, 1),
    _Pattern(r"\.from_pretrained", "transformers.js.from_pretrained", _LOADER, 0),
    *_each("generateText streamText generateObject streamObject embedMany embed", "",
           "ai.{name}", _KEY, None),
    *_each("openai anthropic google mistral cohere groq xai deepseek azure vertex perplexity "
           "togetherai fireworks",
           r"(?:\.(?:chat|responses|languageModel|textEmbeddingModel|embedding|completion))?",
           "ai-sdk.{name}", _KEY, 0),
]  # fmt: skip
_PYTHON = [
    *_COMMON,
    _Pattern(r"\.(?:ChatCompletion|Completion|Embedding)\.a?create", "openai.{name}", _API,
             None),
    _Pattern(r"\.from_pretrained", "from_pretrained", _LOADER, 0),
    _Pattern("pipeline", "transformers.pipeline", _LOADER, 1),
    *_each("SentenceTransformer CrossEncoder", "", "sentence_transformers.{name}", _LOADER, 0),
    *_each("hf_hub_download snapshot_download", "", "huggingface_hub.{name}", _LOADER, 0),
    _Pattern("LLM", "vllm.LLM", _LOADER, 0),
    _Pattern("GenerativeModel", "google.generativeai.GenerativeModel", _API, 0),
    _Pattern(r"\.models\.(?:generate_content|generate_content_stream|embed_content)",
             "google.genai.models.generate_content", _API, None),
    _Pattern(r"litellm\.a?completion", "litellm.completion", _API, 0),
    *_each("AzureChat Chat", r"(?!Ollama)[A-Z]\w*", "{name}", _API, None),
]  # fmt: skip


def _compile(patterns: list[_Pattern]) -> re.Pattern[str]:
    """Compile the callees into one expression, alternatives grouped by first character.

    Every alternative starts with a literal, so that Python's re skips to the
    characters that can start one instead of trying each alternative at each place.
    """
    groups: dict[str, list[str]] = {}
    for index, pattern in enumerate(patterns):
        cut = 2 if pattern.callee.startswith("\\") else 1
        first, rest = pattern.callee[:cut], pattern.callee[cut:]
        groups.setdefault(first, []).append(rf"(?P<p{index}>{rest}\s*\()")
    return re.compile("|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items()))


_SCRIPT_CALLS = _compile(_SCRIPT)
_PYTHON_CALLS = _compile(_PYTHON)
_TOKEN = re.compile(
    r"""(?P<string>"(?:[^"\\\n]|\\.){0,500}"|'(?:[^'\\\n]|\\.){0,500}'|`(?:[^`\\$]|\\.){0,500}`)
    |(?P<comment>//[^\n]*|\#[^\n]*|/\*(?:[^*]|\*(?!/)){0,2000}\*/)
    |(?P<name>[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)
    |(?P<punct>\?\?|\|\||==|[(\[{}\]):=,+;])""",
    re.VERBOSE,
)
_STRINGS = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`""")
_SCRIPT_CONSTANT = re.compile(
    r"\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*\w+\s*)?=\s*"
    r"(?:process\.env\.\w+\s*(?:\?\?|\|\|)\s*)?([\"'`])([^\"'`\\\n$]{1,200})\2"
)
_PYTHON_CONSTANT = re.compile(
    r"^([A-Za-z_]\w*)\s*(?::\s*\w+\s*)?=\s*"
    r"(?:os\.(?:environ\.get|getenv)\(\s*[\"']\w+[\"']\s*,\s*)?([\"'])([^\"'\\\n]{1,200})\2",
    re.MULTILINE,
)
_Token = tuple[str, str, int]
"""(kind, text, position) of one token."""


def find_script_references(text: str) -> list[RawReference]:
    r"""Return the model references in JavaScript or TypeScript source.

    Args:
        text: the source.

    Returns:
        The references; a reference's line is the line of the string that names it.

    >>> code = 'const r = await openai.chat.completions.create({\n  model: "gpt-4o",\n});'
    >>> [(r.ref, r.line, r.via) for r in find_script_references(code)]
    [('gpt-4o', 2, 'openai.chat.completions.create')]
    """
    return _Reader(text, _SCRIPT, _SCRIPT_CALLS, _SCRIPT_CONSTANT, "//").references()


def find_python_text_references(text: str) -> list[RawReference]:
    """Return the model references in Python source read as text, for when it cannot be parsed.

    Args:
        text: the source.

    Returns:
        The references found in known calls with literal or constant arguments.
    """
    return _Reader(text, _PYTHON, _PYTHON_CALLS, _PYTHON_CONSTANT, "#").references()


class _Reader:
    """One source: its constants, and the calls worth reading."""

    def __init__(
        self,
        text: str,
        patterns: list[_Pattern],
        calls: re.Pattern[str],
        constant: re.Pattern[str],
        comment: str,
    ) -> None:
        self.text = text
        self.comment = comment
        self.patterns = patterns
        self.calls = calls
        self.constants: dict[str, tuple[str, int]] = {}
        self.found: list[RawReference] = []
        self.line_position, self.line_number = 0, 1
        for match in constant.finditer(text):
            self.constants[match.group(1)] = (match.group(3), match.start(3))

    def references(self) -> list[RawReference]:
        for name, (value, position) in self.constants.items():
            if is_model_key(name):
                self._report(value, position, _KEY, f"assign:{name}")
        for number, match in enumerate(self.calls.finditer(self.text)):
            start = match.start()
            if number >= MAX_CALLS:
                break
            if _is_inside_word(self.text, start) or self._in_comment(start):
                continue
            pattern = self.patterns[int(match.lastgroup[1:]) if match.lastgroup else 0]
            callee = match.group().rstrip("( \t\r\n").lstrip(".").removeprefix("new").strip()
            via = pattern.via.format(name=callee)
            self._read_call(self._tokens(match.end()), pattern, via)
        return self.found

    def _in_comment(self, position: int) -> bool:
        """Tell whether *position* is in a comment.

        That is after a line comment's marker on its line (outside strings) or, in a
        script, inside a ``/* */`` block opened less than ``WINDOW_CHARS`` before.
        """
        line_start = self.text.rfind("\n", max(0, position - 500), position) + 1
        before = _STRINGS.sub("", self.text[line_start:position])
        if self.comment in before:
            return True
        if self.comment != "//":
            return False
        opened = self.text.rfind("/*", max(0, position - WINDOW_CHARS), position)
        return opened >= 0 and self.text.find("*/", opened, position) < 0

    def _tokens(self, start: int) -> list[_Token]:
        """Return the tokens of a call's arguments, from after "(" to the matching ")"."""
        tokens: list[_Token] = []
        depth = 1
        for match in _TOKEN.finditer(self.text, start, start + WINDOW_CHARS):
            kind = match.lastgroup or ""
            if kind == "comment":
                continue
            token = match.group()
            if kind == "punct" and token in "([{":
                depth += 1
            elif kind == "punct" and token in ")]}":
                depth -= 1
                if depth == 0:
                    break
            tokens.append((kind, token, match.start()))
            if len(tokens) >= MAX_TOKENS:
                break
        return tokens

    def _read_call(self, tokens: list[_Token], pattern: _Pattern, via: str) -> None:
        depth, argument, argument_start = 0, 0, True
        for index, (kind, token, _) in enumerate(tokens):
            if kind == "punct" and token in "([{":
                depth += 1
            elif kind == "punct" and token in ")]}":
                depth -= 1
            elif kind == "punct" and token == "," and depth == 0:
                argument, argument_start = argument + 1, True
                continue
            elif kind in ("name", "string") and _is_model_key_token(tokens, index):
                self._report_token(tokens, index + 2, pattern.context, via)
            if argument_start and depth == 0 and argument == pattern.position:
                self._report_token(tokens, index, pattern.context, via)
            argument_start = False

    def _report_token(self, tokens: list[_Token], index: int, context: Context, via: str) -> None:
        """Report the value that starts at token *index*, if constants decide it."""
        if index >= len(tokens) or _is_key(tokens, index):
            return
        kind, token, position = tokens[index]
        following = tokens[index + 1][1] if index + 1 < len(tokens) else ""
        if kind == "name" and following in ("??", "||") and index + 2 < len(tokens):
            kind, token, position = tokens[index + 2]  # process.env.X ?? "default"
            following = tokens[index + 3][1] if index + 3 < len(tokens) else ""
        if following in ("+", "(", "[", "."):
            return  # an expression, not a constant
        value: str | None = None
        if kind == "string" and "${" not in token:
            value = _unquote(token)
        elif kind == "name" and token in self.constants:
            value = self.constants[token][0]
        if value is not None:
            self._report(value, position, context, via)

    def _report(self, value: str, position: int, context: Context, via: str) -> None:
        found = classify(value, context)
        if found is not None:
            self.found.append(RawReference(found[0], self._line(position), found[1], via))

    def _line(self, position: int) -> int:
        """Return the 1-based line of *position*, counting on from the last one asked."""
        if position < self.line_position:
            self.line_position, self.line_number = 0, 1
        self.line_number += self.text.count("\n", self.line_position, position)
        self.line_position = position
        return self.line_number


def _is_inside_word(text: str, start: int) -> bool:
    """Tell whether a callee starting with a letter at *start* continues a longer name."""
    if start == 0 or text[start] == ".":
        return False
    before = text[start - 1]
    return before.isalnum() or before in "_$"


def _is_key(tokens: list[_Token], index: int) -> bool:
    """Tell whether the token at *index* is a key: followed by ":" or by "=" (a keyword)."""
    return index + 1 < len(tokens) and tokens[index + 1][1] in (":", "=")


def _is_model_key_token(tokens: list[_Token], index: int) -> bool:
    key = _unquote(tokens[index][1])
    return _is_key(tokens, index) and (is_model_key(key) or key == "repo_id")


def _unquote(token: str) -> str:
    if token[:1] in ("'", '"', "`") and len(token) >= 2:
        return token[1:-1]
    return token
