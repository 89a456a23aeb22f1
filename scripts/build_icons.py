"""Draw the app icon (a shopping bag with a play button, as resources/images/liveshop-logo.png)
at 1024 px and write what each platform's package wants:

    resources/icons/liveshop-studio.png   512 px: the window icon and the Linux launcher
    resources/icons/liveshop-studio.ico   16-256 px: the Windows executables
    resources/icons/liveshop-studio.icns  16-1024 px: the macOS app bundle

Run `python scripts/build_icons.py` after changing the drawing; the outputs are committed.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 1024
TOP = (255, 140, 0)  # orange
BOTTOM = (236, 32, 120)  # pink
OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"


def _gradient(width: int, height: int) -> Image.Image:
    strip = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / max(1, height - 1)
        strip.putpixel(
            (0, y), tuple(round(a + (b - a) * t) for a, b in zip(TOP, BOTTOM, strict=True))
        )
    return strip.resize((width, height))


def draw_icon() -> Image.Image:
    scale = 4  # drawn 4x larger, then reduced: smooth edges without an anti-aliasing API
    big = SIZE * scale
    icon = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    u = big / 256  # the logo's coordinates are on a 256 grid

    handle = ImageDraw.Draw(icon)
    handle.arc((80 * u, 32 * u, 176 * u, 128 * u), 180, 360, fill=(*TOP, 255), width=round(14 * u))
    handle.line((87 * u, 80 * u, 87 * u, 92 * u), fill=(*TOP, 255), width=round(14 * u))
    handle.line((169 * u, 80 * u, 169 * u, 92 * u), fill=(*TOP, 255), width=round(14 * u))

    body_box = (round(36 * u), round(84 * u), round(220 * u), round(236 * u))
    mask = Image.new("L", (big, big), 0)
    ImageDraw.Draw(mask).rounded_rectangle(body_box, radius=round(26 * u), fill=255)
    body = _gradient(big, body_box[3] - body_box[1])
    filled = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    filled.paste(body, (0, body_box[1]))
    icon.paste(filled, (0, 0), mask)

    ImageDraw.Draw(icon).polygon(
        [(104 * u, 122 * u), (104 * u, 198 * u), (172 * u, 160 * u)], fill=(255, 255, 255, 255)
    )
    return icon.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    icon = draw_icon()
    icon.resize((512, 512), Image.Resampling.LANCZOS).save(OUT / "liveshop-studio.png")
    icon.save(OUT / "liveshop-studio.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    icon.save(OUT / "liveshop-studio.icns")
    for name in ("liveshop-studio.png", "liveshop-studio.ico", "liveshop-studio.icns"):
        print(f"{OUT / name}: {(OUT / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()
