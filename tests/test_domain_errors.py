"""One vocabulary of refusals: a DomainError family, one NotAllowed answered 403 by one handler,
one permissions module, one way to show a refusal."""

import ast
import inspect
from pathlib import Path

import pytest

from directory.accounts.services import AccountError
from directory.admin.services import AdminError
from directory.curation.services import CurationError
from directory.domain import DomainError, NotAllowed
from directory.incubators.services import IncubatorError
from directory.needs.services import NeedError
from directory.organizations.errors import OrganizationError
from directory.permissions import require, require_admin, require_officer
from directory.reports.uploads import UploadError as ImportUploadError

PACKAGE = Path(__file__).resolve().parent.parent / "directory"


def definitions(kind, name: str) -> list[str]:
    """Modules of directory/ that define a class or function called ``name``."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, kind) and n.name == name for n in ast.walk(tree)):
            found.append(str(path.relative_to(PACKAGE)))
    return found


def test_there_is_one_not_allowed_and_one_of_each_permission_helper():
    assert definitions(ast.ClassDef, "NotAllowed") == ["domain.py"]
    for helper in ("require_officer", "require_admin", "require"):
        assert definitions(ast.FunctionDef, helper) == ["permissions.py"], helper
    for guard in ("officer_required", "admin_required"):
        assert definitions(ast.FunctionDef, guard) == [], guard  # built once, from one guard


def sources_saying(text: str) -> list[str]:
    return [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if text in path.read_text(encoding="utf-8")
    ]


def test_views_refuse_through_require_which_says_why():
    # abort(403) shows a bare "Forbidden"; require() raises NotAllowed, whose page says why.
    assert sources_saying("abort(403") == []


def test_areas_hand_templates_their_helpers_one_way():
    assert sources_saying("jinja_env.globals") == ["templating.py"]


@pytest.mark.parametrize(
    "error_class",
    [
        AccountError,
        AdminError,
        CurationError,
        ImportUploadError,
        IncubatorError,
        NeedError,
        OrganizationError,
    ],
)
def test_every_area_refuses_with_a_code_a_field_and_a_vietnamese_message(app, error_class):
    code = next(iter(error_class.messages))
    error = error_class(code, "name")
    assert isinstance(error, DomainError)
    assert (error.code, error.field) == (code, "name")
    with app.test_request_context():
        assert error.message and error.message != code


def domain_errors() -> dict[str, list[type[DomainError]]]:
    """Every DomainError subclass the app defines, by class name, when it takes a code first
    (TooManyAttempts takes the seconds to wait and makes its own)."""
    found: dict[str, list[type[DomainError]]] = {}
    pending = [DomainError]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("directory.") and cls is not DomainError:
            first = list(inspect.signature(cls.__init__).parameters)[1]
            if first == "code":
                found.setdefault(cls.__name__, []).append(cls)
    return found


def raised_codes(errors) -> list[tuple[str, int, str, ast.expr]]:
    """(module, line, class name, first argument) of every call of those classes."""
    calls = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in errors:
                calls.append((str(path.relative_to(PACKAGE)), node.lineno, name, node.args[0]))
    return calls


def test_every_refusal_is_raised_with_a_code_its_area_has_a_message_for(app):
    """The text is the messages table's: a service that wrote it at raise time (``_()``, an
    f-string) or named a code without one would show the visitor a bare code."""
    errors = domain_errors()
    assert {"AccountError", "OrganizationError", "UploadError"} <= set(errors)
    calls = raised_codes(errors)
    assert len(calls) > 100
    wrong = []
    for module, line, name, code in calls:
        codes = [code.body, code.orelse] if isinstance(code, ast.IfExp) else [code]
        for each in codes:
            if isinstance(each, ast.Name | ast.Attribute):
                continue  # a code chosen in a variable above: not followed here
            known = isinstance(each, ast.Constant) and any(
                each.value in cls.messages for cls in errors[name]
            )
            if not known:
                wrong.append(f"{module}:{line} {name}({ast.unparse(each)})")
    assert not wrong, wrong


def test_a_message_takes_its_named_values(app):
    with app.test_request_context():
        assert "366" in CurationError("too-long", "ends_on", days=366).message


def test_the_permission_helpers_raise_not_allowed(make):
    citizen, officer = make.user(), make.user(role="officer")
    require(True)
    require_officer(officer)
    with pytest.raises(NotAllowed):
        require(False)
    with pytest.raises(NotAllowed):
        require_officer(citizen)
    with pytest.raises(NotAllowed):
        require_admin(officer)


@pytest.fixture
def refusing_app(app):
    """Two pages whose service refuses: what a view that forgot to catch the error shows."""

    def not_allowed():
        require_officer(None)

    def refused():
        raise NeedError("closed")

    for prefix in ("", "/api/v1"):
        app.add_url_rule(f"{prefix}/_refused/not-allowed", f"na{prefix}", not_allowed)
        app.add_url_rule(f"{prefix}/_refused/rule", f"rule{prefix}", refused)
    return app


def test_a_permission_refusal_is_a_403_page_not_a_500(refusing_app):
    response = refusing_app.test_client().get("/_refused/not-allowed")
    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này." in response.get_data(as_text=True)


def test_the_api_answers_a_permission_refusal_with_json_403(refusing_app):
    response = refusing_app.test_client().get("/api/v1/_refused/not-allowed")
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == 403


def test_an_uncaught_refusal_says_what_was_refused_with_a_400(refusing_app):
    response = refusing_app.test_client().get("/_refused/rule")
    assert response.status_code == 400
    assert "Nhu cầu đã đóng; hãy mở lại trước khi sửa." in response.get_data(as_text=True)
    api = refusing_app.test_client().get("/api/v1/_refused/rule")
    assert api.status_code == 400
    assert api.get_json()["error"]["message"] == "Nhu cầu đã đóng; hãy mở lại trước khi sửa."
