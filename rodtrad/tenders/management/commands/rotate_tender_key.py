"""`rodtrad rotate-tender-key [--check]`: re-wrap every procurement's data key with the current
server key (RODTRAD_TENDER_KEY), so that the previous keys can be removed (docs/security.md).

First every wrapped key is unwrapped with the configured keys; if any cannot be, the command
refuses and changes nothing. Then the keys not wrapped with the current key are re-wrapped, one
transaction per batch. The data keys themselves do not change, so no tender content is
re-encrypted, and running the command again finds everything current.
"""

from __future__ import annotations

from itertools import batched

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from rodtrad.audit.services import record_event
from rodtrad.tenders import crypto
from rodtrad.tenders.models import ProcurementKey

SHOWN_IDS = 10


class Command(BaseCommand):
    help = (
        "Re-wrap every procurement's tender data key with the current server key "
        "(RODTRAD_TENDER_KEY); --check only reports."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only report how many keys are current and how many need re-wrapping.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="Keys re-wrapped per transaction (default 500).",
        )

    def handle(self, *args, check: bool, batch_size: int, **options) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            keys = crypto.server_keys()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None

        current, stale, unreadable = self._survey()
        total = current + len(stale) + len(unreadable)
        if unreadable:
            shown = ", ".join(str(pid) for pid in sorted(unreadable)[:SHOWN_IDS])
            more = f" and {len(unreadable) - SHOWN_IDS} more" if len(unreadable) > SHOWN_IDS else ""
            raise CommandError(
                f"{len(unreadable)} of {total} procurement keys cannot be unwrapped with any of "
                f"the {len(keys)} configured server keys (procurements {shown}{more}). Nothing "
                "was changed. Add the key that wrapped them to RODTRAD_TENDER_KEYS_PREVIOUS and "
                "run the command again."
            )
        if check:
            self.stdout.write(
                f"{total} procurement keys: {current} already wrapped with the current key, "
                f"{len(stale)} to re-wrap."
            )
            return

        rewrapped = 0
        for batch in batched(stale, batch_size):
            done, already = self._rewrap(batch)
            rewrapped += done
            current += already
        record_event(
            action="tender_keys.rotated",
            object_type="tenders.procurementkey",
            data={"rewrapped": rewrapped, "already_current": current, "total": total},
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{total} procurement keys: {rewrapped} re-wrapped with the current key, "
                f"{current} already current."
            )
        )

    def _survey(self) -> tuple[int, list[int], list[int]]:
        """(how many keys are current, ids of keys to re-wrap, procurement ids of keys that no
        configured key unwraps)."""
        current = 0
        stale: list[int] = []
        unreadable: list[int] = []
        rows = ProcurementKey.objects.order_by("pk").values_list(
            "pk", "procurement_id", "wrapped_key"
        )
        for pk, procurement_id, wrapped in rows.iterator(chunk_size=2000):
            try:
                _key, position = crypto.unwrap(procurement_id, bytes(wrapped))
            except (crypto.UnknownServerKey, ValueError):  # ValueError: not a wrapped key
                unreadable.append(procurement_id)
                continue
            if position == 0:
                current += 1
            else:
                stale.append(pk)
        return current, stale, unreadable

    def _rewrap(self, pks: tuple[int, ...]) -> tuple[int, int]:
        """Re-wrap one batch in one transaction: (re-wrapped, found current meanwhile)."""
        with transaction.atomic():
            rows = list(ProcurementKey.objects.select_for_update().filter(pk__in=pks))
            changed = []
            for row in rows:
                try:
                    wrapped = crypto.rewrap(row.procurement_id, bytes(row.wrapped_key))
                except (crypto.UnknownServerKey, ValueError):  # changed since the survey
                    raise CommandError(
                        f"The data key of procurement {row.procurement_id} changed while the "
                        "command ran and no configured key unwraps it now; this batch was not "
                        "changed. Run the command again."
                    ) from None
                if wrapped is not None:
                    row.wrapped_key = wrapped
                    changed.append(row)
            ProcurementKey.objects.bulk_update(changed, ["wrapped_key"])
        return len(changed), len(rows) - len(changed)
