"""The HTML report of `kpitool score`, opened in real headless Chromium (Debian's `chromium`).

The examples are copied with hostile text planted in them (a `<script>` in a staff name, an
`<img onerror>` in a unit name) and scored once per module. Chromium loads the page from disk,
runs whatever scripts it finds, and dumps the DOM it ends with; the tests read that DOM.
Without Chromium the tests skip, except under CI=true, where they fail.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import unicodedata
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from kpitool.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "hac-thanh"
SCRIPT_NAME = ('<script>document.title="pwned";document.body.insertAdjacentHTML("beforeend",'
               '"<p id=pwned>pwned</p>")</script>Phạm Thị Mai')
IMG_UNIT = 'Trung tâm <img src=x onerror="document.title=\'img\'"> PVHCC & "Một cửa"'
SCRIPT_STAFF, IMG_UNIT_CODE = "028", "HT-TT"
CHANGED_STAFF = SCRIPT_STAFF  # disciplined in March: the name shows in the report's changes
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars")
runner = CliRunner()


# --- Chromium and a small DOM ---------------------------------------------------------------


def chromium() -> str:
    """Debian's chromium; a skip when it is missing, a failure when CI=true."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    message = "chromium not found: apt-get install chromium (.ci/run does)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def run_chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    profile.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()],
        capture_output=True, timeout=120, check=True)


def dump_dom(page: Path, profile: Path) -> Node:
    """The page's DOM after Chromium loaded it (and ran any script in it)."""
    html = run_chromium(page, profile, "--virtual-time-budget=3000", "--dump-dom")
    return parse(html.stdout.decode("utf-8"))


def screenshot(page: Path, png: Path, profile: Path, size: tuple[int, int] = (1200, 1800)) -> Path:
    run_chromium(page, profile, f"--window-size={size[0]},{size[1]}", f"--screenshot={png}")
    return png


def print_pdf(page: Path, pdf: Path, profile: Path) -> Path:
    run_chromium(page, profile, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    return pdf


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclasses.dataclass
class Node:
    """An element of the dumped DOM: tag, attributes, children (nodes and text)."""

    tag: str
    attrs: dict[str, str]
    children: list = dataclasses.field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def cells(self) -> list[str]:
        return [" ".join(c.text.split()) for c in self.children
                if isinstance(c, Node) and c.tag in ("td", "th")]

    def all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        found = []
        for child in self.children:
            if not isinstance(child, Node):
                continue
            if (tag is None or child.tag == tag) and (
                    cls is None or cls in child.attrs.get("class", "").split()) and all(
                    child.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items()):
                found.append(child)
            found += child.all(tag, cls, **attrs)
        return found

    def one(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.all(tag, cls, **attrs)
        assert len(found) == 1, (tag, cls, attrs, len(found))
        return found[0]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def rows(table: Node) -> list[list[str]]:
    return [tr.cells() for tr in table.one("tbody").all("tr")]


# --- hostile copy of the examples -----------------------------------------------------------


def _header_row(sheet: openpyxl.worksheet.worksheet.Worksheet, label: str) -> tuple[int, dict]:
    for row in sheet.iter_rows(min_row=1, max_row=20):
        values = {str(c.value).strip(): c.column for c in row if c.value is not None}
        if label in values:
            return row[0].row, values
    raise AssertionError(f"no header {label!r} in {sheet.title}")


def hostile_copy(folder: Path) -> Path:
    """The Hạc Thành examples with a `<script>` in a staff name, an `<img>` in a unit name,
    and one person disciplined in March (so a level changes between months)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in EXAMPLES.glob("*.xlsx"):
        shutil.copy(path, folder / path.name)
    book = openpyxl.load_workbook(folder / "catalog.xlsx")
    sheet = book["Cán bộ"]
    top, cols = _header_row(sheet, "Họ và tên")
    for r in range(top + 1, sheet.max_row + 1):
        if str(sheet.cell(r, cols["Mã cán bộ"]).value) == SCRIPT_STAFF:
            sheet.cell(r, cols["Họ và tên"]).value = SCRIPT_NAME
    sheet = book["Đơn vị"]
    top, cols = _header_row(sheet, "Tên đơn vị")
    for r in range(top + 1, sheet.max_row + 1):
        if sheet.cell(r, cols["Mã đơn vị"]).value == IMG_UNIT_CODE:
            sheet.cell(r, cols["Tên đơn vị"]).value = IMG_UNIT
    book.save(folder / "catalog.xlsx")
    book = openpyxl.load_workbook(folder / "assessments.xlsx")
    sheet = book.worksheets[0]
    top, cols = _header_row(sheet, "Kỷ luật")
    for r in range(top + 1, sheet.max_row + 1):
        if (str(sheet.cell(r, cols["Mã cán bộ"]).value) == CHANGED_STAFF
                and sheet.cell(r, cols["Kỳ đánh giá"]).value == "2026-03"):
            sheet.cell(r, cols["Kỷ luật"]).value = "Có"
    book.save(folder / "assessments.xlsx")
    return folder


# --- fixtures: one score run per module ----------------------------------------------------


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, Node]:
    folder = hostile_copy(tmp_path_factory.mktemp("ward") / "in")
    result = runner.invoke(app, ["score", str(folder / "worklogs.xlsx"), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    page = folder / "kpi-2026-Q1" / "kpi_2026-Q1.html"
    dom = dump_dom(page, tmp_path_factory.mktemp("profile"))
    return page, payload, dom


@pytest.fixture(scope="module")
def scored_run(scored: tuple[Path, dict, Node]) -> object:
    from kpitool.pipeline import run_score

    folder = scored[0].parent.parent
    return run_score([folder / "worklogs.xlsx"], {}, "2026-Q1", "nd335")


# --- tests ----------------------------------------------------------------------------------


def test_score_writes_the_html_report(scored: tuple[Path, dict, Node]) -> None:
    page, payload, _ = scored
    assert str(page) in payload["outputs"]
    assert payload["outputs"].index(str(page)) == 1  # right after the ranked workbook
    raw = page.read_text(encoding="utf-8")
    assert raw.startswith("<!DOCTYPE html>")
    assert unicodedata.is_normalized("NFC", raw)


def test_page_structure_and_text(scored: tuple[Path, dict, Node]) -> None:
    _, payload, dom = scored
    html = dom.one("html")
    assert html.attrs["lang"] == "vi"
    assert dom.one("title").text == "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI KPI KỲ 2026-Q1"
    assert dom.one("h1").text == "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI KPI KỲ 2026-Q1"
    headings = [" ".join(h.text.split()) for h in dom.all("h2")]
    assert headings == ["Kết quả xếp loại", "So sánh các đơn vị", "Bảng xếp hạng",
                        "Cảnh báo theo loại", "Tệp đầu vào và mã kiểm tra"]
    meta = " ".join(dom.one("dl", "meta").text.split())
    assert "2026-Q1" in meta and "nd335" in meta and "tháng" in meta
    # counts and shares per level: the JSON's numbers
    levels = rows(dom.one("table", "levels"))
    assert [r[0] for r in levels] == ["Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ",
                                      "Hoàn thành nhiệm vụ", "Không hoàn thành nhiệm vụ"]
    assert [int(r[1]) for r in levels] == list(payload["levels"].values())
    rated = sum(payload["levels"].values())
    assert levels[1][2] == f"{100 * payload['levels']['HTTNV'] / rated:.2f}".replace(".", ",")
    # per-unit comparison
    units = rows(dom.one("table", "units"))
    by_code = {u["unit_code"]: u for u in payload["units"]}
    assert {r[0] for r in units} == set(by_code)
    for r in units:
        assert r[4] == f"{by_code[r[0]]['mean_total']:.2f}".replace(".", ",")
    # the ranking: every person, in the JSON's order, with its ranks and total
    ranking = dom.one("table", "ranking")
    assert ranking.one("thead").one("tr").cells()[:4] == ["Hạng chung", "Hạng trong đơn vị",
                                                          "Mã cán bộ", "Họ và tên"]
    shown = rows(ranking)
    assert [r[2] for r in shown] == [s["staff_id"] for s in payload["staff"]]
    for r, person in zip(shown, payload["staff"], strict=True):
        assert r[0] == (str(person["rank_overall"]) if person["rank_overall"] else "—")
        total = person["total"]
        assert r[11] == (f"{total:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
                         if total is not None else "—")
        assert r[3] == person["full_name"]
        # the basis beside its hours (issue 11): the examples have no assignments
        assert (r[5], r[6], r[7]) == ("thời gian làm việc (S)", r[7], r[7])
        assert r[8] == "—"
    # flags grouped by kind; each group counts its flags
    groups = dom.one("section", id="flags").all("h3")
    codes = {f["code"] for f in payload["flags"]}
    assert {h.attrs["data-flag"] for h in groups} == codes
    for h in groups:
        count = sum(f["code"] == h.attrs["data-flag"] for f in payload["flags"])
        assert h.text.strip().endswith(f"({count})")
    hours = dom.one("table", "flags", data_flag="flag_hours_over_day")
    assert len(rows(hours)) == 100  # the first hundred; the note points to the workbook
    assert "kpi_2026-Q1.xlsx" in dom.one("section", id="flags").text
    # footer: every input's checksum and the rules' checksum
    footer = dom.one("footer").text
    for item in payload["inputs"]:
        assert item["sha256"] in footer
    assert payload["rules"]["sha256"] in footer


def test_charts_are_inline_svg_with_vietnamese_text(scored: tuple[Path, dict, Node]) -> None:
    _, _, dom = scored
    charts = dom.all("svg", "chart")
    assert len(charts) == 2
    labels = {" ".join(t.text.split()) for svg in charts for t in svg.all("text")}
    assert {"Hoàn thành xuất sắc nhiệm vụ", "Không hoàn thành nhiệm vụ",
            "Tổng điểm bình quân", "Cơ cấu xếp loại (%)"} <= labels
    for svg in charts:
        assert svg.attrs["role"] == "img" and svg.attrs["aria-label"]
        assert svg.all("path") and "viewbox" in svg.attrs


def test_page_needs_no_network_and_has_no_script(scored: tuple[Path, dict, Node]) -> None:
    page, _, dom = scored
    assert dom.all("script") == []
    assert dom.all("link") == [] and dom.all("img") == [] and dom.all("iframe") == []
    for node in dom.all():
        assert "src" not in node.attrs, node.tag
        assert node.attrs.get("href", "#").startswith("#"), node.attrs["href"]
    raw = page.read_text(encoding="utf-8").replace("http://www.w3.org/", "")
    for needle in ("http://", "https://", "@import"):
        assert needle not in raw, needle
    assert re.findall(r"url\((?!#)", raw) == []  # clip paths point inside the page


def test_script_in_a_name_is_shown_as_text_and_not_run(scored: tuple[Path, dict, Node],
                                                        tmp_path: Path) -> None:
    page, _, dom = scored
    assert dom.one("title").text.startswith("KẾT QUẢ")  # not "pwned", not "img"
    assert dom.all(id="pwned") == [] and dom.all("img") == []
    row = dom.one("tr", data_staff=SCRIPT_STAFF)
    assert row.one("td", "name").text == SCRIPT_NAME
    unit = dom.one("table", "units").one("tr", data_unit=IMG_UNIT_CODE)
    assert unit.cells()[1] == " ".join(IMG_UNIT.split())
    chart_text = "".join(t.text for svg in dom.all("svg") for t in svg.all("text"))
    assert "<img" in chart_text  # the unit name is text inside the chart too
    raw = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;document.title" in raw and "<script>" not in raw
    # the same harness does see a script that runs
    control = tmp_path / "control.html"
    control.write_text("<!DOCTYPE html><title>before</title><body><script>"
                       'document.title="after";document.body.insertAdjacentHTML("beforeend",'
                       '"<p id=ran>x</p>")</script>', encoding="utf-8")
    ran = dump_dom(control, tmp_path / "profile")
    assert ran.one("title").text == "after" and len(ran.all(id="ran")) == 1


def test_screenshot(scored: tuple[Path, dict, Node], tmp_path: Path) -> None:
    from PIL import Image

    png = screenshot(scored[0], tmp_path / "kpi.png", tmp_path / "profile")
    with Image.open(png) as image:
        assert image.size == (1200, 1800)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 200  # text, tables and charts, not a blank page


def test_printed_ranking_repeats_its_header_on_every_page(scored_run: object,
                                                          tmp_path: Path) -> None:
    """Four times the staff make the ranking run over several A4 pages; each page of it starts
    with the table's header (SPEC §5: the report prints well)."""
    if not shutil.which("pdftotext"):
        message = "pdftotext not found: apt-get install poppler-utils (.ci/run does)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from kpitool.reports.html import score_page

    result = scored_run.result  # type: ignore[attr-defined]
    many = dataclasses.replace(result, staff=pd.concat([result.staff] * 4, ignore_index=True))
    page = tmp_path / "many.html"
    page.write_text(score_page(many, scored_run.data.files, "vi", "kpi.xlsx"),  # type: ignore[attr-defined]
                    encoding="utf-8")
    pdf = print_pdf(page, tmp_path / "many.pdf", tmp_path / "profile")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")
    pages = text.split("\f")
    first = next(i for i, p in enumerate(pages) if "Bảng xếp hạng" in p)
    last = next(i for i, p in enumerate(pages) if "Cảnh báo theo loại" in p)
    ranking_pages = pages[first:last]
    assert len(ranking_pages) >= 3
    for number, text_of_page in enumerate(ranking_pages, start=first + 1):
        assert "Họ và tên" in text_of_page and "(70)" in text_of_page, number
        assert f"Trang {number} / " in text_of_page


def test_english_page(scored_run: object) -> None:
    from kpitool.reports.html import score_page

    html = score_page(scored_run.result, scored_run.data.files, "en", "kpi.xlsx")  # type: ignore[attr-defined]
    dom = parse(html)
    assert dom.one("html").attrs["lang"] == "en"
    assert [" ".join(h.text.split()) for h in dom.all("h2")] == [
        "Classification", "Units compared", "Ranking", "Flags by kind", "Input files and checksums"]
    assert [r[0] for r in rows(dom.one("table", "levels"))] == [
        "Excellent", "Good", "Completed", "Not completed"]
    assert "CỘNG HÒA" not in html
    assert "99.33" in html or "98.71" in html  # decimal point in English


def test_templates_ship_in_the_package(tmp_path: Path) -> None:
    """A normal install (a wheel) carries the templates; pyproject lists every package."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    listed = set(config["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "kpitool").rglob(
        "__init__.py")}
    assert found == listed
    assert config["setuptools"]["package-data"]["kpitool.reports"] == ["templates/*.j2"]
    source = tmp_path / "src"
    shutil.copytree(ROOT / "kpitool", source / "kpitool",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                            str(tmp_path), str(source)], capture_output=True, text=True)
    if build.returncode != 0:  # the build backend comes from PyPI: no network, no wheel
        pytest.skip(f"cannot build a wheel here: {build.stderr[-300:]}")
    wheel = next(tmp_path.glob("kpitool-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    templates = sorted((ROOT / "kpitool" / "reports" / "templates").glob("*.j2"))
    assert {t.name for t in templates} >= {"base.html.j2", "score.html.j2", "report.html.j2",
                                          "compare.html.j2", "macros.html.j2"}
    for template in templates:
        assert f"kpitool/reports/templates/{template.name}" in names
    probe = subprocess.run(
        [sys.executable, "-c", "from kpitool.reports.html import template_dir; print(template_dir())"],
        capture_output=True, text=True, check=True, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "site")})
    assert Path(probe.stdout.strip()) == (
        tmp_path / "site" / "kpitool" / "reports" / "templates").resolve()


def test_help_does_not_import_the_plotting_library() -> None:
    probe = subprocess.run(
        [sys.executable, "-c", "import sys, kpitool.cli; "
         "print(any(m.split('.')[0] in ('matplotlib', 'jinja2') for m in sys.modules))"],
        capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == "False"


def test_score_page_does_not_import_the_plotting_library(tmp_path: Path) -> None:
    """The score report's bar charts are drawn by a template: matplotlib's import and layout
    would be a second of `kpitool score`."""
    script = (
        "import sys; from pathlib import Path\n"
        "from kpitool.pipeline import run_score\n"
        "from kpitool.reports.html import write_score_html\n"
        f"run = run_score([Path({str(EXAMPLES / 'worklogs.xlsx')!r})], {{}}, None, 'nd335')\n"
        f"write_score_html(run.result, run.data.files, Path({str(tmp_path / 'kpi.html')!r}), 'vi')\n"
        "print(any(m.split('.')[0] == 'matplotlib' for m in sys.modules))\n")
    probe = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True)
    assert probe.stdout.strip() == "False"
    assert (tmp_path / "kpi.html").stat().st_size > 0


@pytest.mark.parametrize(("top", "integer", "ticks"), [
    pytest.param(33.75, True, [0, 5, 10, 15, 20, 25, 30], id="counts-by-five"),
    pytest.param(1.25, True, [0, 1], id="one-person-whole-steps"),
    pytest.param(0.9, False, [0, 0.2, 0.4, 0.6, 0.8], id="fractions"),
    pytest.param(115, False, [0, 20, 40, 60, 80, 100], id="percent"),
    pytest.param(0, True, [0], id="nothing"),
])
def test_nice_ticks(top: float, integer: bool, ticks: list[float]) -> None:
    from kpitool.reports.charts import nice_ticks

    assert nice_ticks(top, integer) == pytest.approx(ticks)


def test_ranking_made_a_chunk_at_a_time_is_the_same_page(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A country's ranking is made into cells a chunk of people at a time as the page is
    written: the page is the one made in a single chunk."""
    from kpitool.pipeline import run_score
    from kpitool.reports import html

    run = run_score([Path(__file__).parents[1] / "examples" / "hac-thanh"], {}, None, "nd335")
    pages = []
    for chunk in (10**9, 7):
        monkeypatch.setattr(html, "RANKING_CHUNK", chunk)
        path = tmp_path / str(chunk) / "page.html"
        path.parent.mkdir()
        html.write_score_html(run.result, run.data.files, path, "vi")
        pages.append(re.sub(r"\d\d/\d\d/\d{4} \d\d:\d\d", "", path.read_text(encoding="utf-8")))
    assert pages[0] == pages[1]
    staff = run.result.staff
    assert len(staff) > 2 * 7 and pages[0].count("data-staff=") == len(staff)
    flagged = run.result.flags.dropna(subset=["staff_id"]).iloc[0]
    name = staff.loc[staff["staff_id"] == flagged["staff_id"], "full_name"].iloc[0]
    assert pages[0].count(f"<td>{name}</td>") >= 1  # the flags shown still name the person
