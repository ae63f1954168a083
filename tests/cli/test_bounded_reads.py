"""Every file a command reads is read bounded: devices, pipes, huge files, missing folders.

Each hostile input gets a one-line error (exit 2) or a bounded, reported cut,
in well under a second and without reading more than its limit.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from pathlib import Path

import pytest

from openness.limits import LICENSE_BYTES, read_bounded
from tests.cli.conftest import Invoke
from tests.licenses.conftest import CORPUS

DEVICE = Path("/dev/zero")


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("advise", "--profile", str(DEVICE)), "larger than the 1,000,000 bytes"),
        (("scan", ".", "--policy", str(DEVICE)), "larger than the 1,000,000 bytes"),
    ],
    ids=["profile", "policy"],
)
def test_an_endless_device_is_refused_quickly(
    invoke: Invoke, args: tuple[str, ...], message: str
) -> None:
    start = time.perf_counter()
    result = invoke(*args)
    assert time.perf_counter() - start < 5
    assert result.exit_code == 2
    assert message in result.stderr and str(DEVICE) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_endless_device_as_a_kb_record_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "kb" / "models"
    folder.mkdir(parents=True)
    (folder / "zero.yaml").symlink_to(DEVICE)
    result = invoke("check", "gpt-4o", "--kb", str(tmp_path / "kb"))
    assert result.exit_code == 2
    assert "zero.yaml" in result.stderr and "1,000,000 bytes" in result.stderr


def test_a_license_read_from_a_device_is_cut_and_reported(invoke: Invoke) -> None:
    result = invoke("license", str(DEVICE), "--format", "json")
    assert result.exit_code == 2
    assert "binary" in result.stderr  # zero bytes: read to the limit, then refused as binary


def test_a_pipe_without_a_writer_does_not_hang(invoke: Invoke, tmp_path: Path) -> None:
    pipe = _fifo(tmp_path)
    start = time.perf_counter()
    result = invoke("license", str(pipe))
    assert time.perf_counter() - start < 5
    assert result.exit_code == 2 and "empty" in result.stderr


def test_a_pipe_with_a_writer_is_read_to_its_end(tmp_path: Path) -> None:
    pipe = _fifo(tmp_path)
    text = (CORPUS / "bsd-3-clause.txt").read_bytes()

    def write() -> None:
        with open(pipe, "wb") as handle:
            for start in range(0, len(text), 100):
                handle.write(text[start : start + 100])
                handle.flush()

    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(0.05)  # the writer has the pipe open before it is read
    read = read_bounded(pipe, LICENSE_BYTES)
    writer.join(5)
    assert read.data == text and not read.truncated and read.size is None


def test_check_and_license_cut_a_huge_license_at_the_same_size(
    invoke: Invoke, tmp_path: Path
) -> None:
    text = (CORPUS / "mit-deepseek-code.txt").read_text(encoding="utf-8")
    huge = text * (3 * LICENSE_BYTES // len(text))
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "config.json").write_text("{}", encoding="utf-8")
    (folder / "README.md").write_text("# m\n", encoding="utf-8")
    (folder / "LICENSE").write_text(huge, encoding="utf-8")
    license_result = invoke("license", str(folder / "LICENSE"), "--format", "json")
    check_result = invoke("check", str(folder), "--format", "json")
    cut = re.compile(r"only the first ([\d,]+) bytes")
    by_license = cut.search(license_result.stdout + license_result.stderr)
    findings = json.loads(check_result.stdout)["findings"]
    by_check = cut.search(json.dumps(findings))
    assert by_license and by_check
    assert by_license.group(1) == by_check.group(1)
    assert int(by_license.group(1).replace(",", "")) <= LICENSE_BYTES
    assert {"file_too_large"} <= {f["kind"] for f in findings}


@pytest.mark.parametrize(
    "args",
    [
        ("scan", ".", "-o", "/missing/folder/report.json"),
        ("advise", "--plot", "/missing/folder/cost.svg"),
    ],
    ids=["scan-output", "advise-plot"],
)
def test_an_output_in_a_missing_folder_is_a_usage_error(
    invoke: Invoke, args: tuple[str, ...]
) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert "/missing/folder does not exist" in result.stderr
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_a_license_with_a_byte_order_mark_is_read(
    invoke: Invoke, tmp_path: Path, encoding: str
) -> None:
    text = (CORPUS / "bsd-3-clause.txt").read_text(encoding="utf-8")
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path = tmp_path / "LICENSE"
    path.write_bytes(data)
    document = json.loads(invoke("license", str(path), "--format", "json").stdout)
    assert document["license"]["id"] == "bsd-3-clause"
    assert document["osd"]["verdict"] == "pass"
