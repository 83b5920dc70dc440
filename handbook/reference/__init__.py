"""Reference material for readers: the sources behind every figure, a glossary, printable checklists.

- `sources.sources()` — every source a parameter or an area cites (`handbook/reference/sources.yaml`), with who
  published it, when, what it covers and which parameters cite it; `sources.link(document)` is the Markdown link to
  its entry on the Sources page.
- `handbook.reference.glossary` — the Chinese terms staff see on screen, with pinyin and English.
- `handbook.reference.checklists` — one printable page per policy area, rendered from the rules' parameters.
"""
