"""Refresh the widget JavaScript the static site serves itself (no CDN at build or view time).

    .venv/bin/python tools/vendor_widgets_js.py            # fetch the pinned versions with `npm pack`
    .venv/bin/python tools/vendor_widgets_js.py --check    # verify the committed files (no network)

The static site renders widgets from their saved state with `embed-amd.js` (npm package
`@jupyter-widgets/html-manager`), which needs `require.js` (npm package `requirejs`) on the page. Both are
committed under `docs/_static/vendor/` together with the Font Awesome `woff2` fonts `embed-amd.js` loads
relative to itself, and `docs/_static/vendor/VENDORED.json` records each package's version, its npm
integrity and the sha256 of every file. `make docs` only reads the committed files, so it needs no network;
only this script does (the npm registry, through `npm pack`).

html-manager 1.0.x is the line of ipywidgets 8; pin the release whose `@jupyter-widgets/controls` range
matches the installed `jupyterlab_widgets` (ipywidgets 8.1.9 ↔ controls ^5.0.13 ↔ html-manager 1.0.15).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "docs" / "_static" / "vendor"
MANIFEST = VENDOR / "VENDORED.json"
PACKAGES = {
    # npm package: (version, {file inside the tarball: file name under docs/_static/vendor})
    "@jupyter-widgets/html-manager": ("1.0.15", {"package/dist/embed-amd.js": "embed-amd.js"}),
    "requirejs": ("2.3.8", {"package/require.js": "require.js"}),
}
FONT_SUFFIX = ".woff2"  # every modern browser picks woff2 first; the eot/ttf/svg/woff fallbacks are not shipped


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch() -> dict:
    manifest: dict = {"generated_by": "tools/vendor_widgets_js.py", "packages": {}}
    VENDOR.mkdir(parents=True, exist_ok=True)
    for stale in VENDOR.glob("*"):
        if stale.name != ".gitattributes":
            stale.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        for name, (version, wanted) in PACKAGES.items():
            out = subprocess.run(
                ["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", tmp],
                check=True, capture_output=True, text=True,
            ).stdout
            info = json.loads(out)[0]
            files = {}
            with tarfile.open(Path(tmp) / info["filename"]) as tar:
                members = {m.name: m for m in tar.getmembers() if m.isfile()}
                if name == "@jupyter-widgets/html-manager":
                    wanted = dict(wanted)
                    for member in members:
                        if member.startswith("package/dist/") and member.endswith(FONT_SUFFIX):
                            wanted[member] = Path(member).name
                for member, target in sorted(wanted.items()):
                    data = tar.extractfile(members[member]).read()
                    (VENDOR / target).write_bytes(data)
                    files[target] = hashlib.sha256(data).hexdigest()
            manifest["packages"][name] = {
                "version": info["version"], "integrity": info["integrity"], "tarball": info["filename"], "files": files,
            }
            print(f"vendored {name}@{info['version']}: {', '.join(files)}")
    MANIFEST.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def check() -> list[str]:
    """Differences between the committed files and VENDORED.json (empty when they agree)."""
    if not MANIFEST.exists():
        return [f"{MANIFEST.relative_to(ROOT)} is missing: run tools/vendor_widgets_js.py"]
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    found = []
    listed = set()
    for name, entry in manifest["packages"].items():
        pinned = PACKAGES.get(name, (None,))[0]
        if entry["version"] != pinned:
            found.append(f"{name}: vendored {entry['version']}, pinned {pinned}: run tools/vendor_widgets_js.py")
        for target, digest in entry["files"].items():
            listed.add(target)
            path = VENDOR / target
            if not path.exists():
                found.append(f"{target}: missing")
            elif sha256(path) != digest:
                found.append(f"{target}: sha256 differs from VENDORED.json")
    extra = {p.name for p in VENDOR.iterdir()} - listed - {MANIFEST.name, ".gitattributes"}
    found += [f"{name}: not listed in VENDORED.json" for name in sorted(extra)]
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify the committed files, no network")
    args = parser.parse_args(argv)
    if not args.check:
        fetch()
    found = check()
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
