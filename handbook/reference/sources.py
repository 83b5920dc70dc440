"""The sources behind the handbook's figures, readable: who published each one, when, and what it covers.

Parameters cite a source by its id (`source.document` in `handbook/policy/parameters/*.yaml`: a seed file
name such as `003_85f95fdeffeeff0c.txt` or a document number such as `财关税〔2018〕49号`). Those ids are
opaque to a reader, so `sources.yaml` describes each one, and the Sources page (`notebooks/sources.ipynb`)
lists them with every parameter that cites them. A cited id without an entry is a `ReferenceFileError`
raised by `check()` (and by the test suite), never a blank line on the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from handbook import strict_yaml
from handbook.errors import PolicyInputError
from handbook.reference.links import link  # noqa: F401  (re-exported: sources.link)

SOURCES_FILE = Path(__file__).with_name("sources.yaml")
KINDS = ("seed article", "public document", "handbook")
_FIELDS = {"kind", "platform", "title", "title_zh", "publisher", "date", "date_means", "covers", "where", "url"}
_REQUIRED = {"kind", "platform", "title", "title_zh", "publisher", "covers", "where"}


class ReferenceFileError(ValueError):
    """A reference data file (sources, glossary, checklists) is malformed; the message names file, entry and problem."""


@dataclass(frozen=True)
class Source:
    """One source: `id` as parameters cite it, what it is (`kind`: seed article | public document | handbook)."""

    id: str
    kind: str
    platform: str
    title: str
    title_zh: str
    publisher: str
    covers: str
    where: str
    date: date | None = None
    date_means: str = "published"
    url: str | None = None

    @property
    def dated(self) -> str:
        return f"{self.date_means} {self.date}" if self.date else "undated"


def _load(path: Path) -> dict[str, Source]:
    def fail(problem: str) -> ReferenceFileError:
        return ReferenceFileError(f"{path.name}: {problem}")

    try:
        raw = strict_yaml.load(path.read_text(encoding="utf-8"))
    except Exception as exc:  # yaml.YAMLError: line and column are in the message
        raise fail(f"not valid YAML ({exc})") from None
    if not isinstance(raw, dict):
        raise fail("expected a mapping of source id → description")
    out = {}
    for sid, spec in raw.items():
        where = f"source {sid!r}"
        if not isinstance(spec, dict):
            raise fail(f"{where} must be a mapping")
        strict_yaml.check_keys(spec, _FIELDS, _REQUIRED, fail, where)
        if spec["kind"] not in KINDS:
            raise fail(f"{where}: kind {spec['kind']!r} is not one of {', '.join(KINDS)}")
        if "date" in spec and not isinstance(spec["date"], date):
            raise fail(f"{where}: date {spec['date']!r} is not a date (YYYY-MM-DD)")
        out[str(sid)] = Source(id=str(sid), **{k: (str(v) if k not in ("date",) else v) for k, v in spec.items()})
    return out


@cache
def _sources() -> dict[str, Source]:
    return _load(SOURCES_FILE)


def sources() -> list[Source]:
    """Every source, seed articles first, then public documents, then the handbook's own decisions."""
    return sorted(_sources().values(), key=lambda s: (KINDS.index(s.kind), s.id))


def source(sid: str) -> Source:
    """The source with id `sid`; raises `PolicyInputError` for an unknown id."""
    try:
        return _sources()[sid]
    except KeyError:
        raise PolicyInputError("source", sid, "a source listed on the Sources page") from None


def cited_by(sid: str) -> list[tuple[str, str]]:
    """(parameter id, label) of every parameter with a value citing `sid`, in id order."""
    from handbook import policy

    found = []
    for pid in policy.ids():
        parameter = policy.describe(pid)
        if any(v.source is not None and v.source.document == sid for v in parameter.values):
            found.append((pid, parameter.label))
    return found


def cited_ids() -> set[str]:
    """Every source id a parameter value or an area cites."""
    from handbook import areas, policy

    cited = {v.source.document for pid in policy.ids() for v in policy.describe(pid).values if v.source}
    for a in areas.AREAS:
        cited.update(a.sources)
    return cited


def check() -> list[str]:
    """Problems: a cited id with no entry, an entry nothing cites. Empty when the file is complete."""
    known = set(_sources())
    cited = cited_ids()
    problems = [f"{sid!r} is cited but has no entry in {SOURCES_FILE.name}" for sid in sorted(cited - known)]
    problems += [f"{sid!r} has an entry in {SOURCES_FILE.name} but nothing cites it"
                 for sid in sorted(known - cited - _CITED_ELSEWHERE)]
    return problems


# Cited by code and prose rather than a parameter value (the working-day calendar).
_CITED_ELSEWHERE = {"全国年节及纪念日放假办法"}


def sources_page():
    """The Sources page as Markdown (`Prose`): one section per source, with every parameter that cites it."""
    from handbook import areas
    from handbook.text import Prose

    lines = []
    for kind in KINDS:
        group = [s for s in sources() if s.kind == kind]
        if not group:
            continue
        lines.append(f"## {kind[0].upper()}{kind[1:]}s\n")
        for s in group:
            lines.append(f"### {s.title}\n")
            lines.append(f"**{s.title_zh}** · cited as `{s.id}`\n")
            lines.append("| | |\n|---|---|")
            lines.append(f"| Platform | {s.platform} |")
            lines.append(f"| Publisher | {s.publisher} |")
            lines.append(f"| Date | {s.dated} |")
            lines.append(f"| Covers | {s.covers} |")
            lines.append(f"| Where to read it | {s.where}{f' ({s.url})' if s.url else ''} |")
            pages = [a for a in areas.AREAS if s.id in a.sources]
            if pages:
                links = ", ".join(f"[{a.title}]({a.notebook})" for a in pages)
                lines.append(f"| Pages | {links} |")
            lines.append("")
            params = cited_by(s.id)
            if params:
                lines.append(f"Parameters citing it ({len(params)}):\n")
                lines += [f"- {label} (`{pid}`)" for pid, label in params]
            lines.append("")
    return Prose("\n".join(lines))
