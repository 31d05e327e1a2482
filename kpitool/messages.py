"""The message catalog: every user-facing sentence, in Vietnamese (default) and English.

Each code has one template per language, filled with `str.format` parameters. A template may
end with a hint after " → " (what to do); renderers may show it apart.
"""

from __future__ import annotations

import string

LANGS = ("vi", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # --- general / CLI -------------------------------------------------------------------
    "invalid_data": {
        "vi": "Dữ liệu có {count} lỗi; chưa thể tiếp tục. → Sửa các ô được nêu rồi chạy lại.",
        "en": "The data has {count} problem(s); cannot go on. → Fix the cells listed, then run again.",
    },
    "internal_error": {
        "vi": "Lỗi không mong đợi trong kpitool ({error}). → Chạy lại với --debug và gửi báo cáo lỗi.",
        "en": "Unexpected error in kpitool ({error}). → Run again with --debug and report the bug.",
    },
    "bad_lang": {
        "vi": "Ngôn ngữ '{value}' không được hỗ trợ. → Dùng --lang vi hoặc --lang en.",
        "en": "Language '{value}' is not supported. → Use --lang vi or --lang en.",
    },
    "file_not_found": {
        "vi": "Không tìm thấy tệp {file}. → Kiểm tra lại đường dẫn.",
        "en": "File {file} not found. → Check the path.",
    },
    "no_input_files": {
        "vi": "Chưa có tệp đầu vào nào. → Ghi tên các tệp .xlsx cần kiểm tra.",
        "en": "No input files given. → Name the .xlsx files to check.",
    },
    "unsupported_file": {
        "vi": "Tệp {file} có định dạng '{suffix}' không được hỗ trợ. → Dùng tệp .xlsx "
              "(nhật ký có thể là .csv hoặc .parquet).",
        "en": "File {file} has unsupported format '{suffix}'. → Use an .xlsx file "
              "(worklogs may also be .csv or .parquet).",
    },
    "unreadable_file": {
        "vi": "Không đọc được tệp {file} ({error}). → Mở tệp bằng Excel, lưu lại dạng .xlsx rồi thử lại.",
        "en": "Cannot read file {file} ({error}). → Open it in Excel, save it as .xlsx and try again.",
    },
    "unknown_workbook": {
        "vi": "Không nhận ra tệp {file}: không có sheet nào của danh mục, định mức, nhật ký hay "
              "đánh giá (các sheet: {sheets}). → Dùng mẫu do 'kpitool init' tạo ra.",
        "en": "Cannot tell what {file} is: it has no sheet of a catalog, norms, worklogs or "
              "assessments workbook (sheets: {sheets}). → Start from a 'kpitool init' template.",
    },
    "output_exists": {
        "vi": "Tệp {file} đã có. → Dùng --force để ghi đè, hoặc chọn thư mục khác.",
        "en": "File {file} already exists. → Use --force to replace it, or choose another folder.",
    },
    "output_is_input": {
        "vi": "Không được ghi kết quả đè lên tệp đầu vào {file}. → Chọn tên tệp hoặc thư mục khác.",
        "en": "Refusing to write over input file {file}. → Choose another file name or folder.",
    },
    "cannot_write": {
        "vi": "Không ghi được {file} ({error}). → Kiểm tra quyền ghi và đóng tệp nếu đang mở trong Excel.",
        "en": "Cannot write {file} ({error}). → Check permissions and close the file if open in Excel.",
    },
    # --- reading: sheets and headers -----------------------------------------------------
    "missing_sheet": {
        "vi": "Thiếu sheet '{sheet}' (hoặc '{key}'). → Thêm sheet này theo mẫu của 'kpitool init'.",
        "en": "Sheet '{key}' (or '{sheet}') is missing. → Add it as in the 'kpitool init' template.",
    },
    "duplicate_sheet": {
        "vi": "Có hai sheet cùng là '{sheet}'. → Giữ lại một sheet.",
        "en": "Two sheets are both '{sheet}'. → Keep only one.",
    },
    "no_header": {
        "vi": "Không tìm thấy dòng tiêu đề cột trong sheet. → Dòng tiêu đề cần có các cột: {columns}.",
        "en": "No header row found in the sheet. → The header row needs the columns: {columns}.",
    },
    "missing_column": {
        "vi": "Thiếu cột bắt buộc '{label}'. → Thêm cột '{label}' vào dòng tiêu đề (dòng {row}).",
        "en": "Required column '{label}' is missing. → Add a '{label}' column to the header (row {row}).",
    },
    "duplicate_column": {
        "vi": "Cột '{label}' xuất hiện hai lần (ô {cell} và {other}). → Xóa hoặc đổi tên một cột.",
        "en": "Column '{label}' appears twice (cells {cell} and {other}). → Delete or rename one.",
    },
    "unknown_column": {
        "vi": "Cột '{value}' không thuộc mẫu; kpitool giữ nguyên nhưng không dùng cột này.",
        "en": "Column '{value}' is not part of the template; kpitool keeps but does not use it.",
    },
    "ambiguous_header": {
        "vi": "Tiêu đề hai dòng ở cột {column_letter} không rõ: dòng trên là '{upper}', dòng dưới là "
              "'{lower}'. → Gộp tiêu đề thành một dòng với đúng tên cột của mẫu.",
        "en": "Two-row header in column {column_letter} is ambiguous: '{upper}' above '{lower}'. "
              "→ Use a single header row with the template's column names.",
    },
    "formula_no_value": {
        "vi": "Ô chứa công thức nhưng chưa có giá trị tính sẵn. → Mở tệp bằng Excel, để Excel tính "
              "rồi lưu lại (hoặc dán giá trị thay cho công thức).",
        "en": "The cell holds a formula with no computed value. → Open the file in Excel, let it "
              "recalculate and save (or paste values instead of the formula).",
    },
    "sheet_too_large": {
        "vi": "Sheet có {rows} dòng, vượt giới hạn {limit}. → Tách dữ liệu thành nhiều tệp.",
        "en": "The sheet has {rows} rows, over the limit of {limit}. → Split the data into files.",
    },
    # --- reading: cells ------------------------------------------------------------------
    "required_value": {
        "vi": "Ô '{label}' đang trống. → Nhập giá trị cho ô này.",
        "en": "'{label}' is blank. → Fill in this cell.",
    },
    "bad_date": {
        "vi": "'{value}' không phải ngày hợp lệ. → Nhập ngày dạng ngày/tháng/năm, ví dụ 3/4/2026.",
        "en": "'{value}' is not a valid date. → Enter a date as d/m/yyyy, e.g. 3/4/2026.",
    },
    "bad_number": {
        "vi": "'{value}' không phải số. → Nhập một số, dùng dấu phẩy thập phân: 1,5.",
        "en": "'{value}' is not a number. → Enter a number, e.g. 1.5 (or 1,5).",
    },
    "bad_integer": {
        "vi": "'{value}' không phải số nguyên. → Nhập số nguyên, ví dụ 0, 1, 2.",
        "en": "'{value}' is not a whole number. → Enter a whole number such as 0, 1, 2.",
    },
    "bad_enum": {
        "vi": "'{value}' không phải giá trị hợp lệ của '{label}'. → Chọn một trong: {allowed}.",
        "en": "'{value}' is not a valid '{label}'. → Choose one of: {allowed}.",
    },
    "bad_period": {
        "vi": "'{value}' không phải kỳ đánh giá hợp lệ. → Ghi tháng dạng 2026-03 hoặc quý dạng 2026-Q1.",
        "en": "'{value}' is not a valid period. → Write a month as 2026-03 or a quarter as 2026-Q1.",
    },
    "error_value": {
        "vi": "Ô có giá trị lỗi của Excel '{value}'. → Sửa công thức hoặc nhập giá trị đúng.",
        "en": "The cell holds the Excel error '{value}'. → Fix the formula or enter the right value.",
    },
    "out_of_range": {
        "vi": "Giá trị {value} của '{label}' ngoài khoảng cho phép ({range}). → Sửa lại giá trị.",
        "en": "Value {value} of '{label}' is outside the allowed range ({range}). → Correct it.",
    },
    "not_allowed_value": {
        "vi": "Giá trị {value} của '{label}' không hợp lệ. → Chỉ nhận: {allowed}.",
        "en": "Value {value} of '{label}' is not allowed. → Only: {allowed}.",
    },
    "duplicate_key": {
        "vi": "'{value}' bị trùng (đã có ở dòng {other_row}). → Mỗi {label} chỉ được xuất hiện một lần.",
        "en": "'{value}' is repeated (already on row {other_row}). → Each {label} may appear only once.",
    },
    # --- cross-file checks ----------------------------------------------------------------
    "unknown_code": {
        "vi": "Mã '{value}' không có trong sheet '{target}'. → Sửa mã cho đúng hoặc bổ sung vào "
              "sheet '{target}'.",
        "en": "Code '{value}' is not in sheet '{target}'. → Correct it or add it to '{target}'.",
    },
    "catalog_not_given": {
        "vi": "Không có tệp danh mục (catalog) nên chưa kiểm tra được các mã. → Chạy kèm catalog.xlsx.",
        "en": "No catalog file given, so codes were not checked. → Include catalog.xlsx.",
    },
    "norms_not_given": {
        "vi": "Không có tệp định mức (norms) nên chưa kiểm tra được định mức. → Chạy kèm norms.xlsx.",
        "en": "No norms file given, so time norms were not checked. → Include norms.xlsx.",
    },
    "task_not_allowed_position": {
        "vi": "Công việc '{value}' không áp dụng cho vị trí '{position}' của cán bộ {staff_id}. "
              "→ Chọn công việc đúng vị trí, hoặc bổ sung vị trí vào cột 'Vị trí áp dụng' của danh mục.",
        "en": "Task '{value}' does not apply to position '{position}' of staff {staff_id}. "
              "→ Pick a task of that position, or add the position to the task in the catalog.",
    },
    "task_not_allowed_unit": {
        "vi": "Công việc '{value}' là việc riêng của đơn vị '{task_unit}', cán bộ {staff_id} thuộc "
              "đơn vị '{unit}'. → Chọn công việc của đơn vị mình.",
        "en": "Task '{value}' belongs to unit '{task_unit}' only, but staff {staff_id} is in unit "
              "'{unit}'. → Pick a task of the staff member's own unit.",
    },
    "norm_overlap": {
        "vi": "Định mức của công việc '{value}' (nhóm {group}) trùng thời gian hiệu lực với dòng "
              "{other_row}. → Sửa 'Hiệu lực từ'/'Hiệu lực đến' để hai định mức không chồng lên nhau.",
        "en": "The norm of task '{value}' (group {group}) overlaps the one on row {other_row}. "
              "→ Fix effective_from/effective_to so they do not overlap.",
    },
    "missing_norm": {
        "vi": "Công việc '{value}' chưa có định mức cho nhóm vị trí {group}. → Thêm một dòng "
              "định mức cho nhóm {group} (hoặc nhóm *) trong norms.xlsx.",
        "en": "Task '{value}' has no norm for position group {group}. → Add a norm row for "
              "group {group} (or *) in norms.xlsx.",
    },
    "no_norm_on_date": {
        "vi": "Không có định mức nào của công việc '{value}' cho nhóm {group} hiệu lực vào ngày "
              "{date}. → Kiểm tra ngày hoặc thời gian hiệu lực của định mức.",
        "en": "No norm of task '{value}' for group {group} is in force on {date}. → Check the "
              "date or the norm's effective dates.",
    },
    "supervisor_cycle": {
        "vi": "Chuỗi người duyệt bị vòng lặp: {chain}. → Sửa 'Mã người duyệt' để chuỗi dừng ở "
              "người đứng đầu đơn vị.",
        "en": "The supervisor chain loops: {chain}. → Fix supervisor_id so the chain ends at the "
              "head of a unit.",
    },
    "self_supervisor": {
        "vi": "Cán bộ {value} tự là người duyệt của mình. → Để trống nếu là người đứng đầu, hoặc "
              "ghi mã cấp trên trực tiếp.",
        "en": "Staff {value} is their own supervisor. → Leave it blank at the top of a unit, or "
              "give the direct supervisor's ID.",
    },
    "hours_over_24": {
        "vi": "Cán bộ {staff_id} khai tổng {value} giờ trong ngày {date} (quá 24 giờ). → Sửa số giờ "
              "các dòng của ngày này.",
        "en": "Staff {staff_id} declared {value} hours in total on {date} (over 24). → Correct "
              "the hours of that day's rows.",
    },
    "completed_before_date": {
        "vi": "Ngày hoàn thành {value} trước ngày thực hiện {date}. → Sửa một trong hai ngày.",
        "en": "Completion date {value} is before the work date {date}. → Correct one of them.",
    },
    "bad_date_range": {
        "vi": "Ngày '{value}' trước ngày bắt đầu '{start}' trên cùng dòng. → Sửa lại khoảng ngày.",
        "en": "Date '{value}' is before the start date '{start}' on the same row. → Fix the range.",
    },
    "unknown_approver": {
        "vi": "Người duyệt '{value}' không có trong danh sách cán bộ. → Ghi đúng mã người duyệt.",
        "en": "Approver '{value}' is not in the staff list. → Give the approver's staff ID.",
    },
}


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def text(code: str, lang: str = "vi", **params: object) -> str:
    """The message for `code` in `lang`, with its parameters filled in."""
    entry = MESSAGES.get(code)
    if entry is None:
        return f"{code}: {params}"
    template = entry.get(lang) or entry["vi"]
    return string.Formatter().vformat(template, (), _Params(params))


def split_hint(message: str) -> tuple[str, str]:
    """('what is wrong', 'what to do') from a rendered message."""
    what, _, hint = message.partition(" → ")
    return what, hint
