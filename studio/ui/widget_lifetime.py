"""Taking widgets out of the window without deleting them under their own feet.

A widget may be what started the change that removes it: a spin box's ``valueChanged`` edits
the document, the document's ``changed`` redraws the form the spin box sits in. Deleting the
spin box there (``QScrollArea.setWidget`` deletes the old widget at once, so does Python
dropping the last reference to a parentless widget) frees it while Qt is still inside its
signal, and the app dies with a segmentation fault. So a widget leaving the window is hidden
now and deleted by the event loop later, once every signal has returned.
"""

from __future__ import annotations

import functools

from PySide6.QtWidgets import QScrollArea, QWidget

# Parentless widgets waiting for their deferred deletion: Python owns those, and dropping the
# last reference would delete them at once, the very thing retire() is there to avoid.
_retiring: dict[int, QWidget] = {}


def retire(widget: QWidget | None) -> None:
    """Hide ``widget`` now and have the event loop delete it once every signal running has
    returned. A widget with a Qt parent stays owned by it until then; a parentless one is held
    here until it is destroyed."""
    if widget is None:
        return
    widget.hide()
    if widget.parent() is None:
        _retiring[id(widget)] = widget
        widget.destroyed.connect(functools.partial(_retiring.pop, id(widget), None))
    widget.deleteLater()


def retiring_count() -> int:
    """Parentless widgets still waiting for deletion (tests check nothing is held forever)."""
    return len(_retiring)


def replace_scroll_widget(scroll: QScrollArea, body: QWidget) -> None:
    """Show ``body`` in ``scroll``; the widget shown before is retired, not deleted at once
    (``QScrollArea.setWidget`` deletes it inside whatever signal led here)."""
    retire(scroll.takeWidget())
    scroll.setWidget(body)
