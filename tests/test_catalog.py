"""The message catalog: every key used exists in Vietnamese and English, every key is used, a
missing key is an error; no number of the rules hard-coded in help texts."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kpitool
from kpitool.cli import app
from kpitool.errors import KpiToolError
from kpitool.messages import MESSAGES, MessageKeyError, text

runner = CliRunner()


@pytest.mark.parametrize(("command", "option"), [
    pytest.param("score", "--enforce-quota", id="enforce-quota"),
])
def test_help_names_the_rules_key_not_its_value(command, option):
    shown = runner.invoke(app, [command, "--help"], color=False)
    assert shown.exit_code == 0
    words = " ".join(shown.output.split())
    help_text = words[words.index(option):].split(" --")[0]  # up to the next option
    assert "quota.excellent_share_of_good" in help_text
    assert not re.search(r"\d+\s*%", help_text), help_text


# --- message keys: every key used exists in vi and en, every key in the catalog is used ------

ROOT = Path(kpitool.__file__).parent
TEMPLATES = ROOT / "reports" / "templates"  # the jinja templates, package data
# keys built at run time from a prefix and a data key (f"col_{key}", "col_" ~ lv in jinja)
DYNAMIC_PREFIXES = ("col_", "flagkind_", "html_cycle_", "level_", "short_", "tpl_error_",
                    "tpl_head_", "tpl_kind_", "ui_", "help_cmd_", "help_opt_", "cli_metavar_",
                    "forms_blank_", "forms_note_", "forms_reason_", "form01_group_",
                    "form01_item_", "basis_", "delivers_", "not_classified_", "compare_",
                    "term_", "diff_", "figure_")
# calls whose argument at this position is a message key (or an issue / flag code, which is one)
KEY_ARGUMENTS = {"text": 0, "t": 0, "vi": 0, "Issue": 0, "issue": 0, "IssueKind": 0, "FlagKind": 0,
                 "_flag": 0, "_per_staff": 2, "_issues_at": 4, "Coerced": 2, "Failure": 2,
                 "OddCell": 2}


def _subclasses(cls: type) -> set[str]:
    return {cls.__name__} | {name for sub in cls.__subclasses__() for name in _subclasses(sub)}


def _sources() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in ROOT.rglob("*.py")
            if path.name != "messages.py"]


def _templates() -> str:
    """The jinja templates where `t` is the catalog (a loop may name its items `t` too)."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(TEMPLATES.glob("*.j2"))]
    return "\n".join(text for text in texts if not re.search(r"for\s+t\s+in\b", text))


def keys_referenced(sources: list[tuple[Path, ast.Module]], templates: str) -> set[str]:
    """Keys written literally where a message key goes: the calls of `KEY_ARGUMENTS`, an
    error's code, `code=…`, and `t.key` or `t("key")` in the jinja templates ('' is no code)."""
    errors = _subclasses(KpiToolError) | {"RulesError"}
    found: set[str] = set()
    for _, tree in sources:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            position = KEY_ARGUMENTS.get(name, 0 if name in errors else None)
            values = [node.args[position]] if position is not None and len(node.args) > position \
                else []
            values += [kw.value for kw in node.keywords if kw.arg == "code"]
            found |= {v.value for v in values
                      if isinstance(v, ast.Constant) and isinstance(v.value, str) and v.value}
    found |= set(re.findall(r"\bt\(\s*[\"']([A-Za-z0-9_]+)[\"']\s*[,)]", templates))
    found |= set(re.findall(r"\bt\.([A-Za-z0-9_]+)", templates))
    return found


def literals(sources: list[tuple[Path, ast.Module]], templates: str) -> set[str]:
    """Every string literal of the code and of the templates (a key may sit in a table)."""
    found = {node.value for _, tree in sources for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    found |= set(re.findall(r"[\"']([A-Za-z0-9_]+)[\"']", templates))
    return found | set(re.findall(r"\bt\.([A-Za-z0-9_]+)", templates))


def prefixes_built(sources: list[tuple[Path, ast.Module]], templates: str) -> set[str]:
    """The constant starts of f-strings in the code and of `"…" ~ x` in the templates."""
    found = {node.values[0].value for _, tree in sources for node in ast.walk(tree)
             if isinstance(node, ast.JoinedStr) and node.values
             and isinstance(node.values[0], ast.Constant)}
    return found | set(re.findall(r"[\"']([a-z_]+)[\"']\s*~", templates))


def catalog_problems(catalog: dict[str, dict[str, str]], referenced: set[str], used: set[str],
                     prefixes: tuple[str, ...]) -> list[str]:
    problems = [f"{key}: used but not in the catalog" for key in sorted(referenced - set(catalog))]
    problems += [f"{key}: no {lang} text" for key, entry in catalog.items()
                 for lang in ("vi", "en") if not entry.get(lang)]
    problems += [f"{key}: in the catalog but never used" for key in catalog
                 if key not in used and not key.startswith(prefixes)]
    return problems


def test_the_catalog_has_every_key_used_in_both_languages_and_only_those():
    sources, templates = _sources(), _templates()
    assert catalog_problems(MESSAGES, keys_referenced(sources, templates),
                            literals(sources, templates), DYNAMIC_PREFIXES) == []


def test_each_dynamic_prefix_is_built_somewhere():
    sources, templates = _sources(), _templates()
    built = prefixes_built(sources, templates)
    assert [p for p in DYNAMIC_PREFIXES if p not in built] == []


@pytest.mark.parametrize(("catalog", "referenced", "used", "problem"), [
    pytest.param({"a_key": {"vi": "A", "en": "A"}}, {"a_key"}, {"a_key"}, None, id="fine"),
    pytest.param({"a_key": {"vi": "A", "en": "A"}}, {"a_kye"}, {"a_key"},
                 "a_kye: used but not in the catalog", id="typo"),
    pytest.param({"a_key": {"vi": "A"}}, {"a_key"}, {"a_key"}, "a_key: no en text",
                 id="no-english"),
    pytest.param({"a_key": {"vi": "A", "en": "A"}}, set(), set(),
                 "a_key: in the catalog but never used", id="unused"),
    pytest.param({"col_x": {"vi": "X", "en": "X"}}, set(), set(), None, id="dynamic"),
])
def test_catalog_problems_are_found(catalog, referenced, used, problem):
    found = catalog_problems(catalog, referenced, used, ("col_",))
    assert found == ([] if problem is None else [problem])


def test_a_missing_message_key_is_a_programming_error_not_output():
    with pytest.raises(MessageKeyError, match="no_such_key"):
        text("no_such_key", "en")
    with pytest.raises(MessageKeyError, match="fr"):
        text("bad_lang", "fr", value="fr")
    assert text("bad_lang", "en", value="fr").startswith("Language 'fr'")


@pytest.mark.parametrize(("template", "shown"), [
    pytest.param("{{ t.ui_yes }} {{ t('bad_lang', value='fr') }}", "Có Ngôn ngữ &#39;fr&#39;", id="known"),
    pytest.param("{{ t.ui_yse }}", None, id="attribute-typo"),
    pytest.param("{{ t('ui_yse') }}", None, id="call-typo"),
])
def test_templates_fail_on_a_missing_key(tmp_path, template, shown):
    import jinja2

    from kpitool.reports.html import environment, labels

    (tmp_path / "page.j2").write_text(template, encoding="utf-8")
    page = environment(tmp_path).get_template("page.j2")
    if shown is None:
        with pytest.raises((jinja2.UndefinedError, MessageKeyError), match="ui_yse"):
            page.render(t=labels("vi"))
        return
    assert page.render(t=labels("vi")).startswith(shown)
