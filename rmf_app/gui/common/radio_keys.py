"""Keyboard answering in a group of radio buttons.

Qt leaves every button of a group in the Tab chain until one is checked, and then keeps the Tab
stop on whichever button was checked last, even after the group is cleared; its arrow keys only
move the focus ring unless the focused button is already checked. Answering a fresh page from
the keyboard then meant tabbing through every option and pressing Space. Here each group has
exactly one Tab stop (the checked button, or the first when none is), and the arrow keys check
the next or previous option, as a click would (so the view's ``idClicked`` handlers run).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QRadioButton

_FORWARD = (Qt.Key.Key_Down, Qt.Key.Key_Right)
_BACK = (Qt.Key.Key_Up, Qt.Key.Key_Left)


class ChoiceButton(QRadioButton):
    """A radio button that hands its key presses to its group's :class:`RadioKeys` first.

    Cheaper than an event filter, which would send every event the button gets (paint, hover,
    layout) through Python: a page of answers has some forty buttons.
    """

    radio_keys: RadioKeys | None = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.radio_keys is None or not self.radio_keys.handles(self, event):
            super().keyPressEvent(event)


class RadioKeys(QObject):
    """Gives ``group`` one Tab stop and arrow keys that choose; keeps itself with the group."""

    def __init__(self, group: QButtonGroup) -> None:
        super().__init__(group)
        self.group = group
        for button in group.buttons():
            if not isinstance(button, ChoiceButton):
                raise TypeError("RadioKeys needs a group of ChoiceButtons")
            button.radio_keys = self
        group.buttonToggled.connect(self.update_tab_stop)
        self.update_tab_stop()

    def _usable(self) -> list[QAbstractButton]:
        return [b for b in self.group.buttons() if b.isEnabled() and not b.isHidden()]

    def tab_stop(self) -> QAbstractButton | None:
        """The button Tab lands on: the checked one, or the first one that can be used."""
        checked = self.group.checkedButton()
        if checked is not None:
            return checked
        usable = self._usable()
        return usable[0] if usable else (self.group.buttons() or [None])[0]

    def update_tab_stop(self, *_: object) -> None:
        stop = self.tab_stop()
        for button in self.group.buttons():
            policy = button.focusPolicy()
            if button is stop:
                policy = Qt.FocusPolicy(policy | Qt.FocusPolicy.TabFocus)
            else:
                policy = Qt.FocusPolicy(policy & ~Qt.FocusPolicy.TabFocus)
            if policy != button.focusPolicy():
                button.setFocusPolicy(policy)

    def handles(self, watched: QAbstractButton, event: QKeyEvent) -> bool:
        """Whether the key press ``event`` at ``watched`` was an arrow key handled here."""
        key = event.key()
        if key not in _FORWARD and key not in _BACK:
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        usable = self._usable()
        if watched not in usable:
            return False
        step = 1 if key in _FORWARD else -1
        index = usable.index(watched) + step
        if 0 <= index < len(usable):
            candidate = usable[index]
            candidate.setFocus(
                Qt.FocusReason.TabFocusReason if step > 0 else Qt.FocusReason.BacktabFocusReason
            )
            if not candidate.isChecked():
                candidate.click()  # as a click: the view records the answer
        return True  # at either end: stay (never wander into the next group)
