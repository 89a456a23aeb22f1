"""The store settings: old files still load, tokens never reach the file, names match."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from studio.settings import AppSettings, SettingsFile
from studio.settings.store_account import StoreSettings, token_names


def test_a_settings_file_without_a_store_loads_with_none(tmp_path: Path) -> None:
    folder = tmp_path / "config"
    SettingsFile(folder).save(AppSettings())
    document = json.loads((folder / "settings.json").read_text())
    del document["store"]  # as written before the store existed
    (folder / "settings.json").write_text(json.dumps(document))

    store = SettingsFile(folder)

    assert store.load_error is None
    assert store.settings.store == StoreSettings()
    assert not store.settings.store.configured


def test_the_store_round_trips_without_any_token(tmp_path: Path) -> None:
    account = StoreSettings(kind="woocommerce", address="https://shop.example", poll_interval_s=20)
    SettingsFile(tmp_path).save(AppSettings(store=account))
    assert SettingsFile(tmp_path).settings.store == account
    text = (tmp_path / "settings.json").read_text()
    assert "token" not in text and "secret" not in text and "consumer" not in text


def test_problems_are_sentences_and_bad_values_are_refused() -> None:
    assert StoreSettings().problems() == []
    assert StoreSettings(kind="shopify").problems() == ["Store: enter the Shopify shop domain."]
    assert "not a Shopify shop domain" in StoreSettings(kind="shopify", address="a b").problems()[0]
    assert "not a web address" in StoreSettings(kind="woocommerce", address="shop").problems()[0]
    assert StoreSettings(kind="shopify", address="https://My-Shop.myshopify.com/").problems() == []
    with pytest.raises(ValidationError):
        StoreSettings(poll_interval_s=1)
    with pytest.raises(ValidationError):
        StoreSettings.model_validate({"kind": "shopify", "token": "shpat_x"})  # extra=forbid


def test_token_names_are_the_ones_the_connectors_read() -> None:
    assert token_names("shopify", "https://My-Shop.myshopify.com/admin") == {
        "token": "shopify:my-shop"
    }
    assert token_names("woocommerce", "http://127.0.0.1:8080/") == {
        "consumer_key": "woocommerce-key:127.0.0.1:8080",
        "consumer_secret": "woocommerce:127.0.0.1:8080",
    }
    assert token_names("none", "") == {}
