"""JavaScript and TypeScript: known calls only, read within a bounded window."""

from __future__ import annotations

import textwrap

import pytest

from openness.sources.codebase.regex import WINDOW_CHARS, find_script_references

Found = set[tuple[str, int, str, str]]

CASES: dict[str, tuple[str, Found]] = {
    "openai-with-constant-and-env-default": (
        """
        const MODEL = process.env.OPENAI_MODEL || "gpt-4o";
        const r = await client.chat.completions.create({
          messages: [{ role: "user", content: "model: gpt-3.5-turbo" }],
          model: MODEL,
        });
        const e = await client.embeddings.create({
          model: process.env.EMB ?? "text-embedding-3-small", input });
        """,
        {
            ("gpt-4o", 1, "api", "assign:MODEL"),
            ("gpt-4o", 4, "api", "openai.chat.completions.create"),
            ("text-embedding-3-small", 7, "api", "openai.embeddings.create"),
        },
    ),
    "comments-templates-and-expressions-are-not-constants": (
        """
        // client.chat.completions.create({ model: "gpt-4o" })
        /* anthropic.messages.create({ model: "claude-3-opus-20240229" }) */
        client.chat.completions.create({ model: `gpt-${version}` });
        client.chat.completions.create({ model: base + "-mini" });
        client.chat.completions.create({ model: pick("gpt-4o") });
        """,
        set(),
    ),
    "objects-outside-calls-are-not-read": (
        """
        const config = { model: "gpt-4o" };
        export default { model: "claude-3-opus-20240229" };
        """,
        set(),
    ),
    "transformers-js-and-hf-inference": (
        """
        const pipe = await pipeline('sentiment-analysis', 'Xenova/distilbert-base-uncased');
        const plain = await pipeline('sentiment-analysis');
        const tok = await AutoTokenizer.from_pretrained("Xenova/gpt2");
        await hf.chatCompletion({ model: "HuggingFaceH4/zephyr-7b-beta", messages });
        const client = new HfInference(token);
        """,
        {
            (
                "Xenova/distilbert-base-uncased",
                1,
                "huggingface",
                "transformers.js.pipeline",
            ),
            ("Xenova/gpt2", 3, "huggingface", "transformers.js.from_pretrained"),
            ("HuggingFaceH4/zephyr-7b-beta", 4, "huggingface", "huggingface.js.chatCompletion"),
        },
    ),
    "langchain-and-ai-sdk": (
        """
        const a = new ChatAnthropic({ model: "claude-3-5-sonnet-20240620" });
        const b = new ChatOllama({ model: "llama3" });
        const c = new OpenAIEmbeddings({ modelName: "text-embedding-3-large" });
        const { text } = await generateText({ model: google("gemini-1.5-pro"), prompt });
        const d = await generateText({ model: "openai/gpt-4o", prompt });
        """,
        {
            ("claude-3-5-sonnet-20240620", 1, "api", "ChatAnthropic"),
            ("text-embedding-3-large", 3, "api", "OpenAIEmbeddings"),
            ("gemini-1.5-pro", 4, "api", "ai-sdk.google"),
            ("gpt-4o", 5, "api", "ai.generateText"),
        },
    ),
    "google-and-anthropic": (
        """
        const model = genAI.getGenerativeModel({ model: "gemini-1.5-flash" });
        const r = await ai.models.generateContent({ model: "gemini-2.0-flash", contents });
        const m = await anthropic.messages.create({
          max_tokens: 1024,
          "model": "claude-3-haiku-20240307",
        });
        """,
        {
            ("gemini-1.5-flash", 1, "api", "google.generativeai.getGenerativeModel"),
            ("gemini-2.0-flash", 2, "api", "google.genai.models.generateContent"),
            ("claude-3-haiku-20240307", 5, "api", "anthropic.messages.create"),
        },
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_script_finder(case: str) -> None:
    code, expected = CASES[case]
    found = find_script_references(textwrap.dedent(code).lstrip("\n"))
    assert {(r.ref, r.line, r.kind.value, r.via) for r in found} == expected


def test_the_argument_window_is_bounded() -> None:
    far = "client.chat.completions.create({" + " " * WINDOW_CHARS + 'model: "gpt-4o" })'
    assert find_script_references(far) == []
    near = "client.chat.completions.create({" + " " * 100 + 'model: "gpt-4o" })'
    assert [r.ref for r in find_script_references(near)] == ["gpt-4o"]
