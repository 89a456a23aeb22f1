"""The product card lays itself out for any size: the buy line is always whole, every text
stays inside the card, and the buy line is what the comment-to-buy parser accepts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from studio.capture.buy_line import buy_line, example_variant
from studio.capture.image import decode_image
from studio.capture.shop_overlay_base import box_scale, style_of
from studio.capture.shop_overlays import ProductCardSettings
from studio.chat.claims import ClaimParser
from studio.render import text as render_text
from studio.render.card_layout import MIN_FONT_PX, CardLayout, CardText
from studio.render.shop_overlays import CHIP_TEXT, CardContent, render_product_card
from studio.resources import resources_dir
from studio.shop import Catalog, Product
from studio.shop.importing import import_file
from studio.shop.money_format import format_money
from studio.show.comment_to_buy import resolve_variant

SAMPLE = resources_dir() / "catalog" / "sample.json"
HOSTILE_TITLES = {
    "long": "Ultra " * 50,  # 300 characters
    "rtl": "قميص قطني كلاسيكي بأكمام طويلة ولون أحمر داكن مناسب لكل المواسم",
    "emoji": "🔥🔥 Limited 🧥 Hoodie 💯💯 " * 4,
    "no_spaces": "X" * 300,
}
DEFAULT = (ProductCardSettings().width_px, ProductCardSettings().height_px)
SIZES = {"default": DEFAULT, "small": (300, 100), "wide": (1000, 150), "tall": (320, 640)}


@pytest.fixture(scope="module", autouse=True)
def gui_app() -> None:
    render_text.ensure_gui_app()


@pytest.fixture(scope="module")
def products(tmp_path_factory: pytest.TempPathFactory) -> list[Product]:
    catalog = Catalog.open(folder=tmp_path_factory.mktemp("catalog"))
    import_file(SAMPLE, catalog)
    return list(catalog.products())


def content_of(product: Product, size: tuple[int, int], title: str | None = None) -> CardContent:
    settings = ProductCardSettings()
    line = buy_line(settings.code_prompt, product)
    assert line is not None
    compare = product.compare_at_price
    text = CardText(
        title=title or product.title,
        price=format_money(product.price, "en_US"),
        compare_at_price=format_money(compare, "en_US") if compare else None,
        stock_note=f"Only {product.stock} left" if 0 < product.stock <= 5 else None,
        buy_lead=line.lead,
        buy_codes=line.codes,
        buy_tail=line.tail,
    )
    return CardContent(
        text,
        sold_out=product.stock == 0,
        qr_text=product.url or None,
        layout="vertical" if size[1] > size[0] else "landscape",
    )


def card(product: Product, size: tuple[int, int], title: str | None = None) -> tuple[
    CardContent, np.ndarray, CardLayout
]:  # fmt: skip
    settings = ProductCardSettings()
    natural = DEFAULT if size[0] >= size[1] else DEFAULT[::-1]
    style = style_of(settings, box_scale(size, natural))
    image = decode_image(Path(product.image)) if product.image else None
    content = content_of(product, size, title)
    raster = render_product_card(content, style, *size, image)
    assert raster.bgra.shape[:2] == (size[1], size[0])
    return content, raster.bgra, raster.layout


def chip_text_columns(bgra: np.ndarray, layout: CardLayout) -> tuple[int, int]:
    """The first and last column of dark text pixels inside the buy line's chip."""
    assert layout.chip is not None
    chip = layout.chip
    # Its middle rows, two columns in from its rounded ends (where the card shows through).
    top, bottom = int(chip.y + chip.height * 0.3), int(chip.y + chip.height * 0.7)
    left, right = int(chip.x) + 2, int(np.ceil(chip.right)) - 2
    region = bgra[top:bottom, left:right, :3].astype(int)
    dark = int(CHIP_TEXT[5:7], 16), int(CHIP_TEXT[3:5], 16), int(CHIP_TEXT[1:3], 16)
    text = (np.abs(region - np.array(dark)).max(axis=2) < 90).any(axis=0)
    columns = np.nonzero(text)[0]
    assert columns.size, "no text drawn in the buy line's chip"
    return left + int(columns[0]), left + int(columns[-1])


def assert_whole(content: CardContent, bgra: np.ndarray, layout: CardLayout) -> None:
    height, width = bgra.shape[:2]
    for run in layout.runs:
        assert run.box.inside(width, height), (run.role, run.text, run.box)
    if content.sold_out:
        return
    # The buy line: one of the whole forms offered, never a cut one.
    assert layout.buy_code in content.text.buy_codes, layout.buy_code
    [code_run] = layout.runs_of("buy_code")
    assert layout.chip is not None and layout.chip.inside(width, height)
    # Pixels: the code's ink spans the width the font gives it, inside the chip.
    first, last = chip_text_columns(bgra, layout)
    assert first >= code_run.box.x - 1 and last <= code_run.box.right + 1
    assert last - first >= code_run.box.width * 0.85, (first, last, code_run.box)
    # No text is clipped at the card's edges: the outer ring is background only.
    ring = np.concatenate([bgra[0], bgra[-1], bgra[:, 0], bgra[:, -1]])
    background = np.array([0x24, 0x1E, 0x1E])  # #1E1E24 as B, G, R (premultiplied, dimmer)
    opaque = ring[ring[:, 3] > 200, :3].astype(int)
    assert (np.abs(opaque - background * 0xE6 // 255).max(axis=1) < 30).all()


@pytest.mark.parametrize("size_name", list(SIZES))
def test_every_sample_product_fits_whole(products: list[Product], size_name: str) -> None:
    size = SIZES[size_name]
    for product in products:
        content, bgra, layout = card(product, size)
        assert_whole(content, bgra, layout)
        if size_name == "default":  # the default card shows everything, unshrunk below min
            assert not layout.title_elided, product.title
            assert layout.within_minimum
            assert layout.dropped == (), (product.title, layout.dropped)
            if not content.sold_out:
                assert layout.buy_code == content.text.buy_codes[0]
                assert layout.runs_of("buy_lead"), "the default card keeps 'Comment'"


@pytest.mark.parametrize("size_name", list(SIZES))
@pytest.mark.parametrize("title_name", list(HOSTILE_TITLES))
def test_a_hostile_title_never_pushes_the_buy_line_out(
    products: list[Product], size_name: str, title_name: str
) -> None:
    hoodie = products[0]
    content, bgra, layout = card(hoodie, SIZES[size_name], HOSTILE_TITLES[title_name])
    assert_whole(content, bgra, layout)
    assert layout.runs_of("price")[0].text == "$49.00"
    assert len(layout.runs_of("title")) <= 3


def test_a_tiny_card_drops_words_before_it_cuts_one(products: list[Product]) -> None:
    hoodie = products[0]
    content, bgra, layout = card(hoodie, (180, 60))
    assert_whole(content, bgra, layout)
    assert layout.buy_code in ("SOLD 1 RED M", "SOLD 1")
    assert "…" not in layout.buy_code
    assert all(r.font_px >= MIN_FONT_PX for r in layout.runs_of("buy_code"))


def test_the_buy_line_fed_back_to_the_parser_claims_that_product_and_variant(
    products: list[Product],
) -> None:
    for product in products:
        line = buy_line(ProductCardSettings().code_prompt, product)
        assert line is not None and product.code
        # Built as comment-to-buy builds it: the show's codes with the catalog's options.
        options: list[str] = []
        for variant in product.variants:
            options += [v for v in variant.options.values() if v] + [variant.sku]
        parser = ClaimParser({p.code: [] for p in products if p.code} | {product.code: options})
        for typed in line.codes:
            claim = parser.parse(typed)
            assert claim is not None, typed
            assert claim.code == product.code and claim.quantity == 1
        variant = example_variant(product)
        full = parser.parse(line.codes[0])
        assert full is not None
        wanted = variant.sku if variant is not None else None
        assert resolve_variant(product, full.variant_options) == wanted, line.codes[0]
    hoodie = products[0]
    line = buy_line("Comment SOLD {code}", hoodie)
    assert line == type(line)("Comment", ("SOLD 1 RED M", "SOLD 1"))
    # What the card shows at its default size is that same line.
    _, _, layout = card(hoodie, DEFAULT)
    assert layout.buy_code == "SOLD 1 RED M"
    assert [r.text for r in layout.runs_of("buy_lead")] == ["Comment"]


def test_a_multi_word_option_is_named_as_the_parser_reads_it() -> None:
    """ "Navy Blue" is offered only if the parser reads it as that variant; else the SKU."""
    from studio.shop import Money
    from studio.shop.model import Variant

    product = Product(
        title="Tee", price=Money.of("10", "USD"), code="9",
        variants=[Variant(sku="TEE-NB", options={"Colour": "Navy Blue"}, stock=3),
                  Variant(sku="TEE-B", options={"Colour": "Blue"}, stock=3)],
    )  # fmt: skip
    line = buy_line("Comment SOLD {code} to buy", product)
    assert line is not None
    assert line.codes[0] in ("SOLD 9 NAVY BLUE", "SOLD 9 TEE-NB") and line.codes[1] == "SOLD 9"
    assert line.tail == "to buy"
    claim = ClaimParser({"9": ["Navy Blue", "TEE-NB", "Blue", "TEE-B"]}).parse(line.codes[0])
    assert claim is not None
    assert resolve_variant(product, claim.variant_options) == "TEE-NB"
