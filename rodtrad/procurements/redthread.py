"""The red-thread check (DOMAIN.md section 6): the research project's advice as checks on a
procurement, each with a severity, the objects concerned and why it matters.

`check(facts)` is a pure function of `Facts`, gathered by `selectors.red_thread_facts` in a
fixed number of queries. Publication is refused while a blocking check fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

BLOCKING, WARNING, ADVICE = "blocking", "warning", "advice"


@dataclass(frozen=True)
class GoalFact:
    code: str
    text: str
    criterion_codes: tuple[str, ...]
    indicator_names: tuple[str, ...]


@dataclass(frozen=True)
class CriterionFact:
    code: str
    name: str
    kind: str
    points: Decimal
    guidance: str
    question: str
    goal_codes: tuple[str, ...]
    amount: Decimal | None


@dataclass(frozen=True)
class RequirementFact:
    code: str
    title: str
    style: str
    minimum_level: str
    follow_up_method: str
    follow_up_frequency: str
    follow_up_responsible: str


@dataclass(frozen=True)
class PanelFact:
    name: str
    role: str
    trained: bool


@dataclass(frozen=True)
class Facts:
    title: str
    reference_number: str
    cpv_codes: tuple[str, ...]
    publication_date: datetime | None
    questions_deadline: datetime | None
    tender_deadline: datetime | None
    now: datetime
    has_model: bool
    goals: tuple[GoalFact, ...]
    criteria: tuple[CriterionFact, ...]
    requirements: tuple[RequirementFact, ...]
    indicator_count: int
    partnership_question: str
    follow_up_description: str
    follow_up_months: int | None
    follow_up_both_parties: bool
    follow_up_baseline: bool
    evaluation_kind: str
    evaluation_problems: tuple[str, ...]
    panel: tuple[PanelFact, ...]
    opener_count: int
    training_offered: bool
    buyer_self_assessed: bool
    simulated_tenders: int
    premium_percent: Decimal | None  # None: not computed (no simulation)
    premium_unlimited: bool
    max_requirements: int
    min_premium_percent: int


@dataclass(frozen=True)
class Problem:
    message: str | Promise
    section: str  # the builder section where it is fixed


@dataclass
class CheckResult:
    number: int  # 0 for completeness, 1–9 as in DOMAIN.md section 6
    code: str
    title: str | Promise
    severity: str
    why: str | Promise
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def blocking(self) -> bool:
        return self.severity == BLOCKING


def _result(number, code, title, severity, why, problems) -> CheckResult:
    return CheckResult(number, code, title, severity, why, list(problems))


def check(facts: Facts) -> list[CheckResult]:
    """Every check, in the order of the advice. Several checks come in two severities (a
    blocking part and a warning part) and are then two results with the same number."""
    results = [*_completeness(facts), *_goals(facts), *_requirements(facts)]
    results += [_guidance(facts), _partnership(facts), *_training(facts), _self_assessment(facts)]
    results += [_results_criteria(facts), *_follow_up(facts), _price(facts)]
    return results


def _completeness(f: Facts) -> list[CheckResult]:
    problems = []
    if not f.title or not f.reference_number:
        problems.append(Problem(_("The title and the reference number are needed."), "basics"))
    if not f.cpv_codes:
        problems.append(Problem(_("Give at least one CPV code."), "basics"))
    if not (f.questions_deadline and f.tender_deadline):
        problems.append(
            Problem(_("Set the last day for questions and the tender deadline."), "basics")
        )
    elif f.tender_deadline <= f.now:
        problems.append(Problem(_("The tender deadline has passed."), "basics"))
    if not f.has_model:
        problems.append(
            Problem(_("Choose the quality model the award criteria come from."), "criteria")
        )
    elif not f.criteria:
        problems.append(Problem(_("Choose at least one award criterion."), "criteria"))
    problems += [Problem(message, "evaluation") for message in f.evaluation_problems]
    if not any(p.role == "panel_chair" for p in f.panel):
        problems.append(Problem(_("Appoint the panel chair."), "team"))
    if not any(p.role == "evaluator" for p in f.panel):
        problems.append(Problem(_("Appoint at least one evaluator."), "team"))
    if f.opener_count < 2:
        problems.append(
            Problem(_("Appoint at least two openers: tenders are opened by two people."), "team")
        )
    return [
        _result(
            0,
            "complete",
            _("The documents are complete"),
            BLOCKING,
            _(
                "Tenderers need the whole picture, and the law needs the timeline, the evaluation "
                "model and two openers fixed before publication."
            ),
            problems,
        )
    ]


def _goals(f: Facts) -> list[CheckResult]:
    blocking, warnings = [], []
    if not f.goals:
        blocking.append(Problem(_("Write the goals the service must achieve."), "goals"))
    for goal in f.goals:
        if not goal.criterion_codes:
            blocking.append(
                Problem(
                    _("Goal %(code)s is not served by any award criterion.") % {"code": goal.code},
                    "goals",
                )
            )
        if not goal.indicator_names:
            warnings.append(
                Problem(
                    _("Goal %(code)s has no follow-up indicator.") % {"code": goal.code},
                    "indicators",
                )
            )
    for criterion in f.criteria:
        if not criterion.goal_codes:
            warnings.append(
                Problem(
                    _("Award criterion %(code)s serves no goal.") % {"code": criterion.code},
                    "criteria",
                )
            )
    why = _(
        "One red thread: what the service must achieve is what the tenders are evaluated on and "
        "what the contract is followed up with."
    )
    return [
        _result(
            1,
            "goals_criteria",
            _("Every goal is served by an award criterion"),
            BLOCKING,
            why,
            blocking,
        ),
        _result(
            1,
            "goals_indicators",
            _("Goals have indicators and criteria serve goals"),
            WARNING,
            why,
            warnings,
        ),
    ]


def _requirements(f: Facts) -> list[CheckResult]:
    missing, count, detailed = [], [], []
    for r in f.requirements:
        gaps = []
        if not r.minimum_level:
            gaps.append(_("the minimum acceptable level"))
        if not (r.follow_up_method and r.follow_up_frequency and r.follow_up_responsible):
            gaps.append(_("how, how often and by whom it is followed up"))
        if gaps:
            missing.append(
                Problem(
                    _("%(code)s %(title)s does not say %(gaps)s.")
                    % {
                        "code": r.code,
                        "title": r.title,
                        "gaps": _(" and ").join(str(g) for g in gaps),
                    },
                    "requirements",
                )
            )
        if r.style == "detailed":
            detailed.append(
                Problem(
                    _("%(code)s %(title)s is detailed; could it be functional?")
                    % {"code": r.code, "title": r.title},
                    "requirements",
                )
            )
    if len(f.requirements) > f.max_requirements:
        count.append(
            Problem(
                _("%(count)s mandatory requirements; your organisation aims at %(limit)s at most.")
                % {"count": len(f.requirements), "limit": f.max_requirements},
                "requirements",
            )
        )
    return [
        _result(
            2,
            "requirements_followed_up",
            _("Every mandatory requirement can be followed up"),
            BLOCKING,
            _(
                "A requirement nobody follows up is a requirement in name only; the minimum level "
                "tells tenderers what is enough."
            ),
            missing,
        ),
        _result(
            2,
            "requirements_few",
            _("Few mandatory requirements"),
            WARNING,
            _(
                "Hundreds of detailed requirements cannot be followed up; quality is evaluated "
                "with the model instead."
            ),
            count,
        ),
        _result(
            2,
            "requirements_functional",
            _("Functional rather than detailed requirements"),
            ADVICE,
            _(
                "Functional requirements leave room for the provider to find better ways of "
                "working."
            ),
            detailed,
        ),
    ]


def _guidance(f: Facts) -> CheckResult:
    problems = []
    for c in f.criteria:
        if not c.guidance:
            problems.append(
                Problem(
                    _("%(code)s %(name)s has no guidance for this service.")
                    % {"code": c.code, "name": c.name},
                    "criteria",
                )
            )
        if not c.question:
            problems.append(
                Problem(
                    _("%(code)s %(name)s puts no question to the tenderers.")
                    % {"code": c.code, "name": c.name},
                    "criteria",
                )
            )
    return _result(
        3,
        "model_worked_in",
        _("The model is worked in, not just attached"),
        BLOCKING,
        _(
            "Guidance written for this service tells tenderers and evaluators what good looks "
            "like here."
        ),
        problems,
    )


def _partnership(f: Facts) -> CheckResult:
    problems = []
    if not f.partnership_question:
        problems.append(
            Problem(_("Ask the tenderers how they propose the partnership be run."), "partnership")
        )
    if not f.follow_up_description:
        problems.append(
            Problem(_("Describe how follow-up will work during the contract."), "partnership")
        )
    return _result(
        4,
        "partnership_early",
        _("The partnership is part of the documents"),
        BLOCKING,
        _(
            "What the documents say shapes the relationship: a partnership planned from the start "
            "is easier to build."
        ),
        problems,
    )


def _training(f: Facts) -> list[CheckResult]:
    untrained = [
        Problem(_("%(name)s has not been trained in the model.") % {"name": p.name}, "team")
        for p in f.panel
        if p.role in ("panel_chair", "evaluator") and not p.trained
    ]
    offered = (
        []
        if f.training_offered
        else [
            Problem(
                _("No training in the model has been offered to potential tenderers."), "training"
            )
        ]
    )
    why = _(
        "Everyone involved must understand the model for it to be used fairly and to help: the "
        "buyer's panel and the tenderers alike."
    )
    return [
        _result(
            5, "panel_trained", _("The panel is trained in the model"), WARNING, why, untrained
        ),
        _result(
            5, "tenderers_trained", _("Training is offered to tenderers"), WARNING, why, offered
        ),
    ]


def _self_assessment(f: Facts) -> CheckResult:
    problems = (
        []
        if f.buyer_self_assessed
        else [
            Problem(
                _("The organisation has no final self-assessment with this model."), "preparation"
            )
        ]
    )
    return _result(
        6,
        "buyer_self_assessed",
        _("The buyer has assessed itself with the model"),
        WARNING,
        _("A partnership built on the model needs a buyer that works with the model itself."),
        problems,
    )


def _results_criteria(f: Facts) -> CheckResult:
    has_results = any(c.kind == "results" for c in f.criteria)
    problems = (
        []
        if has_results or not f.criteria
        else [Problem(_("No result criteria are used in the evaluation."), "criteria")]
    )
    return _result(
        7,
        "results_criteria",
        _("Result criteria in the tender phase"),
        ADVICE,
        _(
            "Results show whether the approaches work; leaving them out is a legitimate choice "
            "for equal treatment of new entrants without history."
        ),
        problems,
    )


def _follow_up(f: Facts) -> list[CheckResult]:
    blocking = (
        []
        if f.follow_up_months
        else [Problem(_("Say how often buyer and provider will follow up."), "partnership")]
    )
    warnings = []
    if not f.follow_up_both_parties:
        warnings.append(
            Problem(
                _("Both the buyer and the provider should be assessed in follow-up."), "partnership"
            )
        )
    if not f.follow_up_baseline:
        warnings.append(
            Problem(
                _("Use the tender's consensus scores as the baseline for progression."),
                "partnership",
            )
        )
    why = _(
        "Progression can only be seen against a baseline, and the buyer co-produces the quality "
        "it buys."
    )
    return [
        _result(
            8, "follow_up_cadence", _("The follow-up plan has a cadence"), BLOCKING, why, blocking
        ),
        _result(
            8,
            "follow_up_both",
            _("Both parties assessed, from the tender baseline"),
            WARNING,
            why,
            warnings,
        ),
    ]


def _price(f: Facts) -> CheckResult:
    problems = []
    if f.premium_unlimited:
        pass
    elif f.simulated_tenders < 2 or f.premium_percent is None:
        problems.append(
            Problem(
                _("Simulate the evaluation model with at least two fictive tenders."), "simulation"
            )
        )
    elif f.premium_percent < f.min_premium_percent:
        problems.append(
            Problem(
                _(
                    "Full quality marks are worth only %(premium)s %% in price against median "
                    "marks; your organisation wants at least %(minimum)s %%."
                )
                % {
                    "premium": f.premium_percent.quantize(Decimal("0.1")),
                    "minimum": f.min_premium_percent,
                },
                "evaluation",
            )
        )
    return _result(
        9,
        "price_does_not_decide",
        _("Price does not silently decide"),
        WARNING,
        _(
            "If a realistic price difference outweighs a clearly better quality, the procurement "
            "is in practice a price competition."
        ),
        problems,
    )
