"""Tenders (DOMAIN.md sections 5 and 8): sealed until the opening, opened by two people,
qualified against the mandatory requirements.

Every piece of tender content (prices, answers, declarations, contact, file names and files) is
stored sealed (crypto.py). What stays readable in the database is only what the system needs to
enforce the rules: which organisation has a tender, its status and the submission times and
receipt hashes. The app never shows any of it to the buyer before the opening.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcurementKey(models.Model):
    """The procurement's data key, wrapped with the server key."""

    procurement = models.OneToOneField(
        "procurements.Procurement", on_delete=models.PROTECT, related_name="tender_key"
    )
    wrapped_key = models.BinaryField()
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"key of procurement {self.procurement_id}"


class TenderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft, not submitted")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Source(models.TextChoices):
    RODTRAD = "rodtrad", _("Submitted in rodtrad")
    EXTERNAL = "external", _("Received through another e-procurement system")


class Tender(models.Model):
    """One provider organisation's tender for a procurement (for one or several lots)."""

    procurement = models.ForeignKey(
        "procurements.Procurement", on_delete=models.PROTECT, related_name="tenders"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="tenders"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    status = models.CharField(
        max_length=16, choices=TenderStatus.choices, default=TenderStatus.DRAFT
    )
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.RODTRAD)
    sealed_draft = models.BinaryField()
    draft_revision = models.PositiveIntegerField(default=0)
    draft_updated_at = models.DateTimeField()
    # Who saved last: a newer revision saved by the same person (their own as-you-type saves
    # racing a plain Save) is not a conflict; one saved by a colleague is.
    draft_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tender")
        verbose_name_plural = _("tenders")
        ordering = ["procurement", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "organisation"], name="tender_one_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"tender {self.pk}"


class Submission(models.Model):
    """A submitted version of a tender: immutable. The latest one counts; all are kept."""

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="submissions")
    number = models.PositiveIntegerField()
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sealed_content = models.BinaryField()
    receipt_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("submitted tender version")
        ordering = ["tender", "number"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "number"], name="submission_unique_number")
        ]

    def __str__(self) -> str:
        return f"submission {self.tender_id}.{self.number}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("A submitted tender version cannot be changed.")
        super().save(*args, **kwargs)


class Attachment(models.Model):
    """A file of a tender, sealed on disk. `purpose` and `ref` say what it belongs to (an award
    criterion's answer, a mandatory requirement's evidence, or the tender as a whole)."""

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="attachments")
    purpose = models.CharField(
        max_length=16
    )  # "criterion", "requirement", "tender", "clarification"
    ref = models.PositiveIntegerField(null=True, blank=True)
    sealed_name = models.BinaryField()
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=80, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)  # from the draft; kept if submitted

    class Meta:
        ordering = ["tender", "id"]

    def __str__(self) -> str:
        return f"attachment {self.pk}"


class LateAttempt(models.Model):
    """Someone tried to submit, replace or withdraw after the deadline: refused and recorded."""

    procurement = models.ForeignKey(
        "procurements.Procurement", on_delete=models.PROTECT, related_name="late_attempts"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=16)
    attempted_at = models.DateTimeField()

    class Meta:
        ordering = ["procurement", "attempted_at"]

    def __str__(self) -> str:
        return f"late {self.action} {self.attempted_at:%Y-%m-%d %H:%M:%S}"


class Opening(models.Model):
    """The opening (anbudsöppning, LOU 12 kap. 10 §): started by one appointed opener, confirmed
    by another; only then is anything about the tenders revealed."""

    procurement = models.OneToOneField(
        "procurements.Procurement", on_delete=models.PROTECT, related_name="opening"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    record = models.JSONField(default=dict, blank=True)
    record_pdf = models.BinaryField(null=True, blank=True)
    record_sha256 = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"opening of procurement {self.procurement_id}"

    @property
    def is_complete(self) -> bool:
        return self.confirmed_at is not None


class Decision(models.TextChoices):
    FULFILLED = "fulfilled", _("Fulfilled")
    NOT_FULFILLED = "not_fulfilled", _("Not fulfilled")


class RequirementCheck(models.Model):
    """The procurement officer's assessment of one mandatory requirement in one tender."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="requirement_checks")
    requirement = models.ForeignKey(
        "procurements.Requirement", on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=16, choices=Decision.choices)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "requirement"], name="requirementcheck_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tender_id}/{self.requirement_id}: {self.decision}"


class Clarification(models.Model):
    """A request to a tenderer to clarify or complete evidence – never to change the offer – and
    the reply, which is attached to the tender as a clarification."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="clarifications")
    requirement = models.ForeignKey(
        "procurements.Requirement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    about_price = models.BooleanField(default=False)  # an explanation of an abnormally low price
    question = models.TextField()
    deadline = models.DateTimeField()
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField()
    sealed_reply = models.BinaryField(null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["tender", "asked_at", "id"]

    def __str__(self) -> str:
        return f"clarification {self.pk}"


class QualificationOutcome(models.TextChoices):
    QUALIFIED = "qualified", _("Qualified")
    DISQUALIFIED = "disqualified", _("Disqualified")
    REJECTED_LOW_PRICE = "rejected_low_price", _("Rejected: abnormally low price")


class Qualification(models.Model):
    """The outcome for one tender once every requirement is assessed (or the price rejected)."""

    tender = models.OneToOneField(Tender, on_delete=models.CASCADE, related_name="qualification")
    outcome = models.CharField(max_length=24, choices=QualificationOutcome.choices)
    reasons = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.tender_id}: {self.outcome}"


class OpenedTender(models.Model):
    """A tender as opened: the submitted version that counts. Only these are tenders from the
    opening on; a draft never submitted or a withdrawn tender is not."""

    opening = models.ForeignKey(Opening, on_delete=models.PROTECT, related_name="opened")
    tender = models.OneToOneField(Tender, on_delete=models.PROTECT, related_name="opened")
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["opening", "position"]

    def __str__(self) -> str:
        return f"opened tender {self.position}"
