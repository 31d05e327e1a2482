"""`kpitool forms`: the written .docx read back field by field against the JSON of the same run,
and the unit documents printed by a real word processor (LibreOffice) and read with pdftotext."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import pytest
from typer.testing import CliRunner

from kpitool.cli import app
from kpitool.forms import not_classified_reason
from kpitool.reports.wordforms import points, windows_safe
from kpitool.schemas.assessments import GENERAL_ITEMS
from tests.xlsxbuild import CATALOG, NORMS, WORKLOG_HEADER, D, worklog_row, write_book

runner = CliRunner()
ITEM_LABELS = [vi for _, vi, _, _ in GENERAL_ITEMS]
ITEMS_007 = [5, 4.5, 2.5, 2.5, 2, 2.5, 2, 2.5, 2.5, 2]  # 28
GENERAL_HEADER = ["Mã cán bộ", "Kỳ đánh giá", "Điểm tiêu chí chung", "Kỷ luật", "Năng lực tổ chức",
                  "Đoàn kết", *ITEM_LABELS, "Ưu điểm", "Hạn chế, khuyết điểm",
                  "Ý kiến nhận xét của cấp có thẩm quyền", "Tự xếp loại", "Đề xuất phương án xử lý"]
POSITION_NAMES = {"001": "Chủ tịch", "007": "Chuyên viên", "008": "Văn thư"}


def _assessment(staff: str, period: str, general: object, leader: bool = False,
                items: list[object] | None = None, texts: tuple[object, ...] = (None,) * 5
                ) -> list[object]:
    return [staff, period, general, "Không", 100 if leader else None, 100 if leader else None,
            *(items or [None] * 10), *texts]


def ward(folder: Path) -> Path:
    """Three people working January to March 2026: 001 the head (no supervisor, general scores
    for January to March only), 007 with the ten items and the texts in March and a general
    score in every month, 008 with no general score at all (missing data)."""
    write_book(folder / "catalog.xlsx", CATALOG)
    write_book(folder / "norms.xlsx", NORMS)
    rows = [WORKLOG_HEADER]
    for month, day in ((1, 6), (2, 10), (3, 2)):
        for staff, task, hours in (("007", "T1", 2), ("007", "T2", 5), ("001", "T3", 3),
                                   ("008", "T1", 2)):
            rows.append(worklog_row(len(rows), D(2026, month, day), staff, task, hours=hours))
    logs = write_book(folder / "worklogs.xlsx", {"Nhật ký": rows})
    write_book(folder / "assessments.xlsx", {"Tiêu chí chung": [
        GENERAL_HEADER,
        _assessment("001", "2026-01", 28, leader=True),
        _assessment("001", "2026-02", 28, leader=True),
        _assessment("001", "2026-03", 28, leader=True),
        _assessment("007", "2026-01", 27),
        _assessment("007", "2026-02", 26),
        _assessment("007", "2026-03", None, items=ITEMS_007, texts=(
            "Hoàn thành đúng hạn các hồ sơ thẩm định.", "Còn chậm cập nhật nhật ký.",
            "Đồng ý với kết quả tự đánh giá.", "Hoàn thành tốt nhiệm vụ",
            "Giữ nguyên vị trí việc làm.")),
        *[_assessment("007", f"2026-{month:02d}", 28) for month in range(4, 13)],
    ]})
    return logs


def run_forms(logs: Path, period: str, out: Path, *more: str) -> dict[str, Any]:
    result = runner.invoke(app, ["forms", str(logs), "--period", period, "--out", str(out),
                                 "--date", "5/2/2026", "--place", "Thanh Hóa", "--json", *more])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def run_score_json(logs: Path, period: str, out: Path) -> dict[str, dict[str, Any]]:
    result = runner.invoke(app, ["score", str(logs), "--period", period, "--out", str(out),
                                 "--json"])
    assert result.exit_code == 0, result.output
    return {person["staff_id"]: person for person in json.loads(result.stdout)["staff"]}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("forms-ward")
    ward(base)
    return base


@pytest.fixture(scope="module")
def month(folder: Path) -> dict[str, Any]:
    return run_forms(folder / "worklogs.xlsx", "2026-03", folder / "out-month")


@pytest.fixture(scope="module")
def quarter(folder: Path) -> dict[str, Any]:
    return run_forms(folder / "worklogs.xlsx", "2026-Q1", folder / "out-quarter")


@pytest.fixture(scope="module")
def year(folder: Path) -> dict[str, Any]:
    return run_forms(folder / "worklogs.xlsx", "2026", folder / "out-year")


# --- reading a form back -------------------------------------------------------------------


def forms_of(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {form["person"]["staff_id"]: form for unit in payload["units"] for form in unit["forms"]}


def person_file(payload: dict[str, Any], staff_id: str) -> Path:
    (found,) = [Path(p) for p in payload["outputs"] if Path(p).name.startswith(f"{staff_id} ")]
    return found


def lines(document: Any) -> list[str]:
    return [p.text for p in document.paragraphs]


def after(document: Any, label: str) -> str:
    """The text after `label` on its line: '' for a dotted blank (a tab to a dot leader)."""
    (line,) = [text for text in lines(document) if text.startswith(label)]
    value = line[len(label):]
    return "" if value == "\t" else value


def cell_texts(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def signature_names(document: Any) -> list[str]:
    return [cell.text.strip() for cell in document.tables[-1].rows[1].cells]


def check_person(document: Any, person: dict[str, Any]) -> None:
    header = cell_texts(document.tables[0])[0]
    assert header[0].startswith(person["agency_name"].upper())
    assert header[1].startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    assert after(document, "Họ và tên: ") == person["full_name"]
    assert after(document, "Chức vụ, chức danh: ") == (person["position"] or "")
    assert after(document, "Đơn vị công tác: ").startswith(person["unit_name"])
    assert signature_names(document) == [person["full_name"],
                                         person["supervisor_name"] or "." * 30]


def check_form01(document: Any, form: dict[str, Any], period_words: str) -> None:
    check_person(document, form["person"])
    assert f"(Kỳ theo dõi, đánh giá: {period_words})" in lines(document)
    table = cell_texts(document.tables[1])
    assert table[0] == ["TT", "Tiêu chí chấm điểm", "Điểm tối đa", "Điểm do cá nhân tự chấm"]
    item_rows = [row for row in table[2:-1] if row[0] not in ("I", "II", "III")]
    assert [row[2] for row in item_rows] == ["5", "5", *["2,5"] * 8]
    assert [row[3] for row in item_rows] == [points(v) for v in form["items"]]
    assert table[-1][1:] == ["Tổng cộng", "30", points(form["items_total"])]
    assert after(document, "1. Điểm tiêu chí chung: ") == points(form["general_score"])
    assert after(document, "2. Điểm tiêu chí kết quả thực hiện nhiệm vụ: ") == points(
        form["task_score"])
    assert after(document, "3. Tổng điểm theo dõi, đánh giá công chức: ") == points(form["total"])
    assert after(document, "4. Ưu điểm: ") == (form["strengths"] or "")
    assert after(document, "5. Hạn chế, khuyết điểm: ") == (form["weaknesses"] or "")
    assert after(document, "6. Ý kiến nhận xét của cấp có thẩm quyền theo dõi, đánh giá: ") == (
        form["reviewer_comment"] or "")
    assert "Thanh Hóa, ngày 05 tháng 02 năm 2026" in document.tables[-1].rows[0].cells[0].text


# --- month and quarter: Form 01 ------------------------------------------------------------


@pytest.mark.parametrize(("fixture", "words"), [
    pytest.param("month", "Tháng 3 năm 2026", id="month"),
    pytest.param("quarter", "Quý I năm 2026", id="quarter"),
])
def test_form01_fields_match_the_json(request: pytest.FixtureRequest, fixture: str,
                                      words: str) -> None:
    payload = request.getfixturevalue(fixture)
    assert payload["form"] == "01"
    forms = forms_of(payload)
    assert set(forms) == {"001", "007", "008"}
    for staff_id, form in forms.items():
        check_form01(docx.Document(str(person_file(payload, staff_id))), form, words)


def test_form01_numbers_are_the_score_commands(folder: Path, month: dict[str, Any],
                                               quarter: dict[str, Any]) -> None:
    for payload, period in ((month, "2026-03"), (quarter, "2026-Q1")):
        scored = run_score_json(folder / "worklogs.xlsx", period, folder / f"score-{period}")
        for staff_id, form in forms_of(payload).items():
            person = scored[staff_id]
            assert (form["general_score"], form["task_score"], form["total"]) == (
                person["general_score"], person["task_score"], person["total"])


def test_form01_items_and_texts_from_the_assessment(month: dict[str, Any],
                                                    quarter: dict[str, Any]) -> None:
    form = forms_of(month)["007"]
    assert form["items"] == ITEMS_007 and form["items_total"] == 28
    assert form["general_score"] == 28  # the sum of the items, written nowhere in the file
    assert form["strengths"] == "Hoàn thành đúng hạn các hồ sơ thẩm định."
    # the quarter has no assessment row of its own: the items stay blank, the mean is shown
    form = forms_of(quarter)["007"]
    assert form["items"] == [None] * 10 and form["items_total"] is None
    assert form["general_score"] == 27 and "no_items" in form["blanks"]


def test_missing_data_stays_blank_never_zero(month: dict[str, Any]) -> None:
    form = forms_of(month)["008"]
    assert form["general_score"] is None and form["total"] is None
    assert form["task_score"] is not None
    assert {"no_items", "no_general", "no_texts"} <= set(form["blanks"])
    document = docx.Document(str(person_file(month, "008")))
    for label in ("1. Điểm tiêu chí chung: ", "3. Tổng điểm theo dõi, đánh giá công chức: ",
                  "4. Ưu điểm: "):
        (line,) = [p for p in document.paragraphs if p.text.startswith(label)]
        assert line.text == label + "\t"  # the dot leader to fill by hand
        assert line.paragraph_format.tab_stops[0].leader is not None
    items = cell_texts(document.tables[1])
    assert all(row[3] == "" for row in items[2:])
    assert "0" not in [row[3] for row in items[2:]]
    # the head of the unit has no supervisor: the authority's name is left to write
    assert signature_names(docx.Document(str(person_file(month, "001"))))[1] == "." * 30


# --- year: Form 02 -------------------------------------------------------------------------


def test_form02_fields_match_the_json(folder: Path, year: dict[str, Any]) -> None:
    assert year["form"] == "02"
    scored = run_score_json(folder / "worklogs.xlsx", "2026", folder / "score-year")
    notes = {"not_assessed": "Không được theo dõi, đánh giá",
             "no_working_days": "Không có ngày làm việc (nghỉ hoặc không công tác)",
             "missing_general": "Thiếu điểm tiêu chí chung", None: ""}
    for staff_id, form in forms_of(year).items():
        document = docx.Document(str(person_file(year, staff_id)))
        check_person(document, form["person"])
        assert "Năm 2026" in lines(document)
        table = cell_texts(document.tables[1])
        assert table[0] == ["Tháng", "Tổng điểm theo dõi, đánh giá", "Ghi chú"]
        assert [row[0] for row in table[1:13]] == [str(m) for m in range(1, 13)]
        assert [row[1] for row in table[1:13]] == [points(m["total"]) for m in form["months"]]
        assert [row[2] for row in table[1:13]] == [notes[m["note"]] for m in form["months"]]
        assert table[13][:2] == ["Tổng điểm trung bình cả năm", points(form["mean"])]
        assert form["mean"] == scored[staff_id]["total"]
        assert form["level"] == scored[staff_id]["level"]
        boxes = [text for text in lines(document) if text.startswith(("☐", "☒"))]
        assert len(boxes) == 4  # two lines of two levels, self then authority
        ticked = [b.split("\t")[i] for b in boxes for i in (0, 1) if b.split("\t")[i][0] == "☒"]
        expected = [level for level in (form["self_level"], form["level"]) if level]
        labels = {"HTXSNV": "Hoàn thành xuất sắc nhiệm vụ", "HTTNV": "Hoàn thành tốt nhiệm vụ",
                  "HTNV": "Hoàn thành nhiệm vụ", "KHTNV": "Không hoàn thành nhiệm vụ"}
        assert ticked == [f"☒ {labels[level]}" for level in expected]
        proposal = lines(document)[lines(document).index("IV. ĐỀ XUẤT PHƯƠNG ÁN XỬ LÝ") + 1]
        assert proposal == (form["proposal"] or "\t")


def test_form02_months_and_classification(year: dict[str, Any]) -> None:
    forms = forms_of(year)
    assert all(m["total"] is not None and m["note"] is None for m in forms["007"]["months"])
    assert forms["007"]["mean"] is not None and forms["007"]["level"] is not None
    months = forms["001"]["months"]
    assert [m["total"] is not None for m in months] == [True] * 3 + [False] * 9
    assert {m["note"] for m in months[3:]} == {"missing_general"}
    assert forms["001"]["mean"] is None and forms["001"]["level"] is None
    assert forms["007"]["self_level"] == "HTTNV"
    assert forms["007"]["proposal"] == "Giữ nguyên vị trí việc làm."
    # no general score in any month: no total, no mean, not classified with the reason
    person = forms["008"]
    assert [m["note"] for m in person["months"][:3]] == ["missing_general"] * 3
    assert person["mean"] is None and person["level"] is None
    assert person["not_classified"] == "missing_general"
    document = docx.Document(str(person_file(year, "008")))
    assert "Không xếp loại: thiếu điểm tiêu chí chung" in lines(document)
    assert not any("☒" in text for text in lines(document))


# --- the unit document and the public list ------------------------------------------------


def test_unit_document_and_notice_list(folder: Path, month: dict[str, Any]) -> None:
    outputs = [Path(p) for p in month["outputs"]]
    names = {p.relative_to(folder / "out-month").as_posix() for p in outputs}
    assert names == {
        "forms/UB/001 Nguyễn Văn An.docx", "forms/UB/UB - Tất cả phiếu.docx",
        "forms/UB/UB - Danh sách kết quả.docx",
        "forms/KT/007 Trần Thị Bình.docx", "forms/KT/KT - Tất cả phiếu.docx",
        "forms/KT/KT - Danh sách kết quả.docx",
        "forms/VP/008 Lê Văn Cường.docx", "forms/VP/VP - Tất cả phiếu.docx",
        "forms/VP/VP - Danh sách kết quả.docx", "forms/Danh sách kết quả.docx"}
    (everyone,) = [p for p in outputs if p.name == "Danh sách kết quả.docx"]
    table = cell_texts(docx.Document(str(everyone)).tables[1])
    assert table[0] == ["STT", "Họ và tên", "Chức vụ, chức danh", "Điểm", "Mức xếp loại"]
    expected = [[str(n), line["full_name"], line["position"], points(line["total"]),
                 {"HTXSNV": "Hoàn thành xuất sắc nhiệm vụ", "HTTNV": "Hoàn thành tốt nhiệm vụ",
                  "HTNV": "Hoàn thành nhiệm vụ", "KHTNV": "Không hoàn thành nhiệm vụ"}.get(
                      line["level"], "Không xếp loại (thiếu điểm tiêu chí chung)")]
                for n, line in enumerate(month["notice"], start=1)]
    assert table[1:] == expected
    assert [line["staff_id"] for line in month["notice"]][-1] == "008"  # unranked last


def test_console_counts_the_blanks_and_why(folder: Path) -> None:
    result = runner.invoke(app, ["forms", str(folder / "worklogs.xlsx"), "--period", "2026-03",
                                 "--out", str(folder / "out-console")],
                           env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "Đã lập 3 phiếu (Mẫu số 01) kỳ 2026-03 cho 3 đơn vị" in result.output
    assert "2 phiếu còn chỗ trống (để ghi tay), vì:" in result.output  # 007 is complete
    assert "1 phiếu: thiếu điểm tiêu chí chung, nên chưa có tổng điểm" in result.output
    assert "2 phiếu: không có đủ mười tiêu chí chung" in result.output
    english = runner.invoke(app, ["forms", str(folder / "worklogs.xlsx"), "--period", "2026-03",
                                  "--out", str(folder / "out-console-en"), "--lang", "en"],
                            env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert "Wrote 3 forms (Form 01) for 2026-03" in english.output
    assert "1 form(s): no general score, so no total" in english.output


@pytest.mark.parametrize(("args", "code", "words"), [
    pytest.param(["--period", "2026-03", "--unit", "XX"], 2, "XX", id="unknown-unit"),
    pytest.param(["--period", "2026-03", "--date", "31/2/2026"], 2, "31/2/2026", id="bad-date"),
    pytest.param(["--period", "2026-03", "--unit", "KT"], 0, "1 phiếu", id="one-unit"),
])
def test_exit_codes(folder: Path, tmp_path: Path, args: list[str], code: int, words: str) -> None:
    result = runner.invoke(app, ["forms", str(folder / "worklogs.xlsx"), "--out", str(tmp_path),
                                 *args], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == code, result.output
    assert words in result.output


def test_never_written_over_an_input(folder: Path) -> None:
    result = runner.invoke(app, ["forms", str(folder / "worklogs.xlsx"), "--period", "2026-03",
                                 "--out", str(folder / "catalog.xlsx")])
    assert result.exit_code == 1
    assert (folder / "catalog.xlsx").read_bytes()[:2] == b"PK"


def test_help_says_the_forms_are_vietnamese_legal_documents() -> None:
    done = subprocess.run([sys.executable, "-m", "kpitool", "forms", "--help"],
                          capture_output=True, text=True, check=True,
                          env={**os.environ, "COLUMNS": "200"})
    shown = " ".join(done.stdout.split())
    assert "Các phiếu là văn bản pháp lý bằng tiếng Việt" in shown and "--place" in shown
    english = subprocess.run([sys.executable, "-m", "kpitool", "forms", "--help", "--lang", "en"],
                             capture_output=True, text=True, check=True,
                             env={**os.environ, "COLUMNS": "200"})
    assert "The forms are legal documents in Vietnamese" in " ".join(english.stdout.split())


@pytest.mark.parametrize(("name", "taken", "expected"), [
    pytest.param("007 Nguyễn Văn An", set(), "007 Nguyễn Văn An", id="plain"),
    pytest.param("CON", set(), "CON_", id="reserved-name"),
    pytest.param("008 Lê: Văn/Cường?", set(), "008 Lê Văn Cường", id="reserved-characters"),
    pytest.param("009 Trần Bình. ", set(), "009 Trần Bình", id="trailing-dot-and-space"),
    pytest.param("010 " + "A" * 200, set(), "010 " + "A" * 96, id="too-long"),
    pytest.param("011 Lê Văn", {"011 lê văn"}, "011 Lê Văn (2)", id="collision-any-case"),
    pytest.param("011 Lê Văn", {"011 lê văn", "011 lê văn (2)"}, "011 Lê Văn (3)",
                 id="second-collision"),
])
def test_windows_safe_names(name: str, taken: set[str], expected: str) -> None:
    assert windows_safe(name, taken) == expected
    assert expected.casefold() in taken


# --- a real word processor -----------------------------------------------------------------


def soffice() -> str:
    """LibreOffice; a skip when it is missing, a failure when CI=true (.ci/run installs it)."""
    found = shutil.which("soffice")
    if found and shutil.which("pdftotext"):
        return found
    message = "soffice or pdftotext not found: apt-get install libreoffice-writer-nogui " \
              "poppler-utils (.ci/run does)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def printed_pages(document: Path, tmp_path: Path) -> list[str]:
    """The pages of `document` as LibreOffice prints them, read back with pdftotext."""
    subprocess.run([soffice(), f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(document)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / f"{document.stem}.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def unit_document(payload: dict[str, Any], unit: str) -> Path:
    (found,) = [Path(p) for p in payload["outputs"] if Path(p).name == f"{unit} - Tất cả phiếu.docx"]
    return found


def test_unit_documents_print_one_form_per_person(tmp_path: Path,
                                                  tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("print-unit")
    write_book(folder / "catalog.xlsx", {**CATALOG, "Cán bộ": [
        CATALOG["Cán bộ"][0], CATALOG["Cán bộ"][1],
        *[[f"0{n}", name, "KT", "CV", "001", "Công chức"] for n, name in
          ((10, "Trần Thị Bình"), (11, "Phạm Đức Dũng"), (12, "Võ Thị Ánh Tuyết"))]]})
    write_book(folder / "norms.xlsx", NORMS)
    rows: list[list[object]] = [WORKLOG_HEADER]
    for month in (1, 2, 3):
        for n, staff in enumerate(("010", "011", "012")):
            rows.append(worklog_row(len(rows), D(2026, month, 2 + n), staff, "T1"))
    write_book(folder / "worklogs.xlsx", {"Nhật ký": rows})
    write_book(folder / "assessments.xlsx", {"Tiêu chí chung": [GENERAL_HEADER, *[
        _assessment(staff, f"2026-{month:02d}", None, items=ITEMS_007,
                    texts=("Ưu điểm: nhiệt tình, trách nhiệm. " * 6, "Hạn chế: " * 20,
                           "Ý kiến: đồng ý. " * 10, "Hoàn thành xuất sắc nhiệm vụ",
                           "Đề nghị khen thưởng. " * 8))
        for staff in ("010", "011", "012") for month in (1, 2, 3)]]})
    for period, title, most in (("2026-Q1", "PHIẾU THEO DÕI, ĐÁNH GIÁ CÔNG CHỨC", 2),
                                ("2026", "PHIẾU XẾP LOẠI CHẤT LƯỢNG CÔNG CHỨC", 1)):
        payload = run_forms(folder / "worklogs.xlsx", period, folder / f"out-{period}")
        pages = printed_pages(unit_document(payload, "KT"), tmp_path / period)
        starts = [n for n, page in enumerate(pages) if title in page]
        assert len(starts) == 3, period  # one form per person, each from a page of its own
        spans = [end - start for start, end in zip(starts, [*starts[1:], len(pages)],
                                                         strict=True)]
        assert all(1 <= span <= most for span in spans), (period, spans)
        firsts = [pages[n] for n in starts]
        for name in ("Trần Thị Bình", "Phạm Đức Dũng", "Võ Thị Ánh Tuyết"):
            assert sum(name in page for page in firsts) == 1, (period, name)
        for page in firsts:
            assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page
            assert "Độc lập - Tự do - Hạnh phúc" in page
            assert "Thanh Hóa, ngày 05 tháng 02 năm 2026" in "\n".join(pages)


@pytest.mark.parametrize(("row", "reason"), [
    pytest.param({"level": "HTTNV", "assessed": True}, None, id="classified"),
    pytest.param({"level": None, "assessed": True, "not_classified": "short_employment"},
                 "short_employment", id="the-results-own-reason"),
    pytest.param({"level": None, "assessed": False}, "not_assessed", id="not-assessed"),
    pytest.param({"level": None, "assessed": True, "total": None}, "missing_general",
                 id="no-general-score"),
])
def test_not_classified_reason(row: dict[str, Any], reason: str | None) -> None:
    assert not_classified_reason(row) == reason


@pytest.mark.parametrize(("unit", "people"), [
    pytest.param("UB", {"001", "007", "008"}, id="top-unit-and-everything-below"),
    pytest.param("KT", {"007"}, id="one-unit"),
])
def test_unit_option_takes_the_units_below(folder: Path, tmp_path: Path, unit: str,
                                           people: set[str]) -> None:
    payload = run_forms(folder / "worklogs.xlsx", "2026-03", tmp_path, "--unit", unit)
    assert set(forms_of(payload)) == people
    assert {line["staff_id"] for line in payload["notice"]} == people


def test_form02_under_quarterly_cycles_shows_each_quarter_on_its_months(
        folder: Path, tmp_path: Path) -> None:
    from kpitool.rules import preset_text

    rules = tmp_path / "quarterly.toml"
    rules.write_text(preset_text("nd335").replace('cycle = "month"', 'cycle = "quarter"', 1),
                     encoding="utf-8")
    for name in ("catalog.xlsx", "norms.xlsx", "worklogs.xlsx"):
        shutil.copy(folder / name, tmp_path / name)
    write_book(tmp_path / "assessments.xlsx", {"Tiêu chí chung": [
        GENERAL_HEADER, _assessment("007", "2026-Q1", 27), _assessment("001", "2026-Q1", 28, True)]})
    payload = run_forms(tmp_path / "worklogs.xlsx", "2026", tmp_path / "out", "--rules", str(rules))
    months = forms_of(payload)["007"]["months"]
    assert [m["cycle"] for m in months] == [f"2026-Q{q}" for q in (1, 2, 3, 4) for _ in range(3)]
    assert months[0]["total"] == months[1]["total"] == months[2]["total"] is not None
    assert {m["note"] for m in months[:3]} == {"quarter"}
    table = cell_texts(docx.Document(str(person_file(payload, "007"))).tables[1])
    assert [row[2] for row in table[1:4]] == ["Điểm của quý I"] * 3
