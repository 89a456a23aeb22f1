"""The session draws ``{host.…}`` with the values the host typed into the template's fields."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

import numpy as np
import pytest

from studio.capture.color import ColorSettings
from studio.capture.text import TextSettings, TextSource, text_render_args
from studio.engine.host_values import source_with_host_values, with_host_values
from studio.engine.session import Session
from studio.media import OverlayPicture
from studio.render import text as render
from studio.scene import Canvas, Scene, SceneCollection, SceneItem
from studio.scene.template_info import OpenField, TemplateInfo
from tests.capture.waiting import wait_for

HOST_TEXT = "Live with {host.name} for {host.brand}"
FIELDS = [
    OpenField(id="host.name", label="Your name", type="text", default="Host"),
    OpenField(id="host.brand", label="Brand", type="text", default="Acme"),
    OpenField(id="accent", label="Accent", type="color", targets=["bg.color"]),
]


def show(
    values: dict[str, str] | None = None, *, template: bool = True, text: str = HOST_TEXT
) -> SceneCollection:
    items = [
        SceneItem(id="bg", source=ColorSettings(color="#000000", width=64, height=64)),
        SceneItem(id="host", source=TextSettings(name="Host line", text=text)),
        SceneItem(id="other", source=TextSettings(text="{product.title} {{host.name}}")),
    ]
    info = TemplateInfo(name="Agency", fields=FIELDS, values=values or {})
    canvas = Canvas(name="main", width=320, height=96, fps=Fraction(30), scene="Live")
    return SceneCollection(
        name="t",
        canvases=[canvas],
        scenes=[Scene(name="Live", items=items)],
        template=info if template else None,
    )


def host_text(collection: SceneCollection) -> str:
    settings = collection.scene("Live").item("host").source
    assert isinstance(settings, TextSettings)
    return settings.text


def test_host_values_go_into_the_drawn_copy_only() -> None:
    document = show({"host.name": "Ann"})
    drawn = with_host_values(document)
    assert host_text(drawn) == "Live with Ann for Acme"  # typed, else the field's default
    assert host_text(document) == HOST_TEXT
    live, drawn_live = document.scene("Live"), drawn.scene("Live")
    # Items without host values are the very same: their sources keep running.
    assert drawn_live.item("bg") is live.item("bg")
    assert drawn_live.item("other") is live.item("other")


def test_without_a_template_or_host_values_nothing_changes() -> None:
    plain = show(template=False, text="Live with {host.name}")
    assert with_host_values(plain) is plain
    no_host_fields = plain.model_copy(update={"template": TemplateInfo(name="Agency")})
    assert with_host_values(no_host_fields) is no_host_fields


def test_a_value_goes_in_as_text_never_as_a_placeholder() -> None:
    drawn = with_host_values(show({"host.name": "{product.title} }{"}))
    assert host_text(drawn) == "Live with {{product.title}} }}{{ for Acme"
    settings = source_with_host_values(
        TextSettings(name="{host.name} line", text="x"), {"host.name": "{host.brand}"}
    )
    # A name takes no placeholders: the value goes in as it is, once.
    assert settings.name == "{host.brand} line"


def drawn_text(text: str) -> np.ndarray:
    return render.render_text_image(**text_render_args(TextSettings(text=text)))


def host_source(session: Session) -> TextSource:
    [source] = [s for s in session.sources.sources() if s.display_name == "Host line"]
    assert isinstance(source, TextSource)
    return source


def showing(session: Session, text: str) -> OverlayPicture | None:
    picture = host_source(session).current_picture()
    want = drawn_text(text)
    if isinstance(picture, OverlayPicture) and np.array_equal(picture.bgra, want):
        return picture
    return None


@pytest.fixture
def session() -> Iterator[Session]:
    render.ensure_gui_app()
    session = Session(show({"host.name": "Ann"}))
    session.start(all_canvases=True)
    yield session
    session.stop()


def test_a_session_draws_the_host_values_and_follows_their_change(session: Session) -> None:
    wait_for(lambda: showing(session, "Live with Ann for Acme"))
    assert host_text(session.collection) == HOST_TEXT  # the document as given
    background = [s for s in session.sources.sources() if s.kind == "color"]

    session.update_collection(show({"host.name": "Bea", "host.brand": "Zeta"}))
    wait_for(lambda: showing(session, "Live with Bea for Zeta"))
    assert [s for s in session.sources.sources() if s.kind == "color"] == background
    assert host_text(session.collection) == HOST_TEXT
