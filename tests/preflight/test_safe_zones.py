"""Safe zones: what a buyer must read sitting under a vertical platform's interface warns,
naming the item and the zone; the same item clear of it does not."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from studio.preflight.checks import check_show
from studio.preflight.plan import ShowPlan
from studio.scene.model import SceneCollection
from studio.settings.platforms import preset_for
from tests.preflight.plans import good_plan

CARD = {
    "kind": "product_card",
    "name": "Card",
    "width_px": 400,
    "height_px": 220,
    "layout": "landscape",
}


def _show(*items: dict[str, Any], width: int = 1080, height: int = 1920) -> SceneCollection:
    return SceneCollection.model_validate(
        {
            "name": "Show",
            "canvases": [
                {"name": "phone", "width": width, "height": height, "fps": 30, "scene": "Main"}
            ],
            "scenes": [{"name": "Main", "items": list(items)}],
        }
    )


def _plan(platform: str, collection: SceneCollection) -> ShowPlan:
    canvas = collection.canvases[0]
    plan = good_plan(preset_for(platform), canvas="phone", width=canvas.width, height=canvas.height)
    return replace(plan, collection=collection)


def _lines(platform: str, *items: dict[str, Any]) -> list[str]:
    return check_show(_plan(platform, _show(*items))).lines()


def test_a_card_under_tiktoks_right_hand_buttons_warns() -> None:
    card = {"source": CARD, "transform": {"x": 680, "y": 900, "width": 400, "height": 220}}
    assert _lines("tiktok", card) == [
        "My TikTok LIVE: warning: the product card 'Card' with its price and QR code sits under "
        "TikTok LIVE's right-hand buttons column (fix: move it towards the middle of the "
        "picture, clear of TikTok LIVE's buttons, comments and bars)"
    ]


def test_the_same_card_centred_does_not_warn() -> None:
    card = {"source": CARD, "transform": {"x": 340, "y": 850, "width": 400, "height": 220}}
    assert _lines("tiktok", card) == []


def test_a_card_without_a_size_in_its_transform_is_measured_at_its_default_size() -> None:
    # The automatic layout stands the default 616×220 card upright on a vertical canvas:
    # 220 wide from x=860 reaches under the buttons (x ≥ 907).
    card = {"source": {"kind": "product_card"}, "transform": {"x": 860, "y": 700}}
    (line,) = _lines("tiktok", card)
    assert "right-hand buttons column" in line
    assert _lines("tiktok", {**card, "transform": {"x": 430, "y": 600}}) == []


def test_prices_flash_deals_and_qr_codes_are_checked_and_other_items_are_not(
    tmp_path: Path,
) -> None:
    qr = tmp_path / "shop-qr.png"
    qr.write_bytes(b"not read by preflight")
    top = {"x": 300, "y": 20, "width": 400, "height": 120}
    items = [
        {
            "source": {"kind": "text", "name": "Price", "text": "Now {product.price}"},
            "transform": top,
        },
        {"source": {"kind": "flash_deal", "name": "Deal"}, "transform": top},
        {"source": {"kind": "image", "path": str(qr)}, "transform": top},
        {"source": {"kind": "text", "name": "Hello", "text": "Welcome!"}, "transform": top},
        {"source": {"kind": "color", "width": 400, "height": 120}, "transform": top},
    ]
    lines = _lines("instagram", *items)
    assert [line.split(" sits under")[0] for line in lines] == [
        "My Instagram Live: warning: the price 'Price'",
        "My Instagram Live: warning: the flash deal price 'Deal'",
        "My Instagram Live: warning: the QR code 'shop-qr.png'",
    ]
    assert all(
        "sits under Instagram Live's top bar (profile, LIVE badge, viewers)" in line
        for line in lines
    )


def test_an_item_under_two_zones_is_one_line_naming_both() -> None:
    corner = {"source": CARD, "transform": {"x": 680, "y": 1600, "width": 400, "height": 220}}
    (line,) = _lines("tiktok", corner)
    assert "sits under TikTok LIVE's right-hand buttons column, comments and bottom bar (" in line


def test_hidden_items_landscape_canvases_and_platforms_without_a_map_say_nothing() -> None:
    under = {"source": CARD, "transform": {"x": 680, "y": 900, "width": 400, "height": 220}}
    assert _lines("tiktok", {**under, "visible": False}) == []
    assert _lines("twitch", under) == [
        "My Twitch: warning: Twitch is made for landscape video; the canvas 'phone' is vertical "
        "(fix: send a landscape canvas to this destination in Settings → Destinations)"
    ]
    landscape = _plan("tiktok", _show(under, width=1920, height=1080))
    assert [p.what for p in check_show(landscape).problems] == [
        "TikTok LIVE is made for vertical video; the canvas 'phone' is landscape"
    ]
