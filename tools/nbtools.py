"""Execute, clean and check the handbook's notebooks.

    python tools/nbtools.py execute notebooks/01-customs-clearance.ipynb   # re-run in place, then clean
    python tools/nbtools.py clean notebooks/*.ipynb                        # normalise metadata only
    python tools/nbtools.py check notebooks/*.ipynb                        # report what is not clean
    python tools/nbtools.py diff notebooks/*.ipynb [--against=REV]         # what a reader sees that moved

"Clean" means: notebook metadata holds only the kernelspec, the language name and the saved widget
state (which the static site renders); cell metadata holds only tags; cell ids are deterministic;
every code cell was executed, in order, counting from 1; no cell is empty; no output is an error.

Exercise solutions stay folded with their answer: a code cell that calls `solution(...)` computes and
words the answer in its source, so `clean` hides that source everywhere a trainee reads — the tag
`remove-input` (static site) and JupyterLab's own `jupyter.source_hidden` (the app hides all code) — and
`check` reports a solution cell whose code would show.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
# What JupyterLab writes into a notebook when the kernel starts (handbook/lab_kernel.py reports this version),
# so that opening a notebook in `make lab` does not mark it modified.
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py", "mimetype": "text/x-python",
    "name": "python", "nbconvert_exporter": "python", "pygments_lexer": "ipython3",
    "version": f"{sys.version_info.major}.{sys.version_info.minor}",
}
ALLOWED_NOTEBOOK_METADATA = {"kernelspec", "language_info", "widgets"}
ALLOWED_CELL_METADATA = {"tags", "jupyter"}
SOLUTION_CALL = re.compile(r"(?<![\w.])solution\(")
HIDDEN_SOURCE = {"source_hidden": True}


def is_solution(cell) -> bool:
    return cell.cell_type == "code" and bool(SOLUTION_CALL.search(cell.source))
SKELETON = ("Overview", "Prerequisites", "Imports", "Exercises", "Summary", "What's next")


WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def displayed_widgets(nb: nbformat.NotebookNode, widgets: dict) -> dict:
    """The saved widget state without models no output displays: the executor saves every widget the
    kernel ever created (also ones built only to read a result, e.g. by the timeline and the workbench);
    a page needs the displayed ones and the models they reference (`IPY_MODEL_<id>`)."""
    state = widgets.get(WIDGET_STATE, {}).get("state")
    if not state:
        return widgets
    todo = [out["data"][WIDGET_VIEW]["model_id"] for cell in nb.cells for out in cell.get("outputs", [])
            if WIDGET_VIEW in out.get("data", {})]
    keep: set[str] = set()
    while todo:
        model = todo.pop()
        if model in keep or model not in state:
            continue
        keep.add(model)
        todo += re.findall(r"IPY_MODEL_([0-9a-f]+)", json.dumps(state[model].get("state", {})))
    widgets[WIDGET_STATE]["state"] = {k: v for k, v in state.items() if k in keep}
    return widgets


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    widgets = nb.metadata.get("widgets")
    nb.metadata = nbformat.NotebookNode(kernelspec=KERNELSPEC, language_info=LANGUAGE_INFO)
    if widgets:
        nb.metadata["widgets"] = displayed_widgets(nb, widgets)
    nb.nbformat, nb.nbformat_minor = 4, 5
    for index, cell in enumerate(nb.cells):
        tags = list(cell.metadata.get("tags") or [])
        if is_solution(cell) and "remove-input" not in tags:
            tags = [t for t in tags if t != "hide-input"] + ["remove-input"]
        cell.metadata = nbformat.NotebookNode(tags=tags) if tags else nbformat.NotebookNode()
        if is_solution(cell):
            cell.metadata["jupyter"] = nbformat.NotebookNode(HIDDEN_SOURCE)
        cell.id = f"cell-{index:03d}"
        if cell.cell_type != "code":
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
            cell.pop("attachments", None) if not cell.get("attachments") else None
    return nb


def problems(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    found = []
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as exc:
        found.append(f"invalid notebook: {exc.message}")
    extra = set(nb.metadata) - ALLOWED_NOTEBOOK_METADATA
    if extra:
        found.append(f"stray notebook metadata: {sorted(extra)}")
    if nb.metadata.get("kernelspec") != KERNELSPEC or nb.metadata.get("language_info") != LANGUAGE_INFO:
        found.append("kernelspec/language_info not normalised (run tools/nbtools.py clean)")
    counts = []
    for index, cell in enumerate(nb.cells):
        extra = set(cell.metadata) - ALLOWED_CELL_METADATA
        if extra:
            found.append(f"cell {index}: stray cell metadata {sorted(extra)}")
        if "jupyter" in cell.metadata and (not is_solution(cell) or cell.metadata["jupyter"] != HIDDEN_SOURCE):
            found.append(f"cell {index}: stray cell metadata jupyter={dict(cell.metadata['jupyter'])}")
        if is_solution(cell) and ("remove-input" not in cell.metadata.get("tags", [])
                                  or cell.metadata.get("jupyter") != HIDDEN_SOURCE):
            found.append(f"cell {index}: a solution's code shows its answer (run tools/nbtools.py clean)")
        if cell.id != f"cell-{index:03d}":
            found.append(f"cell {index}: id {cell.id!r} is not deterministic (run clean)")
        if not cell.source.strip():
            found.append(f"cell {index}: empty {cell.cell_type} cell")
        if cell.cell_type == "code":
            counts.append(cell.execution_count)
            for output in cell.outputs:
                if output.output_type == "error":
                    found.append(f"cell {index}: stored error output {output.ename}")
                if output.output_type == "stream" and output.name == "stderr":
                    found.append(f"cell {index}: stored stderr output (a warning?)")
    if any(c is None for c in counts):
        found.append("has unexecuted code cells (run `make notebooks`)")
    elif counts != list(range(1, len(counts) + 1)):
        found.append(f"execution counts not 1..{len(counts)} in order: {counts}")
    return found


def skeleton_missing(path: Path, required=SKELETON) -> list[str]:
    """Skeleton headings (STYLE.md) not found in markdown sources or generated Markdown outputs."""
    nb = nbformat.read(path, as_version=4)
    texts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            texts.append(cell.source)
        for output in cell.get("outputs", []):
            texts.append(str(output.get("data", {}).get("text/markdown", "")))
    headings = [line.lstrip("#").strip() for t in texts for line in t.splitlines() if line.startswith("## ")]
    return [h for h in required if not any(x.startswith(h) for x in headings)]


def execute(path: Path, timeout: int = 600) -> None:
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata.pop("widgets", None)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
    )
    client.execute()
    nbformat.write(clean(nb), path)


def _reader_text(nb: dict) -> list[tuple[str, str]]:
    """Per cell: (the start of its source, the text a reader sees in its outputs); widget ids and images left out."""
    cells = []
    for cell in nb["cells"]:
        shown = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for mime in ("text/markdown", "text/html", "text/plain"):
                if mime in data:
                    shown.append("".join(data[mime]))
                    break
            if "text" in output:
                shown.append("".join(output["text"]))
        text = re.sub(r"<[^>]+>", " ", "\n".join(shown))
        text = re.sub(r"model_id[^,}]*|[0-9a-f]{32}", "", text)
        cells.append(("".join(cell["source"]).splitlines()[0][:70] if cell["source"] else "", text))
    return cells


def diff(path: Path, against: str = "HEAD") -> list[str]:
    """The lines of rendered text (markdown, HTML stripped of tags, plain text) that differ from `against`."""
    import difflib
    import subprocess

    try:
        old = json.loads(subprocess.run(["git", "show", f"{against}:{path.as_posix()}"], capture_output=True,
                                        check=True).stdout)
    except subprocess.CalledProcessError:
        return [f"(no {path} in {against}: a new notebook)"]
    new = json.loads(path.read_text(encoding="utf-8"))
    lines = []
    before = dict(_reader_text(old))
    for head, text in _reader_text(new):
        if head in before and before[head] != text:
            changed = [d for d in difflib.unified_diff(before[head].splitlines(), text.splitlines(), lineterm="", n=0)
                       if d[:1] in "+-" and not d.startswith(("+++", "---"))]
            if changed:
                lines.append(f"cell {head!r}:")
                lines += [f"  {d[:200]}" for d in changed]
    return lines


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in {"execute", "clean", "check", "diff"}:
        print(__doc__)
        return 2
    command, paths = argv[0], [Path(p) for p in argv[1:] if not p.startswith("--against")]
    if command == "diff":
        against = next((a.split("=", 1)[1] for a in argv[1:] if a.startswith("--against=")), "HEAD")
        for path in paths:
            for line in diff(path, against):
                print(f"{path}: {line}")
        return 0
    status = 0
    for path in paths:
        if command == "execute":
            print(f"executing {path} ...", flush=True)
            execute(path)
        elif command == "clean":
            nbformat.write(clean(nbformat.read(path, as_version=4)), path)
        found = problems(path)
        for problem in found:
            print(f"{path}: {problem}")
        status |= bool(found)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
