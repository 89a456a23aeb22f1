"""Toasts show their whole text, however long, and a repeated or keyed message replaces the
one on screen instead of stacking."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from studio.ui.notifier import Notifier, ToastArea

LONG = (
    "Local: the server 127.0.0.1:1935 closed the connection (Broken pipe; the stream key was "
    "refused by the platform, check it in Settings → Destinations). Retrying in 4.5 s "
    "(attempt 3 of 25). The recording goes on in "
    "/home/host/Videos/LiveShop/recordings/show-2024-05-01_20-00-00-a-very-long-folder-name."
)


def make_area(qtbot, width: int = 700):  # type: ignore[no-untyped-def]
    parent = QWidget()
    parent.resize(width, 500)
    qtbot.addWidget(parent)
    notifier = Notifier()
    area = ToastArea(notifier, parent)
    parent.show()
    qtbot.waitExposed(parent)
    return notifier, area, parent  # the caller keeps the parent (and so the area) alive


def test_a_long_message_is_shown_whole(qtbot) -> None:  # type: ignore[no-untyped-def]
    notifier, area, _parent = make_area(qtbot)
    notifier.notify("Short one first.")
    notifier.notify(LONG)
    qtbot.waitUntil(lambda: len(area.toasts()) == 2, timeout=2000)
    qtbot.wait(50)
    for toast in area.toasts():
        label = toast.label
        needed = label.heightForWidth(label.width())
        assert label.height() >= needed, (label.height(), needed, label.text()[:30])
        assert label.minimumSizeHint().width() <= label.width()  # long paths wrap too
        bottom = toast.mapTo(area, toast.rect().bottomRight())
        assert bottom.y() < area.height() and bottom.x() < area.width()
    assert area.geometry().right() <= area.parentWidget().width()
    assert area.toasts()[1].label.height() > 3 * area.toasts()[1].label.fontMetrics().height()


def test_repeated_and_keyed_messages_replace_each_other(qtbot) -> None:  # type: ignore[no-untyped-def]
    notifier, area, _parent = make_area(qtbot)
    for _ in range(5):
        notifier.notify("The camera is busy.")
    for attempt in range(1, 4):
        notifier.notify(f"Local: refused (attempt {attempt} of 25)", key="output:Local")
    qtbot.wait(100)
    assert area.messages() == ["The camera is busy.", "Local: refused (attempt 3 of 25)"]


def test_messages_are_plain_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    notifier, area, _parent = make_area(qtbot)
    notifier.notify("<b>buyer</b> <img src=x>")
    qtbot.waitUntil(lambda: len(area.toasts()) == 1, timeout=2000)
    assert area.toasts()[0].label.text() == "<b>buyer</b> <img src=x>"
    assert area.toasts()[0].label.textFormat().name == "PlainText"
