"""Reading generated PDFs back: text, page count, and whether every font is embedded."""

import io
import re
import shutil
import subprocess
import tempfile

from pypdf import PdfReader


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def pdf_text(pdf: bytes) -> str:
    """All text with whitespace removed, so words wrapped inside table cells still match."""
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader(pdf).pages))


def flat(value: str) -> str:
    return re.sub(r"\s+", "", value)


def image_sizes(pdf: bytes) -> set[tuple[int, int]]:
    """The pixel size of every image drawn on any page (a logo tells which one it is by its size)."""
    return {image.image.size for page in reader(pdf).pages for image in page.images}


def fonts(pdf: bytes) -> dict[str, bool]:
    """Base font name -> embedded, over every page and form XObject."""
    found: dict[str, bool] = {}

    def walk(resources) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont"))] = embedded
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"))

    for page in reader(pdf).pages:
        walk(page.get("/Resources"))
    return found


def pdffonts_rows(pdf: bytes) -> list[str] | None:
    """`pdffonts` output rows when poppler-utils is installed (a second, independent reader)."""
    if shutil.which("pdffonts") is None:
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(pdf)
        fh.flush()
        out = subprocess.run(["pdffonts", fh.name], check=True, capture_output=True, text=True).stdout
    return out.splitlines()[2:]


def assert_fonts_embedded(pdf: bytes) -> None:
    found = fonts(pdf)
    assert found, "no font at all"
    assert all(found.values()), f"fonts not embedded: {found}"
    assert not any("Helvetica" in name for name in found), found
    rows = pdffonts_rows(pdf)
    if rows is not None:
        assert rows, "pdffonts lists no font"
        for row in rows:
            assert "Helvetica" not in row
            # columns: name type encoding emb sub uni ...; "emb" is the 4th field from the right end
            assert row.split()[-5] == "yes", row
