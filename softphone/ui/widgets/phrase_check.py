"""Inline phrase checking for every text an operator writes for a customer.

`PhraseRules` loads the admin's list and compiles it into one PhraseChecker off the GUI thread
(compiling lemmatises every phrase, which needs the morphology dictionary: loading it, or
waiting for the worker that loads it, would stall the window at start), then hands the ready
checker to every `CheckedTextEdit`; the editors underline flagged phrases as the operator types
and show the suggested replacement as a tooltip over the underlined words.

The list is compiled when an editor first needs it (shown, or given text), not at start: the
editors are the wrap-up's notes and the admin's guide editor, which the first screen does not
show, and the phrases' unusual words (diminutives such as «минуточку») take the dictionary's
slowest path: ~7 MB of its mapped pages resident at 3 s for ~30 words (bench startup).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QShowEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from softphone.crm.guide.phrase_checker import Flag, PhraseChecker
from softphone.crm.guide.phrases import PhraseRule, PhraseService
from softphone.ui.tasks import TaskRunner

UNDERLINE = QColor("#c62828")


class PhraseRules(QObject):
    """The current checker, shared: reloaded when an admin saves a new list."""

    changed = Signal(object)  # PhraseChecker

    def __init__(
        self, service: PhraseService | None, runner: TaskRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._service, self._runner = service, runner
        self.checker = PhraseChecker([])  # checks nothing until the first list is compiled
        self._generation = 0  # only the latest request's checker is taken
        self._stale = False  # the database has a list not compiled yet
        self._wanted = False  # an editor has needed the checker

    def reload(self) -> None:
        """The list in the database changed (or the desk started): read and compile it on a
        worker, now if an editor has needed the checker, else when one first does."""
        if self._service is None:
            return
        self._stale = True
        self._generation += 1  # whatever is compiling now is already out of date
        if self._wanted:
            self._load()

    def need(self) -> None:
        """An editor is shown or given text: it wants the checker (cheap when it has it)."""
        self._wanted = True
        if self._stale:
            self._load()

    def _load(self) -> None:
        self._stale = False
        service = self._service
        assert service is not None
        self._compile(lambda: PhraseChecker(service.rules()), "load phrases to avoid")

    def set_rules(self, rules: list[PhraseRule]) -> None:
        """Use this list instead; compiled on a worker, the editors get it when it is ready."""
        rules = list(rules)
        self._stale = False  # this list replaces the database's until the next reload
        self._compile(lambda: PhraseChecker(rules), "compile phrases to avoid")

    def _compile(self, build: Callable[[], PhraseChecker], label: str) -> None:
        self._generation += 1
        generation = self._generation

        def ready(checker: PhraseChecker) -> None:
            if generation == self._generation:  # a later reload may have finished first
                self.set_checker(checker)

        self._runner.run(build, ready, label=label)

    def set_checker(self, checker: PhraseChecker) -> None:
        """Hand a compiled checker to every editor (GUI thread)."""
        self.checker = checker
        self.changed.emit(checker)


class PhraseHighlighter(QSyntaxHighlighter):
    """Wavy red underline under each flagged phrase, block by block as Qt asks."""

    def __init__(self, document: QTextDocument, checker: PhraseChecker) -> None:
        super().__init__(document)
        self._checker = checker
        self._format = QTextCharFormat()
        self._format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        self._format.setUnderlineColor(UNDERLINE)

    def set_checker(self, checker: PhraseChecker) -> None:
        self._checker = checker
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        for flag in self._checker.check(text):
            self.setFormat(flag.start, flag.end - flag.start, self._format)


class CheckedTextEdit(QPlainTextEdit):
    """A plain text field that flags phrases to avoid while the operator types."""

    def __init__(self, rules: PhraseRules | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rules = rules
        self._checker = rules.checker if rules is not None else PhraseChecker([])
        self.setTabChangesFocus(True)  # Tab moves on (keyboard-only work); notes need no tabs
        self.highlighter = PhraseHighlighter(self.document(), self._checker)
        if rules is not None:
            rules.changed.connect(self.set_checker)
            self.textChanged.connect(rules.need)

    def showEvent(self, event: QShowEvent) -> None:
        if self._rules is not None:
            self._rules.need()
        super().showEvent(event)

    def set_checker(self, checker: PhraseChecker) -> None:
        self._checker = checker
        self.highlighter.set_checker(checker)

    def flags(self) -> list[Flag]:
        """Flags over the whole text (offsets into toPlainText())."""
        found: list[Flag] = []
        block = self.document().firstBlock()
        while block.isValid():
            offset = block.position()
            found += [
                Flag(f.start + offset, f.end + offset, f.phrase, f.suggestion)
                for f in self._checker.check(block.text())
            ]
            block = block.next()
        return found

    def tooltip_at(self, position: int) -> str:
        """The advice for the flagged phrase at a text position, "" if none is there."""
        for flag in self.flags():
            if flag.start <= position < flag.end:
                return self.tr("Avoid «{0}». Better: {1}").format(flag.phrase, flag.suggestion)
        return ""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            viewport_pos = self.viewport().mapFromGlobal(event.globalPos())
            text = self.tooltip_at(self.cursorForPosition(viewport_pos).position())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


def underlined_ranges(edit: CheckedTextEdit) -> list[tuple[int, int]]:
    """(start, end) of every span the highlighter underlined, read back from the layout."""
    ranges: list[tuple[int, int]] = []
    block = edit.document().firstBlock()
    while block.isValid():
        layout = block.layout()
        for fmt in layout.formats() if layout is not None else []:
            if fmt.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline:
                start = block.position() + fmt.start
                ranges.append((start, start + fmt.length))
        block = block.next()
    return ranges

