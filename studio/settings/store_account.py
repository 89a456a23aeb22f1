"""The seller's online store in the app settings: which kind, where, how often to poll.

Only the address lives here. The Shopify Admin access token and the WooCommerce consumer key
and secret go to the keyring (:mod:`studio.settings.secrets`) under the names built by
:func:`token_names`, which are the names the connectors read.
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field

StoreKind = Literal["none", "shopify", "woocommerce"]
STORE_KIND_CHOICES: tuple[StoreKind, ...] = ("none", "shopify", "woocommerce")
STORE_TITLES: dict[StoreKind, str] = {
    "none": "No online store",
    "shopify": "Shopify",
    "woocommerce": "WooCommerce",
}
MIN_POLL_INTERVAL_S = 5  # Shopify's cost budget and a WordPress host both prefer calm polling
MAX_POLL_INTERVAL_S = 3600
SHOPIFY_SHOP = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")  # as the connector checks it


class StoreSettings(BaseModel):
    """``address`` is the Shopify shop domain (``my-shop.myshopify.com``) or the WooCommerce
    site URL (``https://shop.example``). ``api_url`` replaces Shopify's API host (a proxy or a
    local test server); it is not shown in the dialog."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: StoreKind = "none"
    address: str = Field("", max_length=2000)
    poll_interval_s: int = Field(30, ge=MIN_POLL_INTERVAL_S, le=MAX_POLL_INTERVAL_S)
    poll_orders: bool = True
    api_url: str | None = Field(None, max_length=2000)

    @property
    def configured(self) -> bool:
        return self.kind != "none" and bool(self.address.strip())

    @property
    def title(self) -> str:
        return STORE_TITLES[self.kind]

    def problems(self) -> list[str]:
        """What keeps these settings from working (sentences, or [])."""
        address = self.address.strip()
        if self.kind == "none":
            return []
        if not address:
            what = "shop domain" if self.kind == "shopify" else "site address"
            return [f"Store: enter the {self.title} {what}."]
        if self.kind == "shopify" and not SHOPIFY_SHOP.match(shopify_shop(address)):
            return [f"Store: '{address}' is not a Shopify shop domain (my-shop.myshopify.com)."]
        if self.kind == "woocommerce":
            parts = urlsplit(address)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                return [f"Store: '{address}' is not a web address (like https://shop.example)."]
        return []


def shopify_shop(address: str) -> str:
    """``my-shop`` from ``my-shop``, ``my-shop.myshopify.com`` or its https:// address; the
    same reading as the Shopify connector's (which refuses what does not fit)."""
    name = address.strip().lower().removeprefix("https://").removeprefix("http://")
    return name.split("/", 1)[0].removesuffix(".myshopify.com")


def woocommerce_site(address: str) -> str:
    """The host (and port) of a WooCommerce site: what its keyring entries are named after."""
    return urlsplit(address.strip()).netloc or address.strip()


def token_names(kind: StoreKind, address: str) -> dict[str, str]:
    """The keyring token names of a store: role → name. Roles: ``token`` (Shopify),
    ``consumer_key`` and ``consumer_secret`` (WooCommerce)."""
    if kind == "shopify":
        return {"token": f"shopify:{shopify_shop(address)}"}
    if kind == "woocommerce":
        site = woocommerce_site(address)
        return {
            "consumer_key": f"woocommerce-key:{site}",
            "consumer_secret": f"woocommerce:{site}",
        }
    return {}
