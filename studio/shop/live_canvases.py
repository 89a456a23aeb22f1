"""The canvases the overlays draw on: their aspect, and the platform their links are tagged for."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from studio.shop.live_core import LiveCore
from studio.shop.model import Product


@dataclass(frozen=True, slots=True)
class CanvasTarget:
    """What the overlays need to know about a canvas: its aspect and where it streams to."""

    width: int
    height: int
    platform: str = ""  # utm_source of links shown on this canvas ("youtube", "tiktok"…)

    @property
    def vertical(self) -> bool:
        return self.height > self.width


def utm_url(url: str, platform: str, campaign: str) -> str:
    """``url`` with ``utm_source=<platform>&utm_medium=live&utm_campaign=<campaign>`` (any
    UTM tags it already had are replaced; its other query parameters are kept)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query = [(k, v) for k, v in query if k not in ("utm_source", "utm_medium", "utm_campaign")]
    tags = [("utm_source", platform or "direct"), ("utm_medium", "live")]
    if campaign:
        tags.append(("utm_campaign", campaign))
    return urlunsplit(parts._replace(query=urlencode(query + tags)))


class CanvasLinks(LiveCore):
    """Each canvas's size and platform, and product links tagged for them."""

    _canvases: dict[str, CanvasTarget]

    # -- canvases and links --------------------------------------------------------------
    def set_canvas(self, name: str, width: int, height: int, platform: str | None = None) -> None:
        """Tell the overlays a canvas's size (for the automatic layout) and, optionally, the
        platform it streams to (for UTM tags)."""
        with self._lock:
            current = self._canvases.get(name)
            keep = current.platform if current is not None else ""
            target = CanvasTarget(width, height, keep if platform is None else platform)
            if target == current:
                return
            self._canvases[name] = target
            version = self._bump()
        self._notify(version)

    def set_platform(self, canvas: str, platform: str) -> None:
        with self._lock:
            current = self._canvases.get(canvas, CanvasTarget(0, 0))
            self._canvases[canvas] = replace(current, platform=platform)
            version = self._bump()
        self._notify(version)

    def canvas(self, name: str | None) -> CanvasTarget | None:
        """The named canvas, or the first one told about when ``name`` is None."""
        with self._lock:
            if name is None:
                return next(iter(self._canvases.values()), None)
            return self._canvases.get(name)

    def product_url(self, product: Product, canvas: str | None = None) -> str | None:
        """The product's link tagged for the canvas's platform; None without a link."""
        if not product.url:
            return None
        target = self.canvas(canvas)
        return utm_url(product.url, target.platform if target else "", self.campaign)
