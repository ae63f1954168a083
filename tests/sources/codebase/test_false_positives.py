"""What is not a model is not reported as one: Hub site pages, installer scripts, path files.

Generated over the Hub's site paths and script extensions in every file kind
the scanner reads, and over the shapes of Python's ``.pth`` path files; the
real things beside them (a model URL, a pickle named ``.pth``) are still found.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import pytest

from openness.kb.loader import load_catalog
from openness.scan.run import scan_path
from openness.sources.codebase import find_model_references
from openness.sources.formats.pickles import is_path_configuration, scan_pickle

PAGES = ("cli/install.ps1", "cli/install.sh", "docs/hub/index", "welcome", "spaces/x/y",
         "blog/some-post", "changelog", "datasets/squad/viewer", "login?next=/x")  # fmt: skip
SCRIPTS = ("tools/setup.ps1", "acme/get.bat", "org/run.sh", "org/tool.exe", "org/pkg.whl")
WRAPPERS = {
    "setup.py": 'URL = "{url}"\n',
    "config.yaml": "install: {url}\n",
    "app.js": 'const url = "{url}";\n',
    "README.md": "Install with `curl -LsSf {url} | sh`.\n",
    ".env": "INSTALLER={url}\n",
}
MODEL_URL = "https://huggingface.co/meta-llama/Meta-Llama-3-8B"


@pytest.mark.parametrize("file_name", sorted(WRAPPERS))
@pytest.mark.parametrize("host", ["https://hf.co", "https://huggingface.co"])
def test_hub_site_pages_and_scripts_are_not_models(
    tmp_path: Path, file_name: str, host: str
) -> None:
    lines = [WRAPPERS[file_name].format(url=f"{host}/{path}") for path in PAGES + SCRIPTS]
    lines.append(WRAPPERS[file_name].format(url=MODEL_URL))
    (tmp_path / file_name).write_text("".join(lines), encoding="utf-8")
    refs = {r.ref for r in find_model_references(tmp_path).references}
    assert refs <= {"meta-llama/Meta-Llama-3-8B"}, refs


PATH_FILES = (
    "import site\n/usr/lib/python3/dist-packages\n",
    "# added by a tool\n/opt/project/src\n../shared/lib\n",
    "import os; os.environ.setdefault('X', '1')\n",
    "C:\\Users\\me\\project\\src\n",
    "~/code/lib\n./vendor\n",
)


class _Payload:
    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (os.system, ("echo never run",))


@pytest.mark.parametrize("text", PATH_FILES)
def test_python_path_files_are_not_checkpoints(tmp_path: Path, text: str) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "extra.pth").write_text(text, encoding="utf-8")
    assert is_path_configuration(folder / "extra.pth")
    result = scan_path(folder, load_catalog())
    assert result.findings == () and result.is_passing


@pytest.mark.parametrize("protocol", [0, 1, 2, 4])
def test_a_pickle_named_pth_is_still_scanned(tmp_path: Path, protocol: int) -> None:
    path = tmp_path / "model.pth"
    path.write_bytes(pickle.dumps(_Payload(), protocol=protocol))
    assert not is_path_configuration(path)
    folder = tmp_path
    result = scan_path(folder, load_catalog())
    assert [f.kind.value for f in result.findings] == ["unsafe_pickle"]


def test_a_global_that_cannot_be_imported_stops_the_walk_and_is_not_unsafe(
    tmp_path: Path,
) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"import site\n/usr/lib/python3\n")  # INST of module "mport site"
    scan = scan_pickle(path)
    assert scan.unsafe == () and not scan.complete
