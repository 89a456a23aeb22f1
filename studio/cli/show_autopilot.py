"""`studio stream --show RUN_OF_SHOW`: the live shop and its autopilot for a headless show,
and its end-of-show report when the show recorded sales."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from studio.capture.base import Services
from studio.clock import MonotonicClock
from studio.scene.model import SceneCollection
from studio.shop.autopilot import Autopilot
from studio.shop.catalog import Catalog
from studio.shop.database import ShopDatabaseError
from studio.shop.ledger import Ledger
from studio.shop.live import ShopLive
from studio.shop.report import ReportFiles, write_show_report
from studio.shop.run_of_show import RunOfShowError, load_run_of_show, resolve_products


class ShowPlanError(ValueError):
    """The show cannot start (bad run of show, catalog, or no product card in the scene)."""


@dataclass
class ShowPlan:
    shop: ShopLive
    autopilot: Autopilot
    catalog: Catalog
    ledger: Ledger
    show_id: int

    def services(self) -> Services:
        return Services(shop=self.shop)

    def has_sales(self) -> bool:
        """Whether anything reached the show's ledger (sales, claims, store orders written
        by another process such as `studio catalog sync --show`)."""
        return bool(self.ledger.entries(self.show_id))

    def write_report(self, parent: Path) -> ReportFiles | None:
        """The end-of-show report in a new folder of ``parent`` (named after the show and its
        date, never overwriting an earlier one); None when the show recorded no sales.
        Raises OSError when ``parent`` cannot be written."""
        if not self.has_sales():
            return None
        return write_show_report(self.ledger, self.show_id, parent)

    def close(self) -> None:
        self.autopilot.stop()
        self.catalog.close()


def platform_of(url: str) -> str:
    """The platform a destination URL belongs to ("youtube"…), from the ingest servers in
    the platform presets; "custom" for any other server."""
    from studio.settings.platforms import platform_presets

    host = (urlsplit(url).hostname or "").lower()
    for preset in platform_presets().values():
        for server in preset.servers:
            server_host = (urlsplit(server.url).hostname or "").lower()
            domain = ".".join(server_host.split(".")[-2:])
            if domain and (host == domain or host.endswith("." + domain)):
                return str(preset.id)
    return "custom"


def has_product_card(collection: SceneCollection) -> bool:
    return any(
        getattr(item.source, "kind", None) == "product_card"
        for scene in collection.scenes
        for item in scene.items
    )


def plan_show(
    run_path: Path,
    catalog_path: Path | None,
    collection: SceneCollection,
    targets: list[tuple[str, str | None, str]],
) -> ShowPlan:
    """Load the run of show against the catalog, start a ledger show named after it, and tell
    the shop each canvas's size and destination platform (``targets``: kind, canvas, URL)."""
    if not has_product_card(collection):
        raise ShowPlanError(
            "--show needs a product_card item in the scene to show the featured product"
        )
    try:
        run = load_run_of_show(run_path)
    except RunOfShowError as error:
        raise ShowPlanError(str(error)) from None
    try:
        catalog = Catalog.open(catalog_path)
    except (ShopDatabaseError, OSError) as error:
        raise ShowPlanError(f"cannot open the catalog: {error}") from None
    try:
        lineup = resolve_products(run, catalog, run_path)
        first = catalog.get(lineup[0])
        assert first is not None
        ledger = Ledger(catalog)
        show = ledger.start_show(run.name or run_path.stem, first.price.currency)
    except RunOfShowError as error:
        catalog.close()
        raise ShowPlanError(str(error)) from None
    except Exception:
        catalog.close()
        raise
    shop = ShopLive(catalog, ledger, show.id, clock=MonotonicClock())
    first_canvas = collection.canvases[0].name
    for canvas in collection.canvases:
        shop.set_canvas(canvas.name, canvas.width, canvas.height)
    for kind, canvas_name, url in targets:
        if kind == "stream":
            shop.set_platform(canvas_name or first_canvas, platform_of(url))
    shop.set_lineup(lineup)
    return ShowPlan(shop, Autopilot(shop, run), catalog, ledger, show.id)


def report_parent(recordings: list[str], settings_folder: Path | None = None) -> Path:
    """Where a headless show's report goes: beside its first recording, else the recordings
    folder of the app settings (where the desktop app writes it)."""
    if recordings:
        return Path(recordings[0]).expanduser().resolve().parent
    from studio.settings.settings_file import SettingsFile

    return SettingsFile(settings_folder).settings.recording.folder
