"""Pickle scanning: payloads found, memo and stack tricks seen through, nothing ever loaded."""

from __future__ import annotations

import collections
import io
import pickle
import time
import tracemalloc
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openness.errors import FormatError
from openness.sources.formats import pickles
from openness.sources.formats.pickles import (
    PickleImport,
    PickleScan,
    describe_import,
    is_safe_import,
    scan_pickle,
)

from .conftest import (
    Ops,
    Payload,
    deflated,
    legacy_torch_bytes,
    stored,
    torch_data_pickle,
    zero_bomb,
    zip_bytes,
)


@pytest.fixture(autouse=True)
def unpickling_is_forbidden(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any attempt to unpickle during a test fails it."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the scanner tried to unpickle")

    for name in ("load", "loads", "Unpickler", "_Unpickler", "_load", "_loads"):
        monkeypatch.setattr(pickle, name, refuse)
    yield


def _write(folder: Path, data: bytes, name: str = "model.bin") -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _names(scan: PickleScan) -> set[str]:
    return {item.qualified_name for item in scan.imports}


def _torch_zip(folder: Path, data_pkl: bytes, name: str = "model.pt") -> Path:
    """The layout torch.save writes: <top>/data.pkl, <top>/data/<key>, <top>/version."""
    path = folder / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("archive/data.pkl", data_pkl)
        archive.writestr("archive/byteorder", "little")
        archive.writestr("archive/data/0", bytes(16))
        archive.writestr("archive/data/1", b"\x80\x02" + bytes(14))  # raw floats, not a pickle
        archive.writestr("archive/version", "3\n")
    return path


# --- payloads --------------------------------------------------------------------------


@pytest.mark.parametrize("protocol", range(6))
def test_a_reduce_to_os_system_is_flagged_and_never_run(in_tmp: Path, protocol: int) -> None:
    marker = in_tmp / "MARKER"
    path = _write(in_tmp, pickle.dumps(Payload(f"touch {marker}"), protocol=protocol))
    scan = scan_pickle(path)
    assert [item.qualified_name for item in scan.unsafe] == ["posix.system"]
    assert scan.complete and not scan.is_safe and scan.container == "pickle"
    assert scan.detail == "imports posix.system (runs operating-system commands or touches files)"
    assert not marker.exists()


def test_the_payload_inside_a_torch_zip_is_flagged_with_its_member(in_tmp: Path) -> None:
    marker = in_tmp / "MARKER"
    path = _torch_zip(in_tmp, pickle.dumps(Payload(f"touch {marker}"), protocol=2))
    scan = scan_pickle(path)
    assert scan.unsafe == (PickleImport("posix", "system", "archive/data.pkl"),)
    assert scan.members == ("archive/data.pkl",) and scan.container == "zip"
    assert scan.detail.endswith("in archive/data.pkl")
    assert not marker.exists()


@pytest.mark.parametrize(
    ("ops", "expected"),
    [
        (Ops().global_("builtins", "eval"), "builtins.eval"),
        (Ops().raw(b"(").text("echo").inst("subprocess", "Popen"), "subprocess.Popen"),
        (Ops().text("os").text("system").op("STACK_GLOBAL"), "os.system"),
        (Ops().global_("__builtin__", "exec"), "__builtin__.exec"),
        (Ops().global_("torch.serialization", "load"), "torch.serialization.load"),
        (Ops().global_("collections", "OrderedDict.__init__"), "collections.OrderedDict.__init__"),
    ],
    ids=["global", "inst", "stack-global", "python2-builtin", "nested-load", "dotted-name"],
)
def test_every_way_to_import_is_seen(tmp_path: Path, ops: Ops, expected: str) -> None:
    scan = scan_pickle(_write(tmp_path, Ops().proto(4).raw(ops.bytes()).op("STOP").bytes()))
    assert expected in {item.qualified_name for item in scan.unsafe}


MEMO_TRICKS = {
    # the strings come back from the memo, not from the two ops before STACK_GLOBAL
    "memo-get": Ops().text("os").put(0).text("system").put(1).op("POP", "POP").get(0).get(1),
    # a decoy pair pushed and popped after the real one
    "decoy-popped": Ops()
    .text("os")
    .text("system")
    .text("collections")
    .text("OrderedDict")
    .op("POP", "POP"),
    # a memo slot first holds a safe name, then is overwritten with the dangerous one
    "memo-overwrite": Ops()
    .text("collections")
    .put(0)
    .op("POP")
    .text("os")
    .put(0)
    .op("POP")
    .get(0)
    .text("system"),
    "memoize": Ops().text("posix").op("MEMOIZE", "POP").long_get(0).text("system"),
    "long-put": Ops().text("nt").long_put(70000).op("POP").long_get(70000).text("system"),
    "dup": Ops().text("os").op("DUP", "POP").text("system"),
    "mark-popped": Ops().text("os").op("MARK").text("a").text("b").op("POP_MARK").text("system"),
}


@pytest.mark.parametrize("ops", MEMO_TRICKS.values(), ids=MEMO_TRICKS.keys())
def test_memo_and_stack_tricks_cannot_hide_a_global(tmp_path: Path, ops: Ops) -> None:
    data = Ops().proto(4).raw(ops.bytes()).op("STACK_GLOBAL").text("id").op("TUPLE1", "REDUCE")
    scan = scan_pickle(_write(tmp_path, data.op("STOP").bytes()))
    assert len(scan.unsafe) == 1 and scan.unsafe[0].module in {"os", "posix", "nt"}
    assert scan.unsafe[0].name == "system"
    assert scan.complete


def test_a_computed_stack_global_is_unsafe(tmp_path: Path) -> None:
    data = Ops().proto(4).text("os").op("NONE").op("STACK_GLOBAL", "STOP").bytes()
    scan = scan_pickle(_write(tmp_path, data))
    assert [item.qualified_name for item in scan.unsafe] == ["<unresolved>.<unresolved>"]
    assert "computed" in (scan.unsafe[0].reason or "")


def test_an_extension_code_is_unsafe(tmp_path: Path) -> None:
    scan = scan_pickle(_write(tmp_path, Ops().proto(2).raw(b"\x82\x07").op("STOP").bytes()))
    assert scan.unsafe == (PickleImport("<extension>", "7", None),)


def test_a_payload_after_a_clean_pickle_is_found(tmp_path: Path) -> None:
    data = pickle.dumps({"a": 1}, protocol=2) + pickle.dumps(Payload("true"), protocol=2)
    scan = scan_pickle(_write(tmp_path, data))
    assert _names(scan) == {"posix.system"} and scan.complete


def test_a_truncated_payload_is_still_flagged_and_marked_incomplete(tmp_path: Path) -> None:
    data = pickle.dumps(Payload("true"), protocol=4)
    scan = scan_pickle(_write(tmp_path, data[:-3]))
    assert _names(scan) == {"posix.system"}
    assert not scan.complete and scan.problem and "not a valid pickle" in scan.problem
    assert "scan incomplete" in scan.detail


# --- safe data -----------------------------------------------------------------------


@pytest.mark.parametrize("protocol", range(6))
def test_an_ordered_dict_of_lists_is_clean(tmp_path: Path, protocol: int) -> None:
    value = collections.OrderedDict(a=[1, 2.5, "x", None, True], b=[[3], (4, 5), {6}], c=[])
    scan = scan_pickle(_write(tmp_path, pickle.dumps(value, protocol=protocol)))
    assert scan.is_safe and scan.complete and scan.unsafe == ()
    assert "collections.OrderedDict" in _names(scan)
    assert scan.detail.startswith("imports only allow-listed globals")


def test_a_torch_zip_checkpoint_is_clean(tmp_path: Path) -> None:
    scan = scan_pickle(_torch_zip(tmp_path, torch_data_pickle(tensors=3)))
    assert scan.is_safe, scan.detail
    assert scan.members == ("archive/data.pkl",)
    assert _names(scan) == {
        "collections.OrderedDict",
        "torch._utils._rebuild_tensor_v2",
        "torch.FloatStorage",
    }
    assert all(item.member == "archive/data.pkl" for item in scan.imports)


def test_a_legacy_torch_file_is_read_to_its_fifth_pickle(tmp_path: Path) -> None:
    scan = scan_pickle(_write(tmp_path, legacy_torch_bytes(), "pytorch_model.bin"))
    assert scan.container == "legacy_torch"
    assert scan.is_safe, scan.detail
    assert "torch._utils._rebuild_tensor_v2" in _names(scan)


def test_a_payload_in_a_legacy_torch_file_is_flagged(tmp_path: Path) -> None:
    data = legacy_torch_bytes(pickle.dumps(Payload("true"), protocol=2))
    scan = scan_pickle(_write(tmp_path, data, "pytorch_model.bin"))
    assert _names(scan) == {"posix.system"} and scan.container == "legacy_torch"


def test_a_legacy_torch_file_cut_short_is_incomplete(tmp_path: Path) -> None:
    data = legacy_torch_bytes()
    end_of_object = data.index(torch_data_pickle()) + len(torch_data_pickle())
    scan = scan_pickle(_write(tmp_path, data[:end_of_object]))
    assert not scan.complete and scan.problem and "exhausted" in scan.problem


# --- zip archives --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["../../evil.pkl", "/tmp/evil.pkl", "a/../../b/data.pkl"])
def test_zip_member_paths_are_only_names(in_tmp: Path, name: str) -> None:
    payload = pickle.dumps(Payload(f"touch {in_tmp / 'MARKER'}"), protocol=2)
    path = _write(in_tmp, zip_bytes([stored("archive/version", b"3\n"), stored(name, payload)]))
    before = sorted(in_tmp.parent.iterdir())
    scan = scan_pickle(path)
    assert scan.unsafe == (PickleImport("posix", "system", name),)
    assert scan.members == (name,)
    assert sorted(in_tmp.parent.iterdir()) == before and not (in_tmp / "MARKER").exists()


def test_a_pickle_member_without_a_pkl_name_is_sniffed(tmp_path: Path) -> None:
    members = [
        stored("archive/data.pkl", torch_data_pickle()),
        deflated("archive/extra", pickle.dumps(Payload("true"), protocol=2)),
        stored("archive/raw", b"\x80\x03" + bytes(30)),  # raw bytes that look like PROTO 3
        stored("archive/raw2", b"\x80\x02\x82I\xc1\x04"),  # PROTO, EXT1, then no opcode
        stored("archive/data/0", b"\x80\x02\x82\x07."),  # a storage: never read as a pickle
    ]
    scan = scan_pickle(_write(tmp_path, zip_bytes(members)))
    assert scan.unsafe == (PickleImport("posix", "system", "archive/extra"),)
    assert scan.members == ("archive/data.pkl", "archive/extra")
    assert scan.complete


def test_a_zip_bomb_member_is_refused_in_bounded_time_and_memory(tmp_path: Path) -> None:
    members = [zero_bomb("archive/data.pkl", 2), zero_bomb("archive/data/0", 2)]
    path = _write(tmp_path, zip_bytes(members), "bomb.pt")
    tracemalloc.start()
    start = time.perf_counter()
    scan = scan_pickle(path)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert not scan.complete and scan.problem and "zip bomb" in scan.problem
    assert elapsed < 1.0 and peak < 32 * 1024 * 1024


def test_a_member_lying_about_its_size_is_read_no_further(tmp_path: Path) -> None:
    bomb = zero_bomb("data.pkl", 1)
    liar = type(bomb)(bomb.name, bomb.payload, 4096, 0, 8)  # declares 4 KiB, holds 1 GiB
    scan = scan_pickle(_write(tmp_path, zip_bytes([liar])))
    assert not scan.complete and scan.problem and "data.pkl" in scan.problem


def test_a_large_member_is_scanned_up_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pickles, "MAX_STREAM_BYTES", 64 * 1024)
    data = pickle.dumps([list(range(50)) for _ in range(1000)], protocol=0)
    assert len(data) > 128 * 1024
    scan = scan_pickle(_write(tmp_path, zip_bytes([deflated("a/data.pkl", data)])))
    assert not scan.complete and scan.problem and "scan limit" in scan.problem


def test_too_many_members_are_refused_before_opening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pickles, "MAX_MEMBERS", 5)
    members = [stored(f"m{i}.pkl", pickle.dumps(i)) for i in range(6)]
    scan = scan_pickle(_write(tmp_path, zip_bytes(members)))
    assert not scan.complete and scan.problem and "6 members" in scan.problem
    lying = zip_bytes(members, entries=1)  # the end record understates the count
    scan = scan_pickle(_write(tmp_path, lying))
    assert not scan.complete and scan.members == ()


def test_a_huge_declared_directory_is_refused(tmp_path: Path) -> None:
    data = bytearray(zip_bytes([stored("data.pkl", pickle.dumps(1))]))
    data[-10:-6] = (2**31).to_bytes(4, "little")  # central directory size
    scan = scan_pickle(_write(tmp_path, bytes(data)))
    assert not scan.complete and scan.problem and "directory" in scan.problem


def test_a_member_whose_local_name_differs_is_unverified(tmp_path: Path) -> None:
    member = stored("archive/data.pkl", pickle.dumps(Payload("true"), protocol=2))
    sneaky = type(member)(*member.__dict__.values())
    object.__setattr__(sneaky, "local_name", "archive/other.pkl")
    scan = scan_pickle(_write(tmp_path, zip_bytes([sneaky])))
    assert not scan.complete and scan.problem and "archive/data.pkl" in scan.problem


def test_an_unsupported_or_encrypted_pickle_member_is_unverified(tmp_path: Path) -> None:
    member = stored("archive/data.pkl", pickle.dumps(1))
    odd = type(member)(member.name, member.payload, member.size, member.crc, method=99)
    scan = scan_pickle(_write(tmp_path, zip_bytes([odd])))
    assert not scan.complete and scan.problem and "a method torch cannot read" in scan.problem


@pytest.mark.parametrize("name", ["archive/data.pkl", "archive/data/0"])
def test_bzip2_members_are_never_inflated(tmp_path: Path, name: str) -> None:
    path = tmp_path / "model.pt"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr(name, b"\x80\x02" + bytes(32 << 20))  # 32 MiB in a few hundred bytes
    tracemalloc.start()
    scan = scan_pickle(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 4 * 1024 * 1024
    assert scan.complete == (name == "archive/data/0"), scan.problem


# --- bad input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b"\xff\xfe garbage", "not a valid pickle"),
        (b"PK\x03\x04" + bytes(100), "not a readable zip archive"),
        (b"\x80\x04\x95" + bytes(8) + b"X\xff\xff\xff\x7f", "not a valid pickle"),
        (b"\x80\x04\x8e" + (2**62).to_bytes(8, "little") + b"abc", "not a valid pickle"),
        (b"\x80\x02h\x05.", "memo entry 5 is read before it is written"),
        (b"\x80\x02R.", "stack underflow"),
        (b"\x80\x02t.", "MARK missing"),
        (b"S'" + b"a" * (2 * 1024 * 1024), "scan limit"),
    ],
    ids=[
        "empty",
        "garbage",
        "zip-garbage",
        "string-longer-than-file",
        "bytes8-absurd",
        "memo-missing",
        "underflow",
        "no-mark",
        "endless-line",
    ],
)
def test_bad_input_is_an_incomplete_scan(tmp_path: Path, data: bytes, problem: str) -> None:
    scan = scan_pickle(_write(tmp_path, data))
    assert not scan.complete and scan.problem and problem in scan.problem
    assert not scan.is_safe and scan.detail.startswith("could not be scanned to the end")


def test_the_opcode_budget_stops_a_flood(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pickles, "MAX_OPCODES", 10_000)
    data = b"\x80\x04(" + b"K\x01" * 20_000 + b"l."
    scan = scan_pickle(_write(tmp_path, data))
    assert not scan.complete and scan.problem and "10,000 opcodes" in scan.problem


def test_the_number_of_distinct_imports_is_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pickles, "MAX_IMPORTS", 20)
    ops = Ops().proto(2)
    for index in range(30):
        ops.global_("mod", f"f{index}").op("POP")
    scan = scan_pickle(_write(tmp_path, ops.op("NONE", "STOP").bytes()))
    assert len(scan.imports) == 20 and not scan.complete


def test_a_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        scan_pickle(tmp_path / "absent.bin")


# --- classification ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "name", "reason"),
    [
        ("posix", "system", "operating-system"),
        ("os.path", "join", "operating-system"),
        ("builtins", "eval", "runs arbitrary code"),
        ("__builtin__", "getattr", "reaches any object"),
        ("functools", "partial", "builds a call"),
        ("operator", "methodcaller", "calls methods"),
        ("runpy", "_run_code", "runs or imports"),
        ("webbrowser", "open", "network"),
        ("torch", "load", "nested torch.load"),
        ("torch.serialization", "_load", "nested torch.load"),
        ("builtins", "bytearray", "not on the allow-list"),
        ("torch.nn.modules.linear", "Linear", "not on the allow-list"),
        ("osmosis", "thing", "not on the allow-list"),
    ],
)
def test_unsafe_imports_are_explained(module: str, name: str, reason: str) -> None:
    assert not is_safe_import(module, name)
    assert reason in (describe_import(module, name) or "")


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("torch._utils", "_rebuild_tensor_v2"),
        ("torch._utils", "_rebuild_parameter"),
        ("torch", "BFloat16Storage"),
        ("torch", "bfloat16"),
        ("numpy.core.multiarray", "_reconstruct"),
        ("__builtin__", "set"),
        ("_codecs", "encode"),
    ],
)
def test_weight_loading_globals_are_safe(module: str, name: str) -> None:
    assert is_safe_import(module, name) and describe_import(module, name) is None


def test_the_detail_lists_three_and_counts_the_rest(tmp_path: Path) -> None:
    ops = Ops().proto(2)
    for name in ("system", "popen", "remove", "rmdir", "walk"):
        ops.global_("os", name).op("POP")
    scan = scan_pickle(_write(tmp_path, ops.op("NONE", "STOP").bytes()))
    assert scan.detail.count("os.") == 3 and scan.detail.endswith("; and 2 more")


# --- fuzzing -------------------------------------------------------------------------

SEEDS = [
    pickle.dumps(collections.OrderedDict(a=[1, 2], b={"c": (3.5, "d")}), protocol=p)
    for p in range(6)
] + [pickle.dumps(Payload("true"), protocol=2), torch_data_pickle(), legacy_torch_bytes()[:400]]


def _check(path: Path) -> None:
    start = time.perf_counter()
    try:
        scan = scan_pickle(path)
    except FormatError:
        return
    assert isinstance(scan, PickleScan)
    assert time.perf_counter() - start < 2.0
    assert set(scan.unsafe) <= set(scan.imports)
    assert scan.complete == (scan.problem is None)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=600))
def test_random_bytes_give_a_clean_result(tmp_path: Path, data: bytes) -> None:
    _check(_write(tmp_path, data))


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.sampled_from(SEEDS),
    edits=st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, 255), st.sampled_from("sid")),
        min_size=1,
        max_size=6,
    ),
)
def test_mutated_pickles_give_a_clean_result(
    tmp_path: Path, seed: bytes, edits: list[tuple[int, int, str]]
) -> None:
    data = bytearray(seed)
    for position, value, kind in edits:
        at = position % (len(data) + 1)
        if kind == "s" and at < len(data):
            data[at] = value
        elif kind == "i":
            data[at:at] = bytes([value])
        else:
            del data[at : at + 1]
    _check(_write(tmp_path, bytes(data)))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.integers(0, 100_000), value=st.integers(0, 255), count=st.integers(1, 4))
def test_mutated_zips_give_a_clean_result(
    tmp_path: Path, position: int, value: int, count: int
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("archive/data.pkl", torch_data_pickle())
        archive.writestr("archive/data/0", b"\x80\x02" + bytes(40))
        archive.writestr("archive/version", "3\n")
    data = bytearray(buffer.getvalue())
    at = position % len(data)
    data[at : at + count] = bytes([value]) * count
    _check(_write(tmp_path, bytes(data), "model.pt"))


def test_a_flood_in_a_sniffed_member_is_not_mistaken_for_raw_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pickles, "MAX_OPCODES", 1_000)
    flood = b"\x80\x02(" + b"K\x01" * 2_000 + b"l."
    evil = pickle.dumps(Payload("true"), protocol=2)
    members = [stored("archive/extra", flood), stored("archive/data.pkl", evil)]
    scan = scan_pickle(_write(tmp_path, zip_bytes(members)))
    assert not scan.complete and scan.problem
    assert "1,000 opcodes" in scan.problem and "archive/data.pkl" in scan.problem


@pytest.mark.parametrize("protocol", range(6))
def test_numpy_arrays_and_scalars_are_clean(tmp_path: Path, protocol: int) -> None:
    numpy = pytest.importorskip("numpy")
    value = {"w": numpy.arange(12, dtype=numpy.float32).reshape(3, 4), "s": numpy.float64(2.5)}
    scan = scan_pickle(_write(tmp_path, pickle.dumps(value, protocol=protocol)))
    assert scan.is_safe, scan.detail


def test_a_zip64_archive_is_scanned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 1)  # makes zipfile write zip64 records
    path = tmp_path / "model.pt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.pkl", pickle.dumps(Payload("true"), protocol=2))
        archive.writestr("archive/version", "3\n")
    data = bytearray(path.read_bytes())
    assert b"PK\x06\x06" in data
    data[-14:-10] = b"\xff\xff\xff\xff"  # as with > 65,535 members: only zip64 has the count
    scan = scan_pickle(_write(tmp_path, bytes(data)))
    assert scan.complete and _names(scan) == {"posix.system"}


def test_a_zip_comment_is_skipped_unless_it_mimics_an_end_record(tmp_path: Path) -> None:
    path = tmp_path / "model.pt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.pkl", torch_data_pickle())
        archive.comment = b"a comment " * 1000
    assert scan_pickle(path).is_safe
    with zipfile.ZipFile(path, "a") as archive:
        archive.comment = b"PK\x05\x06 looks like an end record" * 100
    scan = scan_pickle(path)  # zipfile itself cannot read this one: unverified, not clean
    assert not scan.complete and not scan.is_safe


def test_a_bad_escape_in_a_string_opcode_is_quiet(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scan = scan_pickle(_write(tmp_path, b"S'\\e'\n."))
    assert scan.is_safe
