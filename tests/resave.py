"""Templates as Word, WPS and LibreOffice give them back after editing and saving."""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

PIECE = 3  # characters per run after splitting


def libreoffice_resave(soffice: str, folder: Path, dest: Path) -> list[Path]:
    """Every .docx of ``folder`` opened and saved again by LibreOffice as Word 2007 XML (with
    a profile of its own, so it does not wait for another LibreOffice)."""
    dest.mkdir(parents=True, exist_ok=True)
    sources = sorted(folder.glob("*.docx"))
    profile = (dest.parent / f".profile-{dest.name}").resolve().as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to"]
        + ["docx:MS Word 2007 XML", "--outdir", str(dest)]
        + [str(p) for p in sources],
        check=True,
        capture_output=True,
        timeout=300,
    )
    out = [dest / p.name for p in sources]
    missing = [p for p in out if not p.is_file()]
    assert not missing, f"LibreOffice did not write {missing}"
    return out


def _rsid(n: int) -> str:
    return f"00{n * 7919 % 0xFFFFFF:06X}"


def _split_run(run, counter: list[int]) -> list:
    """The run as several runs of ``PIECE`` characters, each with a language mark and rsid;
    a spelling mark and a bookmark between pieces, as Word leaves them."""
    t = run.find(qn("w:t"))
    if t is None or len(run) > 2 or not t.text or len(t.text) <= PIECE:
        return [run]
    text = t.text
    out = []
    for i in range(0, len(text), PIECE):
        piece = copy.deepcopy(run)
        piece.set(qn("w:rsidR"), _rsid(counter[0]))
        piece.set(qn("w:rsidRPr"), _rsid(counter[0] + 1))
        counter[0] += 1
        rpr = piece.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            piece.insert(0, rpr)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
        rpr.append(lang)
        piece.find(qn("w:t")).text = text[i : i + PIECE]
        piece.find(qn("w:t")).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if i:
            kind = "spellStart" if (i // PIECE) % 2 else "spellEnd"
            proof = OxmlElement("w:proofErr")
            proof.set(qn("w:type"), kind)
            out.append(proof)
        if i == PIECE:
            start = OxmlElement("w:bookmarkStart")
            start.set(qn("w:id"), str(counter[0]))
            start.set(qn("w:name"), f"_Hlk{counter[0]:08d}")
            end = OxmlElement("w:bookmarkEnd")
            end.set(qn("w:id"), str(counter[0]))
            out += [start, piece, end]
            continue
        out.append(piece)
    return out


def word_edit(source: Path, dest: Path) -> Path:
    """``source`` as Word leaves it after an edit: runs split every few characters, with
    rsids, ``w:lang``, spelling marks (``w:proofErr``) and bookmarks between the pieces."""
    document = Document(str(source))
    counter = [1]
    parts = [document.element.body]
    for section in document.sections:
        for hf in (
            section.header,
            section.footer,
            section.even_page_header,
            section.even_page_footer,
        ):
            if not hf.is_linked_to_previous:
                parts.append(hf._element)
    for part in parts:
        for p in list(part.iter(qn("w:p"))):
            p.set(qn("w:rsidR"), _rsid(counter[0]))
            p.set(qn("w:rsidRDefault"), _rsid(counter[0] + 2))
            for run in [r for r in p if r.tag == qn("w:r")]:
                pieces = _split_run(run, counter)
                if pieces != [run]:
                    for piece in pieces:
                        run.addprevious(piece)
                    p.remove(run)
    dest.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(dest))
    return dest
