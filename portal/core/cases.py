"""The case engine: what every case feature with a statutory clock shares (docs/architecture.md, "The case
engine"). DUMAS complaints and WBS reports run on it; PPID requests, gratification reports and
conflict-of-interest declarations are meant to.

A feature declares one `Workflow`:

    WORKFLOW = Workflow(
        states={"diterima": State(_l("Diterima")), "selesai": State(_l("Selesai"), closed=True), ...},
        transitions={"diterima": ("diverifikasi", "ditolak"), "diverifikasi": ("selesai",), "selesai": ()},
        requires={"selesai": (required("answer", "Jawaban wajib diisi."),)},   # guards by target state
        effects={"selesai": (copy_to("answer", "final_answer"),)},             # what entering it sets
        notices={"ditolak": lambda move: ...},                                 # default note for the reporter
        log=write_followup,                                                    # the feature's own trail
        stamps=Stamps(closed="closed_at"),
    )
    move = WORKFLOW.transition(session, case, "selesai", actor, answer="...", public_note="")

`transition()` is the one transition function: it refuses an unknown target or a move the table does not
allow (`DomainError`, labels in the reader's language), runs the checks for every move, then the target's
guards — all before anything changes — then the target's effects, sets the state, stamps the times, runs
the closing effects, and hands the `Move` to the feature's `log` adapter, which writes the follow-up entry in
the feature's own model (and its audit row). The returned `Move` says what the caller needs to tell the
reporter: from and to, the note shown (`notice`) and the entry written.

Deadlines are working days (portal/core/workdays.py: `due_date`, `working_days_left`, `DueWindow`).
`CaseClock` names which due-date column applies in which state and gives, over that one rule, the SQL
expressions for "current due date", "open", "overdue" and "nearly due" and the same rule for a loaded case.

Request-free: values in, model objects out; nothing here commits.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, case
from sqlalchemy.orm import Session

from portal.core import clock
from portal.core.errors import DomainError
from portal.core.workdays import DueWindow, due_date, working_days_left

__all__ = [
    "COMPLAINT_STATE_LABELS", "CaseClock", "DueWindow", "Move", "Stamps", "State", "Workflow", "due_date",
    "max_length", "required", "states", "working_days_left",
]


@dataclass(frozen=True)
class State:
    """One state of a case: its label (a lazy translatable string) and whether the case is closed in it."""

    label: Any
    closed: bool = False


@dataclass
class Move:
    """One transition under way: the case, where from and to, who, when, and the values the caller gave.

    Guards read it and raise `DomainError`; effects and the log adapter read it and write the case.
    `notice` is the note shown to the reporter, `entry` what the log adapter wrote (the follow-up row)."""

    session: Session
    case: Any
    from_state: str
    to_state: str
    actor: Any
    at: datetime  # the moment (UTC, aware)
    day: date  # the office's calendar day of it (PORTAL_TIMEZONE)
    values: dict[str, Any] = field(default_factory=dict)
    closes: bool = False
    notice: str = ""
    entry: Any = None

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value is None else value

    def text(self, name: str) -> str:
        """A text value, stripped ("" when missing)."""
        return (self.values.get(name) or "").strip()


# The states a complaint-like case goes through (DUMAS and WBS share them; each decides which are closed).
COMPLAINT_STATE_LABELS: dict[str, Any] = {
    "diterima": _l("Diterima"),
    "diverifikasi": _l("Diverifikasi"),
    "diproses": _l("Diproses"),
    "selesai": _l("Selesai"),
    "ditolak": _l("Ditolak"),
    "diteruskan": _l("Diteruskan"),
}


def states(labels: Mapping[str, Any], closed: Sequence[str]) -> dict[str, State]:
    """code -> State from code -> label, the codes in `closed` closed (the table order is kept)."""
    unknown = set(closed) - set(labels)
    if unknown:
        raise ValueError(f"closed states not in the labels: {sorted(unknown)}")
    return {code: State(label, closed=code in closed) for code, label in labels.items()}


Guard = Callable[[Move], None]  # raises DomainError when the move is not allowed
Effect = Callable[[Move], None]  # writes the case (after every guard passed)


def required(name: str, message: str) -> Guard:
    """A guard: the text value `name` must not be blank. `message` is a literal DomainError message."""

    def guard(move: Move) -> None:
        if not move.text(name):
            raise DomainError(message)

    return guard


def max_length(name: str, limit: int, message: str) -> Guard:
    """A guard: the text value `name` is at most `limit` characters (`message` may use %(n)s)."""

    def guard(move: Move) -> None:
        if len(move.text(name)) > limit:
            raise DomainError(message, n=limit)

    return guard


@dataclass(frozen=True)
class Stamps:
    """Which attributes the engine stamps on every move: `closed` (set when a move closes the case, cleared
    when one reopens it) and `activity` (every move). `by_day` stores the office's day instead of the
    moment (WBS keeps days only)."""

    closed: str | None = None
    activity: str | None = None
    by_day: bool = False


@dataclass(frozen=True)
class Workflow:
    """A case feature's states and transition table, and the rules and effects of entering each state.

    - `states`: code -> State; `transitions`: from-state -> the states it may move to.
    - `checks`: guards for every move (before the target's own); they may normalise `move.values`.
    - `requires`: target state -> guards, in order (the first broken rule is the message shown).
    - `effects`: target state -> effects run once every guard passed, before the state changes;
      `on_every_move` after it changes (every target); `on_close` after a move into a closed state.
    - `notices`: target state -> the default note for the reporter when the caller gave no `public_note`.
    - `log`: the feature's adapter, `log(move)`: writes the follow-up entry (returned) and the audit row.
    """

    states: Mapping[str, State]
    transitions: Mapping[str, Sequence[str]]
    log: Callable[[Move], Any]
    checks: Sequence[Guard] = ()
    requires: Mapping[str, Sequence[Guard]] = field(default_factory=dict)
    effects: Mapping[str, Sequence[Effect]] = field(default_factory=dict)
    on_every_move: Sequence[Effect] = ()
    on_close: Sequence[Effect] = ()
    notices: Mapping[str, Callable[[Move], str]] = field(default_factory=dict)
    stamps: Stamps = Stamps()
    status_attr: str = "status"

    # --- the states -------------------------------------------------------------------------------------

    @property
    def labels(self) -> dict[str, Any]:
        """code -> label, in table order (the `STATUSES` dict templates and forms use)."""
        return {code: state.label for code, state in self.states.items()}

    @property
    def open_states(self) -> tuple[str, ...]:
        return tuple(code for code, state in self.states.items() if not state.closed)

    @property
    def closed_states(self) -> tuple[str, ...]:
        return tuple(code for code, state in self.states.items() if state.closed)

    def state_of(self, obj: Any) -> str:
        return getattr(obj, self.status_attr)

    def is_open(self, obj: Any) -> bool:
        state = self.states.get(self.state_of(obj))
        return state is not None and not state.closed

    def allowed(self, obj: Any) -> tuple[str, ...]:
        """The states the case may move to now."""
        return tuple(self.transitions.get(self.state_of(obj), ()))

    # --- the one transition function --------------------------------------------------------------------

    def check(self, obj: Any, to_state: str) -> None:
        """Refuse an unknown target or a move the table does not allow (labels in the reader's language)."""
        if to_state not in self.states:
            raise DomainError("Status tujuan tidak dikenal.")
        if to_state not in self.allowed(obj):
            from_state = self.state_of(obj)
            label = self.states[from_state].label if from_state in self.states else from_state
            raise DomainError("Perubahan status dari '%(a)s' ke '%(b)s' tidak diizinkan.",
                              a=label, b=self.states[to_state].label)

    def transition(self, session: Session, obj: Any, to_state: str, actor: Any, *, at: datetime | None = None,
                   **values: Any) -> Move:
        """Move `obj` to `to_state`; raises DomainError (and changes nothing) when a rule is broken."""
        self.check(obj, to_state)
        moment = at or clock.utcnow()
        move = Move(session=session, case=obj, from_state=self.state_of(obj), to_state=to_state, actor=actor,
                    at=moment, day=clock.local_date(moment), values=dict(values),
                    closes=self.states[to_state].closed)
        for guard in (*self.checks, *self.requires.get(to_state, ())):
            guard(move)
        for effect in self.effects.get(to_state, ()):
            effect(move)
        setattr(obj, self.status_attr, to_state)
        self._stamp(move)
        for effect in (*self.on_every_move, *(self.on_close if move.closes else ())):
            effect(move)
        default = self.notices.get(to_state)
        move.notice = move.text("public_note") or (default(move) if default else "")
        move.entry = self.log(move)
        return move

    def _stamp(self, move: Move) -> None:
        value = move.day if self.stamps.by_day else move.at
        if self.stamps.closed:
            setattr(move.case, self.stamps.closed, value if move.closes else None)
        if self.stamps.activity:
            setattr(move.case, self.stamps.activity, value)


@dataclass(frozen=True)
class CaseClock:
    """Which due date applies to a case now: `phases` maps a state to the due-date attribute that applies
    while the case is in it, `default` names the one for every other state. A case is overdue or nearly
    due only while open, and a NULL due date is "no deadline" (portal.core.workdays.DueWindow)."""

    model: type
    workflow: Workflow
    default: str
    phases: Mapping[str, str] = field(default_factory=dict)

    def _column(self, name: str) -> ColumnElement:
        return getattr(self.model, name)

    def current_due(self) -> ColumnElement:
        """The due date that applies now, as an SQL expression."""
        status = self._column(self.workflow.status_attr)
        whens = [(status == state, self._column(attr)) for state, attr in self.phases.items()]
        return case(*whens, else_=self._column(self.default)) if whens else self._column(self.default)

    def open_clause(self) -> ColumnElement[bool]:
        return self._column(self.workflow.status_attr).in_(self.workflow.open_states)

    def overdue(self, window: DueWindow) -> ColumnElement[bool]:
        return window.overdue(self.current_due(), self.open_clause())

    def nearly_due(self, window: DueWindow) -> ColumnElement[bool]:
        return window.nearly_due(self.current_due(), self.open_clause())

    def due_of(self, obj: Any) -> date | None:
        """The due date that applies now to one loaded case (the same rule as `current_due`)."""
        return getattr(obj, self.phases.get(self.workflow.state_of(obj), self.default))

    def state(self, window: DueWindow, obj: Any) -> str:
        """'overdue', 'nearly_due' or '' for one loaded case (the same rule as the SQL conditions)."""
        return window.classify(self.due_of(obj), self.workflow.is_open(obj))

    @staticmethod
    def window(session: Session, nearly_due_days: int, on: date | None = None) -> DueWindow:
        """Today at the office (or `on`) and the last day still counted as nearly due."""
        return DueWindow.build(session, nearly_due_days, on or clock.today())

    @staticmethod
    def days_left(session: Session, due: date | None, on: date | None = None) -> int | None:
        """Working days from `on` (today) to `due`; negative once it has passed, None without a deadline."""
        return working_days_left(session, due, on or clock.today())
