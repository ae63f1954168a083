"""Scan a generated 20,000-file repository with openness and with grep, in one run.

Usage: python benchmarks/scan_tree.py [--files N] [--seed S] [--keep DIR]

Generates, in a temporary folder, a repository of Python modules, notebooks,
YAML configs and TypeScript files in nested packages (most of them ordinary
code that mentions models without naming one, as in a real ML repository, a
quarter of the Python files passing one by keyword so that they must be parsed),
with model references planted in about one file in twelve. Then runs, each in
its own process so that wall time and peak memory are measured alike,
``find_model_references`` over the tree and a plain ``grep -rE`` for the
trigger words over the same tree (the page cache is warmed first). Prints
files per second, peak memory, the ratio of the two wall times, and how many
planted references were found. Target: at least 2,000 files/s on a 2-core
machine, every planted reference found, nothing else.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GREP_PATTERN = "from_pretrained|pipeline|model|llm|openai|anthropic|huggingface"

_PY_PLAIN = '''"""Utilities for {name}."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass
class {cls}:
    """A record of {name}."""

    identifier: int
    label: str
    weight: float = 1.0

    def to_json(self) -> str:
        return json.dumps({{"id": self.identifier, "label": self.label, "w": self.weight}})


def load_{name}(path: str) -> list[{cls}]:
    records = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            parts = line.rstrip("\\n").split(",")
            if len(parts) < 2:
                logger.debug("skipping line %d", number)
                continue
            records.append({cls}(int(parts[0]), parts[1]))
    return records


def summarize_{name}(records: list[{cls}]) -> dict[str, float]:
    total = sum(record.weight for record in records)
    return {{"count": float(len(records)), "total": total, "mean": total / max(len(records), 1)}}
'''

_PY_ML = '''"""Training helpers for {name}: the model is passed in, never named here."""

from __future__ import annotations

import torch
from torch import nn


class {cls}(nn.Module):
    def __init__(self, hidden: int = 256) -> None:
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, 2))

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        return self.layers(inputs)


def train_{name}(model: nn.Module, batches, epochs: int = 3, lr: float = 1e-4) -> float:
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    loss = torch.tensor(0.0)
    for _ in range(epochs):
        for features, labels in batches:
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(model(features), labels)
            loss.backward()
            optimizer.step()
    return float(loss)


def evaluate_{name}(model: nn.Module, batches) -> float:
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for features, labels in batches:
            correct += int((model(features).argmax(-1) == labels).sum())
            total += len(labels)
    return correct / max(total, 1)
'''

_PY_TRAINER = """

def fit_{name}(model, args, data):
    trainer = Trainer(model=model, args=args, train_dataset=data)
    return trainer.train()
"""

_PY_PLANTS = [
    ('from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("{hub}")\n', "hub"),
    (
        'from transformers import pipeline\n\nBASE = "{hub}"\n'
        'MODEL_ID = BASE\npipe = pipeline("text-generation", model=MODEL_ID)\n',
        "hub",
    ),
    (
        "import os\nfrom openai import OpenAI\n\n"
        'CHAT_MODEL = os.environ.get("CHAT_MODEL", "{api}")\nclient = OpenAI()\n\n'
        "def ask(q):\n    return client.chat.completions.create(\n"
        '        model=CHAT_MODEL, messages=[{{"role": "user", "content": q}}]\n    )\n',
        "api",
    ),
]

_YAML_PLAIN = """service: {name}
replicas: 3
resources:
  limits: {{cpu: "2", memory: 4Gi}}
training:
  epochs: 10
  learning_rate: 0.0003
  batch_size: 32
  checkpoint_dir: ./checkpoints/{name}
logging:
  level: info
  sinks: [stdout, file]
"""
_YAML_PLANT = """service: {name}
model:
  name: {hub}
  revision: main
training:
  epochs: 3
"""

_TS_PLAIN = """import {{ useState }} from "react";

export interface {cls}Props {{
  title: string;
  items: string[];
}}

export function {cls}({{ title, items }}: {cls}Props) {{
  const [open, setOpen] = useState(false);
  const visible = open ? items : items.slice(0, 3);
  return visible.map((item, index) => `${{title}} ${{index}}: ${{item}}`).join("\\n");
}}
"""
_TS_PLANT = """import OpenAI from "openai";

const client = new OpenAI();

export async function ask{cls}(question: string) {{
  const reply = await client.chat.completions.create({{
    model: "{api}",
    messages: [{{ role: "user", content: question }}],
  }});
  return reply.choices[0].message.content;
}}
"""


def _notebook(cells: list[str]) -> str:
    body = [
        {
            "cell_type": "code",
            "execution_count": index,
            "id": f"c{index}",
            "metadata": {},
            "outputs": [{"name": "stdout", "output_type": "stream", "text": ["ok\n"]}],
            "source": cell.splitlines(keepends=True),
        }
        for index, cell in enumerate(cells, start=1)
    ]
    notebook = {
        "cells": body,
        "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(notebook, indent=1, sort_keys=True) + "\n"


def generate(root: Path, count: int, seed: int) -> set[tuple[str, str]]:
    """Write *count* files under *root*; return the planted (path, ref) pairs."""
    rng = random.Random(seed)
    planted: set[tuple[str, str]] = set()
    kinds = ["py"] * 45 + ["ipynb"] * 10 + ["yaml"] * 22 + ["ts"] * 23
    for number in range(count):
        kind = rng.choice(kinds)
        folder = f"pkg{number % 40}/sub{number % 7}/part{number % 11}"
        name, cls = f"item{number}", f"Item{number}"
        hub, api = f"bench-org/model-{number}", f"gpt-4o-bench-{number}"
        plant = rng.random() < 0.08
        text, ref = _file(kind, plant, rng, name=name, cls=cls, hub=hub, api=api)
        suffix = {"py": ".py", "ipynb": ".ipynb", "yaml": ".yaml", "ts": ".ts"}[kind]
        path = f"{folder}/{name}{suffix}"
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
        if ref:
            planted.add((path, ref))
    return planted


def _file(kind: str, plant: bool, rng: random.Random, **names: str) -> tuple[str, str | None]:
    if kind == "py":
        if plant:
            template, which = rng.choice(_PY_PLANTS)
            return _PY_PLAIN.format(**names) + "\n" + template.format(**names), names[which]
        # A quarter passes a model around by keyword: parsed, though it names none.
        template = rng.choice([_PY_PLAIN, _PY_PLAIN, _PY_ML, _PY_ML + _PY_TRAINER])
        return template.format(**names), None
    if kind == "ipynb":
        cells = ["import pandas as pd\ndf = pd.read_csv('data.csv')\n", "df.describe()\n"]
        if plant:
            cells.append(
                "%pip install transformers\nfrom transformers import AutoTokenizer\n"
                f'tok = AutoTokenizer.from_pretrained("{names["hub"]}")\n'
            )
        return _notebook(cells), names["hub"] if plant else None
    if kind == "yaml":
        template = _YAML_PLANT if plant else _YAML_PLAIN
        return template.format(**names), names["hub"] if plant else None
    template = _TS_PLANT if plant else _TS_PLAIN
    return template.format(**names), names["api"] if plant else None


def _run_child(command: list[str]) -> tuple[float, int, str]:
    """Run *command*; return wall seconds, peak RSS in MB, and its standard output."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # grep exits 1 when nothing matches
        raise SystemExit(f"{command[0]} failed with exit status {process.returncode}")
    return elapsed, usage.ru_maxrss // 1024, output


def scan_only(root: Path) -> None:
    """Scan *root* in this process and print the result as JSON (the child's side)."""
    from openness.sources.codebase import find_model_references

    start = time.perf_counter()
    scan = find_model_references(root)
    seconds = time.perf_counter() - start
    pairs = sorted({(r.path, r.ref) for r in scan.references})
    print(json.dumps({"seconds": seconds, "files": scan.files_scanned, "pairs": pairs}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="generate here and keep the tree")
    parser.add_argument("--scan-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scan_only:
        scan_only(args.scan_only)
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="openness-scan-bench-"))
    try:
        _benchmark(folder, args.files, args.seed)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def _benchmark(folder: Path, count: int, seed: int) -> None:
    started = time.perf_counter()
    planted = generate(folder, count, seed)
    print(
        f"generated {count:,} files ({len(planted):,} with a planted reference) "
        f"in {time.perf_counter() - started:.1f} s; {os.cpu_count()} CPUs"
    )
    grep = ["grep", "-rEn", GREP_PATTERN, str(folder)]
    _run_child(grep)  # warm the page cache
    env_python = [sys.executable, str(Path(__file__).resolve()), "--scan-only", str(folder)]
    scan_seconds, scan_mb, output = _run_child(env_python)
    result = json.loads(output)
    grep_seconds, grep_mb, _ = _run_child(grep)
    found = {tuple(pair) for pair in result["pairs"]}
    rate = result["files"] / result["seconds"]
    print(
        f"openness  {result['files']:,} files in {result['seconds']:.2f} s scan "
        f"({scan_seconds:.2f} s with start-up): {rate:,.0f} files/s, peak {scan_mb} MB"
    )
    print(f"grep -rE  {grep_seconds:.2f} s: {count / grep_seconds:,.0f} files/s, peak {grep_mb} MB")
    print(f"ratio     openness / grep wall time = {scan_seconds / grep_seconds:.1f}x")
    print(
        f"found     {len(planted & found):,} of {len(planted):,} planted references; "
        f"{len(found - planted):,} others"
    )
    verdict = "meets" if rate >= 2000 else "MISSES"
    print(f"target    >= 2,000 files/s: {verdict}")


if __name__ == "__main__":
    main()
