"""scripts/preview.py: page images of the documents, the figures on them."""

from __future__ import annotations

import pytest
from PIL import Image


@pytest.mark.libreoffice
def test_preview_renders_the_application_form_with_its_figure(tmp_path):
    import preview

    images = preview.preview(None, tmp_path, ("评定申报表",), 40)
    assert [p.name for p in images] == [f"静观镇安全社区评定申报表-{n}.png" for n in (1, 2, 3)]
    page = Image.open(images[1]).convert("L")
    assert page.size == (round(210 / 25.4 * 40), round(297 / 25.4 * 40))
    # the figure's grey bars fill part of page 2 between the score table and 申报意见
    width, height = page.size
    band = page.crop((0, int(height * 0.3), width, int(height * 0.55)))
    greys = sum(n for value, n in enumerate(band.histogram()) if 60 <= value <= 120)
    assert greys > 0.05 * band.width * band.height  # 0.10 measured; text alone about 0.02
