"""Collect the Alt+letter mnemonics a user can reach in a window, to find clashes."""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenuBar, QTabBar, QWidget

_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    """The letter after a single '&' ('&&' is a literal ampersand), lower-cased."""
    m = _MNEMONIC.search(text.replace("&&", ""))
    return m.group(1).lower() if m else None


def reachable_mnemonics(window: QWidget) -> dict[str, list[str]]:
    """letter -> the texts of the visible controls in ``window`` (and its menu bar) that use it.

    Qt activates a mnemonic only on widgets that are visible in the active window, so hidden
    pages (other tabs, other stack pages) do not count.
    """
    found: dict[str, list[str]] = defaultdict(list)

    def add(text: str, where: str) -> None:
        letter = mnemonic(text)
        if letter:
            found[letter].append(f"{where}: {text}")

    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window):
            continue
        if isinstance(w, QAbstractButton):
            add(w.text(), type(w).__name__)
        elif isinstance(w, QLabel) and w.buddy() is not None:
            add(w.text(), "QLabel")
        elif isinstance(w, QGroupBox):
            add(w.title(), "QGroupBox")
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                add(w.tabText(i), "tab")
        elif isinstance(w, QMenuBar):
            for a in w.actions():
                add(a.text(), "menu")
    return found


def clashes(window: QWidget) -> dict[str, list[str]]:
    return {k: v for k, v in reachable_mnemonics(window).items() if len(v) > 1}
