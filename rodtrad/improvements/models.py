"""The improvement plan of a contract (DOMAIN.md section 5, phase D): actions the parties agree
on, often taken from a feedback report's improvement areas, each with an owning party, a
responsible person on a contract team, a due date and a status whose history is kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Owner(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    PROVIDER = "provider", _("Provider")
    JOINT = "joint", _("Joint")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class ImprovementAction(models.Model):
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.CASCADE, related_name="improvement_actions"
    )
    description = models.TextField(_("description"))
    owner = models.CharField(_("owning party"), max_length=8, choices=Owner.choices)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    drop_reason = models.TextField(_("reason for dropping"), blank=True)
    criterion = models.ForeignKey(
        "qualitymodels.Criterion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("criterion"),
    )
    # Where the action came from: a feedback report's improvement area. The text is copied, so
    # the action keeps what it answered even if the assessment's text is changed later.
    source_assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source assessment"),
    )
    source_item = models.ForeignKey(
        "assessments.ScopeItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source criterion"),
    )
    source_text = models.TextField(_("improvement area"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("changed"))

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        ordering = ["contract", "due_on", "id"]
        indexes = [
            models.Index(fields=["contract", "status", "due_on"], name="action_contract_status"),
            models.Index(fields=["status", "due_on"], name="action_status_due"),
        ]

    def __str__(self) -> str:
        return self.description[:80]


class ChangeKind(models.TextChoices):
    CREATED = "created", _("Created")
    EDITED = "edited", _("Changed")
    STATUS = "status", _("Status changed")


class ActionChange(models.Model):
    """One entry of an action's history: who changed what when. Status entries carry the status
    before and after (and the reason for dropping); edits carry the fields' old and new values."""

    action = models.ForeignKey(ImprovementAction, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=8, choices=ChangeKind.choices)
    from_status = models.CharField(max_length=12, choices=ActionStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ActionStatus.choices, blank=True)
    reason = models.TextField(blank=True)
    fields = models.JSONField(default=dict, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("action change")
        verbose_name_plural = _("action changes")
        ordering = ["action", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.action_id} at {self.changed_at}"


class OverdueReminder(models.Model):
    """A reminder sent about an overdue action: at most one per action and day."""

    action = models.ForeignKey(
        ImprovementAction, on_delete=models.CASCADE, related_name="reminders"
    )
    sent_on = models.DateField()
    sent_at = models.DateTimeField()
    recipients = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "sent_on"], name="reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"reminder {self.action_id} {self.sent_on}"
