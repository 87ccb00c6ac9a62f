"""Making small Word templates for the template tests."""

from __future__ import annotations

from pathlib import Path

from gongwen.formatting import new_document


def word_template(path: Path, texts: list, styles: dict[int, str] | None = None) -> Path:
    """A .docx at ``path`` with one paragraph per item of ``texts``; an item that is a list
    is one paragraph of several runs (as Word splits a typed tag). ``styles`` maps a
    paragraph's index to its style name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = new_document()  # laid out to GB/T 9704, so a build's checks pass
    for i, text in enumerate(texts):
        runs = text if isinstance(text, list) else [text]
        p = document.add_paragraph()
        for run in runs:
            p.add_run(run)
        if styles and i in styles:
            p.style = document.styles[styles[i]]
    document.save(path)
    return path
