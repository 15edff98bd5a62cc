"""The arrows of docs/architecture.md, read from the source: every import of every module, at module level
or inside a function, relative ones resolved (decision 0035)."""
import ast
from pathlib import Path

import motcua

ROOT = Path(motcua.__file__).parent
WEB_APPS = ("desk", "citizen", "lookup", "open311")
# The web code two audiences share (the action forms, the applicant form, the POST of an action box): above
# the domain, below the audience apps.
SHARED_WEB = "dossiers_web"


def _modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        yield path, ".".join(parts[:-1] if parts[-1] == "__init__" else parts), parts[-1] == "__init__"


def imports_of(app: str) -> dict[str, set[str]]:
    """{module: the modules it imports}, for every module of `motcua.<app>`."""
    found: dict[str, set[str]] = {}
    for path, name, is_package in _modules(app):
        package = name if is_package else name.rpartition(".")[0]
        names = found.setdefault(name, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = package
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                module = node.module or ""
                target = (f"{base}.{module}" if module else base) if node.level else module
                names.add(target)
                # `from motcua.dossiers import services` imports the module motcua.dossiers.services.
                names.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def _reaching(app: str, prefixes: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{module} imports {target}"
        for module, targets in imports_of(app).items()
        for target in targets
        if any(target == p or target.startswith(p + ".") for p in prefixes)
    )


def test_the_import_reader_sees_function_level_and_relative_imports():
    # A check that passes on nothing proves nothing: the readers must see what the apps do import.
    desk = imports_of("desk")
    assert "motcua.dossiers.services" in desk["motcua.desk.views"]  # `from motcua.dossiers import services`
    assert "motcua.forms.services" in desk["motcua.desk.views"]  # imported inside a view function
    assert "motcua.desk.views" in desk["motcua.desk.urls"]  # `from . import views`
    assert "motcua.units.models" in imports_of("workdays")["motcua.workdays.services"]


def test_units_never_import_workdays():
    """The unit tree is the ground floor: workdays (the calendar, deadlines) depends on units, never the
    other way; a change of a unit's hours reaches the calendar through the listener workdays registers."""
    assert _reaching("units", ("motcua.workdays",)) == []
    assert _reaching("workdays", ("motcua.units",)) != []


def test_a_unit_hours_change_reaches_the_calendar_through_the_registered_listener():
    from motcua.units.services import _working_time_listeners
    from motcua.workdays.services import calendar_changed

    assert calendar_changed in _working_time_listeners


def test_web_apps_do_not_import_each_other():
    for app in WEB_APPS:
        others = tuple(f"motcua.{other}" for other in WEB_APPS if other != app)
        assert _reaching(app, others) == [], app


def _web_layer_of_another_app(target: str, app: str) -> bool:
    parts = target.split(".")
    if len(parts) < 2 or parts[1] == app:
        return False
    return parts[1] in ("api", "portal", *WEB_APPS) or any(p in ("views", "urls", "wall_views") for p in parts[2:])


def test_web_apps_reach_the_dossiers_through_the_domain_only():
    """desk, citizen and lookup use the dossier domain (models, services, selectors, …) and the shared web
    code of dossiers_web; they import no other app's web layer (its views or URLs), nor the API wiring or
    the portal."""
    for app in WEB_APPS:
        targets = {t for targets in imports_of(app).values() for t in targets}
        assert any(t.startswith("motcua.dossiers.") for t in targets), app
        assert sorted(t for t in targets if _web_layer_of_another_app(t, app)) == [], app


def test_the_dossier_domain_never_imports_a_web_app():
    assert _reaching("dossiers", tuple(f"motcua.{app}" for app in (*WEB_APPS, SHARED_WEB))) == []


def _forms_modules() -> tuple[str, ...]:
    """Every `forms` module of the project's apps: the web layer's Django forms (the statutory forms app
    `motcua.forms` is not one — it prints documents — and is left out)."""
    return tuple(
        ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        for path in sorted(ROOT.glob("*/forms.py"))
        if path.parent.name != "forms"
    )


def test_the_dossier_domain_imports_no_web_forms():
    """The domain (models, services, selectors, the API) imports no web layer's forms module (those of the
    desk, the citizens, the shared dossiers_web, evaluation, …); the forms it once held moved up."""
    forms_modules = _forms_modules()
    assert "motcua.desk.forms" in forms_modules and "motcua.dossiers_web.forms" in forms_modules
    assert not (ROOT / "dossiers" / "forms.py").exists()
    assert not (ROOT / "dossiers" / "web_actions.py").exists()
    assert _reaching("dossiers", forms_modules) == []


def test_the_shared_web_code_imports_no_audience_app():
    """dossiers_web sits below desk and citizen: they import it, it imports none of them (nor lookup)."""
    assert _reaching(SHARED_WEB, tuple(f"motcua.{app}" for app in WEB_APPS)) == []
    assert _reaching(SHARED_WEB, ("motcua.dossiers.services",)) != []


def test_forms_only_one_audience_uses_live_in_its_app():
    """The desk's intake, slip and tracking-book forms live in desk/forms.py; the shared module keeps what
    both dossier pages use."""
    shared = imports_of(SHARED_WEB)
    desk = imports_of("desk")
    citizen = imports_of("citizen")
    assert "motcua.desk.forms" in desk["motcua.desk.views"]
    assert "motcua.dossiers_web.forms" in desk["motcua.desk.forms"]
    assert "motcua.dossiers_web.actions" in desk["motcua.desk.views"]
    assert "motcua.dossiers_web.actions" in citizen["motcua.citizen.views"]
    assert "motcua.dossiers_web.forms" in citizen["motcua.citizen.forms"]
    assert "motcua.dossiers_web.forms" in shared["motcua.dossiers_web.actions"]
    from motcua.dossiers_web import forms as shared_forms

    for name in ("IntakeForm", "IntakeSlipForm", "TrackingBookForm"):
        assert not hasattr(shared_forms, name), name
