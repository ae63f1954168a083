"""The Hub audit on the embedded engine: DuckDB over JSON lines or Parquet, nothing to start.

Every record is read as text and parsed by DuckDB's JSON functions, so a line
that is not JSON, or a field of the wrong type, is counted (the first few with
their line numbers) and never stops the audit. Lineage is a recursive query
over the ``base_model`` edges, bounded at ``MAX_DEPTH`` generations, with
cycles and parents missing from the dump reported; each distinct declared
license is classified once in Python (``openness.audit.licenses``) and joined
back. Entry point: ``audit_embedded``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from openness.assess.lineage import MAX_DEPTH
from openness.audit.licenses import LicenseBook, LicenseClass
from openness.audit.result import FINDING_KINDS, AuditResult, ConflictGroup, Malformed
from openness.errors import AuditInputError, OpennessError
from openness.kb.catalog import Catalog

FIRST_MALFORMED = 5
"""How many unreadable records are reported with their line numbers."""


def audit_embedded(
    inputs: Sequence[Path],
    catalog: Catalog,
    out: Path | None = None,
    memory_limit: str = "3GB",
    texts: Path | None = None,
) -> AuditResult:
    """Audit the dump in *inputs* (``.jsonl``/``.json`` lines or ``.parquet`` shards).

    Args:
        inputs: the dump's files.
        catalog: where licenses and known models are looked up.
        out: a folder to write the per-model table to (``models.parquet``).
        memory_limit: DuckDB's memory limit; it spills to disk beyond it.
        texts: the dump folder holding its LICENSE texts, if any.

    Raises:
        AuditInputError: a file is missing, not of a known kind, or not readable
            (a truncated Parquet file), named in the message.
    """
    import duckdb

    db = duckdb.connect(config={"memory_limit": memory_limit, "preserve_insertion_order": False})
    try:
        _load(db, inputs)
        parse_raw(db)
        return finish_audit(db, catalog, out, texts=texts)
    finally:
        db.close()


def parse_raw(db: Any) -> None:
    """Turn table ``raw`` (source, line, j) into ``bad`` (unreadable) and ``parsed`` records."""
    _find_bad(db)
    _parse(db)


def finish_audit(
    db: Any,
    catalog: Catalog,
    out: Path | None = None,
    classify: Callable[[list[tuple[str | None, str | None]]], list[LicenseClass]] | None = None,
    engine: str = "duckdb",
    texts: Path | None = None,
    classify_texts: TextClassifier | None = None,
) -> AuditResult:
    """Audit tables ``parsed`` and ``bad``: licenses, lineage, conflicts and the summary.

    Args:
        db: a DuckDB connection holding them.
        catalog: where licenses and known models are looked up.
        out: a folder to write ``models.parquet`` to.
        classify: classifies (declared, license_name) pairs, in order; by default here,
            one after another (the Ray engine spreads them over its workers).
        engine: the engine's name, for the result.
        texts: the dump's folder, when it holds LICENSE texts (``hub dump
            --with-license-texts``): each distinct text is read once, by the engine.
        classify_texts: reads (sha256, text) pairs; by default here, in turn.
    """
    db.execute(
        "CREATE TABLE rec AS SELECT * FROM parsed "
        "QUALIFY row_number() OVER (PARTITION BY id ORDER BY source, line) = 1"
    )
    malformed = _malformed(db)
    book = LicenseBook(catalog)
    distinct = _classify(db, book, classify)
    distinct += _texts(db, book, texts, classify_texts)
    _declared(db)
    _known_models(db, catalog)
    _lineage(db)
    _conflicts(db, book)
    result = _summary(db, book, malformed, distinct, engine)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        target = str(out / "models.parquet").replace("'", "''")
        db.execute(f"COPY (SELECT * FROM audited ORDER BY id) TO '{target}' (FORMAT parquet)")
    return result


def _load(db: Any, inputs: Sequence[Path]) -> None:
    import duckdb

    from openness.audit.chunks import jsonl_chunks, read_chunk

    db.execute("CREATE TABLE raw (source VARCHAR, line BIGINT, j VARCHAR, undecodable BOOLEAN)")
    for path in inputs:
        check_input(path)
        if path.suffix != ".parquet":
            for chunk in jsonl_chunks(path):
                lines = read_chunk(chunk)  # noqa: F841 - read by DuckDB by name
                db.execute("INSERT INTO raw SELECT * FROM lines")
            continue
        try:
            db.execute(
                "INSERT INTO raw SELECT ?, row_number() OVER (), record, false "
                "FROM read_parquet(?)",
                [str(path), str(path)],
            )
        except duckdb.Error as err:
            first = str(err).splitlines()[0][:200]
            raise AuditInputError(f"{path}: cannot be read ({first})", str(path)) from err


def check_input(path: Path) -> None:
    """Refuse a dump file that is missing or of no known kind.

    Raises:
        AuditInputError: naming the file and what to give.
    """
    if not path.is_file():
        raise AuditInputError(f"{path}: no such file", str(path))
    if path.suffix not in (".parquet", ".jsonl", ".json", ".ndjson"):
        raise AuditInputError(
            f"{path}: not a dump file (give .jsonl JSON lines or .parquet shards)", str(path)
        )


def _find_bad(db: Any) -> None:
    db.execute(
        "CREATE TABLE bad AS SELECT source, line, CASE "
        "WHEN undecodable THEN 'not UTF-8 text' "
        "WHEN j IS NULL OR NOT json_valid(j) THEN 'not JSON' "
        "WHEN json_type(j) <> 'OBJECT' THEN 'not a JSON object' "
        "ELSE 'id is missing or not text' END AS error FROM raw WHERE "
        "j IS NULL OR NOT json_valid(j) OR json_type(j) <> 'OBJECT' "
        "OR json_type(j, '$.id') IS DISTINCT FROM 'VARCHAR' OR trim(j ->> '$.id') = ''"
    )


def _malformed(db: Any) -> tuple[int, tuple[Malformed, ...]]:
    count = db.execute("SELECT count(*) FROM bad").fetchone()[0]
    rows = db.execute(
        "SELECT source, line, error FROM bad ORDER BY source, line LIMIT ?", [FIRST_MALFORMED]
    ).fetchall()
    return int(count), tuple(Malformed(s, int(n), e) for s, n, e in rows)


_TEXT_OR_FIRST = (
    "CASE json_type(j, '{path}') WHEN 'VARCHAR' THEN j ->> '{path}' "
    "WHEN 'ARRAY' THEN j ->> '{path}[0]' END"
)


def _parse(db: Any) -> None:
    license_card = _TEXT_OR_FIRST.format(path="$.cardData.license")
    db.execute(
        f"""
        CREATE TABLE parsed AS
        WITH ok AS (
            SELECT r.* FROM raw r ANTI JOIN bad b USING (source, line)
        ), fields AS (
            SELECT
                source,
                line,
                trim(j ->> '$.id') AS id,
                CASE WHEN json_type(j, '$.tags') = 'ARRAY'
                     THEN json_extract_string(j, '$.tags[*]') ELSE [] END AS tags,
                CASE WHEN json_type(j, '$.cardData') = 'OBJECT'
                     THEN {license_card} END AS card_license,
                CASE WHEN json_type(j, '$.cardData.license_name') = 'VARCHAR'
                     THEN j ->> '$.cardData.license_name' END AS license_name,
                CASE WHEN json_type(j, '$.cardData.license_link') = 'VARCHAR'
                     THEN j ->> '$.cardData.license_link' END AS license_link,
                CASE json_type(j, '$.cardData.base_model')
                     WHEN 'VARCHAR' THEN [j ->> '$.cardData.base_model']
                     WHEN 'ARRAY' THEN json_extract_string(j, '$.cardData.base_model[*]')
                     ELSE [] END AS card_bases,
                CASE WHEN json_type(j, '$.cardData.base_model_relation') = 'VARCHAR'
                     THEN j ->> '$.cardData.base_model_relation' END AS relation,
                CASE json_type(j, '$.gated') WHEN 'VARCHAR' THEN j ->> '$.gated'
                     WHEN 'BOOLEAN' THEN CASE WHEN (j -> '$.gated')::BOOLEAN THEN 'true' END
                     END AS gated,
                CASE WHEN json_type(j, '$.createdAt') = 'VARCHAR'
                     THEN try_cast(substr(j ->> '$.createdAt', 1, 4) AS INTEGER) END AS year
            FROM ok
        )
        SELECT
            source,
            line,
            id,
            lower(trim(coalesce(card_license,
                list_filter(tags, lambda t: starts_with(t, 'license:'))[1][9:]))) AS declared,
            license_name,
            license_link,
            list_distinct(list_filter(
                CASE WHEN len(card_bases) > 0 THEN card_bases ELSE list_transform(
                    list_filter(tags, lambda t: starts_with(t, 'base_model:')),
                    lambda t: string_split(t, ':')[-1]) END,
                lambda b: b IS NOT NULL AND trim(b) <> '' AND trim(b) <> id)) AS bases,
            relation,
            gated,
            CASE WHEN year BETWEEN 2000 AND 2100 THEN year END AS year
        FROM fields
        """
    )


def _classify(
    db: Any,
    book: LicenseBook,
    classify: Callable[[list[tuple[str | None, str | None]]], list[LicenseClass]] | None,
) -> int:
    pairs = db.execute(
        "SELECT DISTINCT declared, license_name FROM rec ORDER BY declared, license_name"
    ).fetchall()
    asked = [(declared, name if declared == "other" else None) for declared, name in pairs]
    found_all = classify(asked) if classify is not None else [book.classify(*a) for a in asked]
    rows = [
        (declared, name, found.license, found.known, found.osd, list(found.kinds))
        for (declared, name), found in zip(pairs, found_all, strict=True)
    ]
    db.execute(
        "CREATE TABLE classes (declared VARCHAR, license_name VARCHAR, license VARCHAR, "
        "known BOOLEAN, osd VARCHAR, kinds VARCHAR[])"
    )
    if rows:
        db.executemany("INSERT INTO classes VALUES (?, ?, ?, ?, ?, ?)", rows)
    return len({row[2] for row in rows if row[2]})


TextClassifier = Callable[[list[tuple[str, bytes]]], list[tuple[LicenseClass, tuple[Any, ...]]]]
"""Reads LICENSE texts: for each (sha256, text), its class and its terms."""


def classify_texts_here(
    catalog: Catalog, texts: list[tuple[str, bytes]]
) -> list[tuple[LicenseClass, tuple[Any, ...]]]:
    """Read each text with the license engine, returning its class and its terms.

    A known license word for word (nothing added, nothing unread) is that license;
    anything else is a license of its own, named by its hash, with its terms.
    """
    from openness.licenses.analyze import analyze_license

    found: list[tuple[LicenseClass, tuple[Any, ...]]] = []
    for digest, text in texts:
        try:
            analysis = analyze_license(text, catalog, origin=digest)
        except OpennessError:
            found.append((LicenseClass(f"text:{digest[:12]}", False, "unknown", ()), ()))
            continue
        identity = analysis.license
        exact = (
            identity is not None
            and identity.match == "exact"
            and not analysis.osd.unread_count
            and catalog.has_license(identity.id)
        )
        name = identity.id if exact and identity is not None else f"text:{digest[:12]}"
        kinds = tuple(dict.fromkeys(t.kind.value for t in analysis.terms))
        found.append((LicenseClass(name, exact, analysis.osd.verdict.value, kinds), analysis.terms))
    return found


def _texts(db: Any, book: LicenseBook, folder: Path | None, classify: TextClassifier | None) -> int:
    from openness.audit.dump import TEXT_INDEX, TEXTS

    db.execute("CREATE TABLE texts (id VARCHAR, sha256 VARCHAR)")
    db.execute(
        "CREATE TABLE text_classes (sha256 VARCHAR, license VARCHAR, known BOOLEAN, "
        "osd VARCHAR, kinds VARCHAR[])"
    )
    index = folder / TEXT_INDEX if folder is not None else None
    if index is None or not index.exists():
        return 0
    db.execute("INSERT INTO texts SELECT id, sha256 FROM read_parquet(?)", [str(index)])
    digests = [
        row[0] for row in db.execute("SELECT DISTINCT sha256 FROM texts ORDER BY 1").fetchall()
    ]
    pairs = []
    for digest in digests:
        path = folder / TEXTS / f"{digest}.txt"  # type: ignore[operator]
        if path.is_file():
            pairs.append((digest, path.read_bytes()))
    read = classify(pairs) if classify is not None else classify_texts_here(book.catalog, pairs)
    rows = []
    for (digest, _), (found, terms) in zip(pairs, read, strict=True):
        if found.license is not None and not found.known:
            book.add_terms(found.license, terms)
        rows.append((digest, found.license, found.known, found.osd, list(found.kinds)))
    if rows:
        db.executemany("INSERT INTO text_classes VALUES (?, ?, ?, ?, ?)", rows)
    return len(rows)


def _known_models(db: Any, catalog: Catalog) -> None:
    """The catalog's Hub repos: their tier and license, for repos and for bases outside the dump."""
    from openness.assess import assess_model

    rows = []
    for model in catalog.models():
        if not model.aliases.huggingface:
            continue
        tier = assess_model(model, catalog).tier.value
        rows += [
            (alias.lower(), tier, model.weights_license) for alias in model.aliases.huggingface
        ]
    db.execute("CREATE TABLE known (repo VARCHAR, tier VARCHAR, license VARCHAR)")
    if rows:
        db.executemany("INSERT INTO known VALUES (?, ?, ?)", rows)
    db.execute(
        "CREATE TABLE known1 AS SELECT * FROM known "
        "QUALIFY row_number() OVER (PARTITION BY repo) = 1"
    )


def _lineage(db: Any) -> None:
    db.execute(
        "CREATE TABLE edges AS SELECT DISTINCT id AS child, trim(base) AS parent "
        "FROM rec, unnest(bases) AS t(base)"
    )
    db.execute(
        f"""
        CREATE TABLE walk AS
        WITH RECURSIVE w(model, node, depth) AS (
            SELECT child, parent, 1 FROM edges
            UNION
            SELECT w.model, e.parent, w.depth + 1
            FROM w JOIN edges e ON e.child = w.node
            WHERE w.depth < {MAX_DEPTH} AND w.node <> w.model
        )
        SELECT model, node, min(depth) AS depth FROM w GROUP BY model, node
        """
    )
    db.execute(
        """
        CREATE TABLE roots AS
        SELECT w.model, w.node AS root, w.depth,
               (d.id IS NULL AND k.repo IS NULL) AS unresolved,
               coalesce(d.license, k.license) AS root_license
        FROM walk w
        LEFT JOIN (SELECT DISTINCT child FROM edges) p ON p.child = w.node
        LEFT JOIN declared d ON d.id = w.node
        LEFT JOIN known1 k ON k.repo = lower(w.node)
        WHERE p.child IS NULL AND w.node <> w.model
        """
    )
    db.execute("CREATE TABLE cycles AS SELECT DISTINCT model FROM walk WHERE node = model")
    db.execute(
        f"""
        CREATE TABLE cut AS SELECT DISTINCT w.model FROM walk w
        JOIN edges e ON e.child = w.node WHERE w.depth = {MAX_DEPTH}
        """
    )


def _declared(db: Any) -> None:
    """Each record's license: its card's, or the text it ships where the card's is unknown."""
    db.execute(
        """
        CREATE TABLE declared AS
        SELECT r.id,
               CASE WHEN tc.sha256 IS NOT NULL AND NOT coalesce(c.known, false)
                    THEN tc.license ELSE c.license END AS license,
               CASE WHEN tc.sha256 IS NOT NULL AND NOT coalesce(c.known, false)
                    THEN tc.known ELSE c.known END AS known,
               CASE WHEN tc.sha256 IS NOT NULL AND NOT coalesce(c.known, false)
                    THEN tc.osd ELSE c.osd END AS osd,
               CASE WHEN tc.sha256 IS NOT NULL AND NOT coalesce(c.known, false)
                    THEN tc.kinds ELSE c.kinds END AS kinds,
               tc.sha256 IS NOT NULL AS has_text
        FROM rec r
        LEFT JOIN classes c ON c.declared IS NOT DISTINCT FROM r.declared
             AND c.license_name IS NOT DISTINCT FROM r.license_name
        LEFT JOIN texts t ON t.id = r.id
        LEFT JOIN text_classes tc ON tc.sha256 = t.sha256
        """
    )


def _conflicts(db: Any, book: LicenseBook) -> None:
    pairs = db.execute(
        "SELECT DISTINCT d.license, r.root_license FROM roots r JOIN declared d ON d.id = r.model "
        "WHERE r.root_license IS NOT NULL"
    ).fetchall()
    rows = [(mine, root, list(book.dropped(mine, root))) for mine, root in pairs]
    db.execute("CREATE TABLE dropped (license VARCHAR, root_license VARCHAR, kinds VARCHAR[])")
    rows = [row for row in rows if row[2]]
    if rows:
        db.executemany("INSERT INTO dropped VALUES (?, ?, ?)", rows)
    db.execute(
        """
        CREATE TABLE conflicts AS
        SELECT r.model, r.root, r.root_license, d.license AS declared, x.kinds
        FROM roots r JOIN declared d ON d.id = r.model
        JOIN dropped x ON x.license IS NOT DISTINCT FROM d.license
             AND x.root_license = r.root_license
        """
    )
    db.execute(
        """
        CREATE TABLE audited AS
        SELECT r.id, r.declared AS declared_raw, d.license, coalesce(d.known, false) AS known,
               coalesce(d.osd, 'unknown') AS osd, coalesce(d.kinds, []) AS kinds,
               coalesce(k.tier, 'open_weights') AS tier, r.year, r.gated, r.bases,
               (SELECT list(root ORDER BY root) FROM roots x WHERE x.model = r.id) AS roots,
               (SELECT list(DISTINCT k2 ORDER BY k2) FROM conflicts c, unnest(c.kinds) AS u(k2)
                 WHERE c.model = r.id) AS conflict_terms,
               r.id IN (SELECT model FROM conflicts) AS license_conflict,
               d.license IS NULL AS no_license,
               (r.declared = 'other' AND NOT coalesce(d.known, false)
                 AND r.license_link IS NULL AND NOT d.has_text) AS other_without_text,
               (r.gated IS NOT NULL AND d.osd = 'pass') AS gated_but_called_open,
               EXISTS (SELECT 1 FROM roots x WHERE x.model = r.id AND x.unresolved)
                 AS unresolved_parent,
               r.id IN (SELECT model FROM cycles) AS lineage_cycle,
               r.id IN (SELECT model FROM cut) AS lineage_cut
        FROM rec r JOIN declared d ON d.id = r.id
        LEFT JOIN known1 k ON k.repo = lower(r.id)
        """
    )


def _summary(
    db: Any,
    book: LicenseBook,
    malformed: tuple[int, tuple[Malformed, ...]],
    distinct: int,
    engine: str,
) -> AuditResult:
    models = db.execute("SELECT count(*) FROM audited").fetchone()[0]
    # Each finding is a boolean column of ``audited`` named as the finding.
    counts = db.execute(
        "SELECT "
        + ", ".join(f"count(*) FILTER (WHERE {kind})" for kind in FINDING_KINDS)
        + " FROM audited"
    ).fetchone()
    by_year: dict[str, dict[str, Any]] = {}
    for year, total, passing, failing in db.execute(
        "SELECT coalesce(year::VARCHAR, 'unknown'), count(*), count(*) FILTER (WHERE osd='pass'), "
        "count(*) FILTER (WHERE osd='fail') FROM audited GROUP BY 1 ORDER BY 1"
    ).fetchall():
        by_year[year] = {
            "models": total,
            "pass": passing,
            "fail": failing,
            "unknown": total - passing - failing,
            "licenses": {},
        }
    for year, name, count in db.execute(
        "SELECT y, l, n FROM (SELECT coalesce(year::VARCHAR, 'unknown') AS y, "
        "coalesce(license, 'none') AS l, count(*) AS n, row_number() OVER "
        "(PARTITION BY y ORDER BY count(*) DESC, l) AS rank FROM audited GROUP BY y, l) "
        "WHERE rank <= 5 ORDER BY y, n DESC, l"
    ).fetchall():
        by_year[year]["licenses"][name] = count
    groups = tuple(
        ConflictGroup(root, lic, declared, n, tuple(kinds), book.first_clause(lic, kinds[0]))
        for root, lic, declared, n, kinds in db.execute(
            "SELECT root, root_license, declared, count(DISTINCT model) AS n, "
            "list_sort(first(kinds)) FROM conflicts GROUP BY ALL ORDER BY n DESC, root, declared "
            "LIMIT 10"
        ).fetchall()
    )
    return AuditResult(
        models=int(models),
        findings=dict(zip(FINDING_KINDS, (int(c) for c in counts), strict=True)),
        by_tier=_grouped(db, "tier"),
        by_license=_grouped(db, "coalesce(license, 'none')", limit=25),
        by_osd=_grouped(db, "osd"),
        by_year=by_year,
        malformed=malformed[0],
        first_malformed=malformed[1],
        largest_conflicts=groups,
        distinct_licenses=distinct,
        engine=engine,
    )


def _grouped(db: Any, expression: str, limit: int = 1000) -> dict[str, int]:
    rows = db.execute(
        f"SELECT {expression} AS k, count(*) AS n FROM audited GROUP BY k ORDER BY n DESC, k "
        f"LIMIT {limit}"
    ).fetchall()
    return {str(k): int(n) for k, n in rows}
