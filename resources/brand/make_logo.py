"""Draws the logo (a heart held by a leaf) so it can be remade, not only copied.

logo.png keeps transparency (screens); logo-print.jpg is the same on white, for PDFs:
reportlab copies a JPEG as is, while a PNG is decoded and recompressed for every report.

Run: .venv/bin/python resources/brand/make_logo.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 512
TEAL = (22, 128, 122, 255)
LEAF = (126, 200, 80, 255)
WHITE = (255, 255, 255, 255)


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.ellipse((8, 8, SIZE - 8, SIZE - 8), fill=TEAL)
    # A heart: two circles and a triangle.
    r = 78
    cx, cy = SIZE // 2, 226
    pen.ellipse((cx - 2 * r + 8, cy - r, cx + 8, cy + r), fill=WHITE)
    pen.ellipse((cx - 8, cy - r, cx + 2 * r - 8, cy + r), fill=WHITE)
    pen.polygon([(cx - 2 * r + 14, cy + 28), (cx + 2 * r - 14, cy + 28), (cx, cy + 2 * r + 36)], fill=WHITE)
    # A leaf cupping the heart from below.
    pen.chord((96, 300, 416, 470), start=0, end=180, fill=LEAF)
    pen.line((150, 372, 362, 372), fill=TEAL, width=8)
    return image


if __name__ == "__main__":
    logo = draw().resize((256, 256), Image.LANCZOS)
    logo.save(Path(__file__).with_name("logo.png"), optimize=True)
    on_white = Image.new("RGB", logo.size, (255, 255, 255))
    on_white.paste(logo, mask=logo.getchannel("A"))
    on_white.save(Path(__file__).with_name("logo-print.jpg"), quality=92, optimize=True)
