"""Who may use the design area's routes (read by tests/test_route_access.py)."""

from __future__ import annotations

from tests.design.effect_factories import make_change_with_effect
from tests.design.factories import make_design
from tests.design.history_publication_factories import publish_history
from tracker.accounts.permissions import Principal
from tracker.phases.catalogue import load_phases
from tracker.settings import get_settings

ACCESS: dict[tuple[str, str], str] = {
    # Reading: every signed-in user.
    ("GET", "/projekt/{project_id}/design"): "read",
    ("GET", "/prototyper/{prototype_id}"): "read",
    ("GET", "/prototypbilder/{version_id}"): "read",
    ("GET", "/tester/{test_id}"): "read",
    ("GET", "/effekter/{effect_id}"): "read",
    ("GET", "/projekt/{project_id}/designhistorik"): "read",
    ("GET", "/projekt/{project_id}/designhistorik/utskrift"): "read",
    ("GET", "/projekt/{project_id}/designhistorik/designhistorik.pdf"): "read",
    ("GET", "/designhistorik/dokument.css"): "read",
    ("GET", "/projekt/{project_id}/designhistorik/publicering"): "read",
    # The published design history: open to everyone, signed in or not (issue 18).
    ("GET", "/designhistorik/{project_id}"): "public",
    ("GET", "/designhistorik/{project_id}/version/{version_number}"): "public",
    ("GET", "/designhistorik/{project_id}/bilder/{version_id}"): "public",
    # Changing: the project's members (and administrators).
    ("POST", "/projekt/{project_id}/hypoteser"): "edit",
    ("GET", "/projekt/{project_id}/hypoteser/{hypothesis_id}/redigera"): "edit",
    ("POST", "/projekt/{project_id}/hypoteser/{hypothesis_id}/redigera"): "edit",
    ("POST", "/projekt/{project_id}/prototyper"): "edit",
    ("POST", "/projekt/{project_id}/prototyper/{prototype_id}/versioner"): "edit",
    ("GET", "/projekt/{project_id}/tester/ny"): "edit",
    ("POST", "/projekt/{project_id}/tester"): "edit",
    ("GET", "/projekt/{project_id}/tester/{test_id}/redigera"): "edit",
    ("POST", "/projekt/{project_id}/tester/{test_id}/redigera"): "edit",
    ("GET", "/projekt/{project_id}/forandringar/{change_id}/effekter/ny"): "edit",
    ("POST", "/projekt/{project_id}/forandringar/{change_id}/effekter"): "edit",
    ("GET", "/projekt/{project_id}/effekter/{effect_id}/redigera"): "edit",
    ("POST", "/projekt/{project_id}/effekter/{effect_id}/redigera"): "edit",
    ("POST", "/projekt/{project_id}/effekter/{effect_id}/uppfoljningar"): "edit",
    ("GET", "/projekt/{project_id}/forandringar/{change_id}/tester/ny"): "edit",
    ("POST", "/projekt/{project_id}/forandringar/{change_id}/tester"): "edit",
    ("POST", "/projekt/{project_id}/forandringar/{change_id}/tester/{test_id}/ta-bort"): "edit",
    ("GET", "/projekt/{project_id}/prototyper/{prototype_id}/redigera"): "edit",
    ("POST", "/projekt/{project_id}/prototyper/{prototype_id}/redigera"): "edit",
    # Publishing the design history: the project's members (and administrators).
    ("POST", "/projekt/{project_id}/designhistorik/publicering"): "edit",
    ("POST", "/projekt/{project_id}/designhistorik/publicering/granskning"): "edit",
    ("POST", "/projekt/{project_id}/designhistorik/publicering/godkann"): "edit",
    ("POST", "/projekt/{project_id}/designhistorik/publicering/tillbaka"): "edit",
    ("POST", "/projekt/{project_id}/designhistorik/publicering/publicera"): "edit",
    ("POST", "/projekt/{project_id}/designhistorik/publicering/avpublicera"): "edit",
    # A test's evidence and the insights drawn from it: the project's members.
    ("POST", "/projekt/{project_id}/tester/{test_id}/underlag"): "edit",
    ("POST", "/projekt/{project_id}/tester/{test_id}/insikter/ny"): "edit",
    ("GET", "/projekt/{project_id}/tester/{test_id}/underlag/ny"): "edit",
    ("GET", "/projekt/{project_id}/tester/{test_id}/insikter/ny"): "edit",
    ("POST", "/projekt/{project_id}/tester/{test_id}/underlag/{evidence_id}/arkivera"): "edit",
    # Archiving (after a confirmation page) and restoring: the project's members too.
    ("GET", "/projekt/{project_id}/hypoteser/{hypothesis_id}/arkivera"): "edit",
    ("POST", "/projekt/{project_id}/hypoteser/{hypothesis_id}/arkivera"): "edit",
    ("POST", "/projekt/{project_id}/hypoteser/{hypothesis_id}/aterstall"): "edit",
    ("GET", "/projekt/{project_id}/prototyper/{prototype_id}/arkivera"): "edit",
    ("POST", "/projekt/{project_id}/prototyper/{prototype_id}/arkivera"): "edit",
    ("POST", "/projekt/{project_id}/prototyper/{prototype_id}/aterstall"): "edit",
    ("GET", "/projekt/{project_id}/tester/{test_id}/arkivera"): "edit",
    ("POST", "/projekt/{project_id}/tester/{test_id}/arkivera"): "edit",
    ("POST", "/projekt/{project_id}/tester/{test_id}/aterstall"): "edit",
    ("GET", "/projekt/{project_id}/effekter/{effect_id}/arkivera"): "edit",
    ("POST", "/projekt/{project_id}/effekter/{effect_id}/arkivera"): "edit",
    ("POST", "/projekt/{project_id}/effekter/{effect_id}/aterstall"): "edit",
}


async def path_ids(robin: Principal, ids: dict[str, int]) -> dict[str, int]:
    """A hypothesis, a prototype with a version and a test, and a change with an effect, in
    Robin's project."""
    made = await make_design(ids["project_id"], robin)
    made |= await make_change_with_effect(ids["project_id"], robin, ids.get("change_id"))
    catalogue = load_phases(get_settings().phases_dir)
    made["version_number"] = await publish_history(ids["project_id"], robin, catalogue)
    return {key: value for key, value in made.items() if key.endswith(("_id", "_number"))}
