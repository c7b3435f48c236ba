"""Exports of the demo procurement (Ekbacken, with its contract and two years of follow-up):
the OCDS package, the procurement archive and the spreadsheets, with their sizes."""

from __future__ import annotations

import json

from bench.harness import scenario, timed


def _demo():
    from django.core.management import call_command

    from rodtrad.accounts.actor import Actor
    from rodtrad.accounts.models import User
    from rodtrad.contracts.models import Contract

    call_command("demo", verbosity=0)
    contract = Contract.objects.select_related("procurement").get()
    officer = Actor.for_user(User.objects.get(email="anna.upphandlare@ekdala.demo"))
    manager = Actor.for_user(User.objects.get(email="eva.avtal@ekdala.demo"))
    return contract, officer, manager


@scenario("exports of the demo procurement")
def demo_exports() -> dict:
    from rodtrad.archive.builder import build_archive
    from rodtrad.award import exports as award_exports
    from rodtrad.improvements import exports as action_exports
    from rodtrad.indicators import exports as indicator_exports
    from rodtrad.ocds.package import build_package

    contract, officer, manager = _demo()
    procurement = contract.procurement
    results: dict[str, dict] = {}

    package = json.dumps(build_package(procurement), ensure_ascii=False).encode()
    results["ocds_package"] = {"bytes": len(package), **timed(lambda: build_package(procurement))}

    archive = build_archive(procurement, exported_by="bench")
    results["archive_zip"] = {
        "bytes": len(archive.content),
        "files": archive.files,
        **timed(lambda: build_archive(procurement, exported_by="bench"), repeat=3),
    }

    def award(file_format: str) -> bytes:
        export = award_exports.build(actor=officer, procurement=procurement)
        return award_exports.write(export, kind="ranking", file_format=file_format)[0]

    def indicators(file_format: str) -> bytes:
        export = indicator_exports.build(actor=manager, contract=contract)
        return indicator_exports.write(export, file_format=file_format)[0]

    def actions(file_format: str) -> bytes:
        export = action_exports.build(actor=manager, contract=contract)
        return action_exports.write(export, file_format=file_format)[0]

    for name, make in (("award", award), ("indicators", indicators), ("actions", actions)):
        for file_format in ("csv", "xlsx"):
            results[f"{name}_{file_format}"] = {
                "bytes": len(make(file_format)),
                **timed(lambda make=make, file_format=file_format: make(file_format)),
            }
    return results
