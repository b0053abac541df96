"""Settings tabs of the agent status: the team's policy (admins) and each operator's own
auto-answer and transfer number (admins set anyone's, an operator their own). Both save to the
shared database with their own button, like the recording policy."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.agent.policy import (
    MAX_WRAP_UP_S,
    AgentPolicy,
    AgentPolicyService,
    Refusal,
    parse_reasons,
)
from softphone.crm.agent.status import AgentService, OperatorOptions
from softphone.crm.operators import OperatorInfo
from softphone.ui.settings.pages import SettingsPage
from softphone.ui.tasks import TaskRunner


class AgentPolicyPage(SettingsPage):
    """Admins: what callers get while an operator is not ready, after-call work, auto-answer
    delay and the break reasons."""

    def __init__(
        self, service: AgentPolicyService, runner: TaskRunner,
        on_saved: Callable[[AgentPolicy], None], parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service, self._runner, self._on_saved = service, runner, on_saved
        self.refusal = QComboBox()
        self.refusal.addItem(self.tr("Busy (486): the PBX tries the next operator"), Refusal.BUSY)
        self.refusal.addItem(self.tr("Temporarily unavailable (480)"), Refusal.UNAVAILABLE)
        self.refusal.addItem(self.tr("Unregister the account"), Refusal.UNREGISTER)
        self.wrap_up = QSpinBox()
        self.wrap_up.setRange(0, MAX_WRAP_UP_S)
        self.wrap_up.setSuffix(self.tr(" s"))
        self.wrap_up.setToolTip(self.tr("0: no after-call work"))
        self.delay = QDoubleSpinBox()
        self.delay.setRange(0.0, 10.0)
        self.delay.setSingleStep(0.5)
        self.delay.setDecimals(1)
        self.delay.setSuffix(self.tr(" s"))
        self.reasons = QPlainTextEdit()
        self.reasons.setPlaceholderText(self.tr("One reason a line"))
        self.save_button = QPushButton(self.tr("Save agent rules"))
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("While not ready:"), self.refusal)
        form.addRow(self.tr("After-call work:"), self.wrap_up)
        form.addRow(self.tr("Auto-answer after:"), self.delay)
        form.addRow(self.tr("Break reasons:"), self.reasons)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        layout.addWidget(self.message)
        self._runner.run(service.policy, self.show_policy, on_failure=self._failed)

    def title(self) -> str:
        return self.tr("Agent status")

    def show_policy(self, policy: AgentPolicy) -> None:
        self.refusal.setCurrentIndex(max(0, self.refusal.findData(policy.refusal)))
        self.wrap_up.setValue(policy.wrap_up_s)
        self.delay.setValue(policy.auto_answer_delay_ms / 1000)
        self.reasons.setPlainText("\n".join(policy.break_reasons))

    def policy(self) -> AgentPolicy:
        return AgentPolicy(Refusal(self.refusal.currentData()), self.wrap_up.value(),
                           round(self.delay.value() * 1000),
                           parse_reasons(self.reasons.toPlainText()))

    def save(self) -> None:
        policy = self.policy()
        self._runner.run(lambda: self._service.set_policy(policy), self._saved,
                         on_failure=self._failed)

    def _saved(self, policy: AgentPolicy) -> None:
        self.show_policy(policy)
        self.message.setText(self.tr("Agent rules saved."))
        self._on_saved(policy)

    def _failed(self, exc: Exception) -> None:
        self.message.setText(str(exc))


class OperatorOptionsPage(SettingsPage):
    """Auto-answer for a headset and the number colleagues transfer callers to."""

    saved = Signal()  # anyone's options were stored
    name_saved = Signal(str)  # one's own name for the script, as stored

    def __init__(
        self, service: AgentService, runner: TaskRunner,
        operators: Callable[[], list[OperatorInfo]], own_id: int,
        on_saved: Callable[[OperatorOptions], None], parent: QWidget | None = None,
        save_own_name: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._service, self._runner, self._own_id = service, runner, own_id
        self._on_saved, self._save_own_name = on_saved, save_own_name
        self._names: dict[int, str] = {}  # operator id -> display name, as listed
        self.operator = QComboBox()
        self.own_name = QLineEdit()  # «Меня зовут …»: only one's own (admins: «Пользователи»)
        self.own_name.setPlaceholderText(self.tr("e.g. Anna"))
        self.own_name.setToolTip(self.tr("Used in the script: «My name is …»"))
        self.auto_answer = QCheckBox(self.tr("Answer calls by themselves (headset)"))
        self.auto_answer.setToolTip(self.tr(
            "Only while Ready and with no other call; a short beep comes first"))
        self.target = QLineEdit()
        self.target.setPlaceholderText(self.tr("104 or sip:anna@pbx.office"))
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Operator:"), self.operator)
        form.addRow(self.tr("Your name in the script:"), self.own_name)
        self._form = form
        form.addRow(self.auto_answer)
        form.addRow(self.tr("Transfers to this operator go to:"), self.target)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.operator.currentIndexChanged.connect(self._load_selected)
        self._runner.run(operators, self._listed, on_failure=self._failed)

    def title(self) -> str:
        return self.tr("Operator")

    def _listed(self, operators: list[OperatorInfo]) -> None:
        self.operator.blockSignals(True)
        for info in operators:
            self.operator.addItem(info.display_name or info.full_name or info.login, info.id)
            self._names[info.id] = info.display_name
        self.operator.setCurrentIndex(max(0, self.operator.findData(self._own_id)))
        self.operator.blockSignals(False)
        self._load_selected()

    def selected_id(self) -> int:
        data = self.operator.currentData()
        return int(data) if data is not None else self._own_id

    def _load_selected(self, *_args: object) -> None:
        operator_id = self.selected_id()
        own = operator_id == self._own_id and self._save_own_name is not None
        self._form.setRowVisible(self.own_name, own)
        self.own_name.setText(self._names.get(operator_id, "") if own else "")
        self._runner.run(lambda: self._service.options(operator_id), self.show_options,
                         on_failure=self._failed)

    def show_options(self, options: OperatorOptions) -> None:
        self.auto_answer.setChecked(options.auto_answer)
        self.target.setText(options.transfer_target)

    def save(self) -> None:
        options = OperatorOptions(self.auto_answer.isChecked(), self.target.text().strip())
        operator_id = self.selected_id()
        save_name, name = self._save_own_name, self.own_name.text()
        if operator_id != self._own_id or name == self._names.get(operator_id, name):
            save_name = None  # unchanged, or not one's own

        def work() -> str | None:
            self._service.set_options(options, operator_id)
            return save_name(name) if save_name is not None else None

        def saved(new_name: str | None) -> None:
            self.message.setText(self.tr("Saved."))
            self.saved.emit()
            if operator_id == self._own_id:
                self._on_saved(options)
            if new_name is not None:
                self._names[operator_id] = new_name
                self.own_name.setText(new_name)
                self.name_saved.emit(new_name)

        self._runner.run(work, saved, on_failure=self._failed)

    def _failed(self, exc: Exception) -> None:
        self.message.setText(str(exc))
