"""The message catalog: every user-facing sentence, in Vietnamese (default) and English.

Each code has one template per language, filled with `str.format` parameters. A template may
end with a hint after " → " (what to do); renderers may show it apart.
"""

from __future__ import annotations

from kpitool.numbers import number

LANGS = ("vi", "en")  # the languages of the catalog, the first the default

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
    "unsupported_file": {
        "vi": "Tệp {file} có định dạng '{suffix}' không được hỗ trợ. → Dùng tệp .xlsx "
              "(nhật ký có thể là .csv hoặc .parquet).",
        "en": "File {file} has unsupported format '{suffix}'. → Use an .xlsx file "
              "(worklogs may also be .csv or .parquet).",
    },
    # --- officer (issue 13): coverage, inputs found however given, hints -------------------
    "workbook_worklogs": {"vi": "nhật ký (worklogs)", "en": "worklogs"},
    "workbook_catalog": {"vi": "danh mục (catalog)", "en": "catalog"},
    "workbook_norms": {"vi": "định mức (norms)", "en": "norms"},
    "workbook_assessments": {"vi": "đánh giá (assessments)", "en": "assessments"},
    "workbook_assignments": {"vi": "giao việc (assignments)", "en": "assignments"},
    "companions_problem": {
        "vi": "Chưa đủ tệp đầu vào (đã tìm trong thư mục {folder}):",
        "en": "Input files missing (looked in the folder {folder}):",
    },
    "companion_missing_line": {"vi": "  • không có tệp {label};", "en": "  • no {label} file;"},
    "companion_ambiguous_line": {"vi": "  • nhiều tệp {label}: {candidates};",
                                 "en": "  • several {label} files: {candidates};"},
    "companions_hint": {
        "vi": "→ Đưa các tệp này vào lệnh (thứ tự bất kỳ) hoặc đặt cạnh tệp nhật ký; chỉ rõ một "
              "tệp bằng {options}.",
        "en": "→ Give these files on the command line (any order) or put them beside the "
              "worklogs; name one with {options}.",
    },
    "flag_warning": {"vi": "{kind}: {message}", "en": "{kind}: {message}"},
    "flag_notice": {"vi": "{kind}: {message}", "en": "{kind}: {message}"},
    "flags_not_checked": {
        "vi": "Chưa liệt kê được các cảnh báo của lệnh score (tự duyệt, quá 8 giờ/ngày, dòng chờ "
              "duyệt…) vì thiếu tệp {kinds}. → Đưa tệp {kinds} vào lệnh hoặc đặt cạnh tệp nhật ký.",
        "en": "The flags of score (self-approval, over 8 h a day, pending rows…) are not listed: "
              "no {kinds} file. → Give the {kinds} file too, or put it beside the worklogs.",
    },
    "flags_no_period": {
        "vi": "Chưa liệt kê được các cảnh báo: ngày nhật ký trải trên nhiều năm. → Kiểm tra từng "
              "kỳ bằng kpitool score --period.",
        "en": "The flags are not listed: the worklog dates span several years. → Check each "
              "period with kpitool score --period.",
    },
    "flags_after_errors": {
        "vi": "Các cảnh báo của lệnh score (tự duyệt, quá 8 giờ/ngày, dòng chờ duyệt…) chưa được "
              "liệt kê vì dữ liệu còn lỗi. → Sửa các lỗi rồi chạy lại validate để xem cảnh báo.",
        "en": "The flags of score (self-approval, over 8 h a day, pending rows…) are not listed "
              "while the data has errors. → Fix the errors, then run validate again to see them.",
    },
    "validate_ok_warnings": {
        "vi": "Hợp lệ: {files} tệp, {rows} dòng dữ liệu, không có lỗi; {warnings} cảnh báo cần "
              "xem (liệt kê ở trên, như lệnh score sẽ báo).",
        "en": "Valid: {files} file(s), {rows} data rows, no errors; {warnings} warning(s) to look "
              "at (listed above, as score will report them).",
    },
    "unknown_code_close": {
        "vi": "Mã '{value}' không có trong sheet '{target}'; có phải '{close}' không? ({why}) → "
              "Sửa thành '{close}', hoặc bổ sung '{value}' vào sheet '{target}'.",
        "en": "Code '{value}' is not in sheet '{target}'; did you mean '{close}'? ({why}) → "
              "Change it to '{close}', or add '{value}' to '{target}'.",
    },
    "close_zeros": {
        "vi": "Excel đã bỏ các số 0 ở đầu: định dạng cột là Văn bản (Text) rồi nhập lại mã",
        "en": "Excel dropped the leading zeros: format the column as Text and type the code again",
    },
    "close_case": {"vi": "chỉ khác chữ hoa, chữ thường",
                   "en": "it differs only in upper and lower case"},
    "close_spelling": {"vi": "mã gần giống nhất", "en": "the closest code"},
    "companion_option": {"vi": "--{kind} TỆP", "en": "--{kind} FILE"},
    "companions_hint_worklogs": {
        "vi": "→ Đưa tệp nhật ký (hoặc thư mục chứa nó) vào lệnh.",
        "en": "→ Give the worklog file (or the folder that holds it) on the command line.",
    },
    "companion_not_found": {
        "vi": "Không tìm thấy tệp {kind} trong thư mục {folder}: bỏ qua các kiểm tra cần tệp này. "
              "→ Đưa tệp {kind} vào lệnh hoặc đặt cạnh tệp nhật ký.",
        "en": "No {kind} file found in the folder {folder}: the checks that need it are skipped. "
              "→ Give the {kind} file too, or put it beside the worklogs.",
    },
    "companion_ambiguous_notice": {
        "vi": "Có nhiều tệp {kind} trong thư mục {folder} ({candidates}): chưa dùng tệp nào. → Đưa "
              "đúng một tệp {kind} vào lệnh.",
        "en": "Several {kind} files in the folder {folder} ({candidates}): none was used. → Give "
              "exactly one {kind} file on the command line.",
    },
    "input_skipped": {
        "vi": "Bỏ qua {file}: tệp khóa của Office hoặc kết quả do kpitool ghi, không phải tệp "
              "đầu vào.",
        "en": "Skipped {file}: an Office lock file or an output kpitool wrote, not an input.",
    },
    "coverage_months": {
        "vi": "Nhật ký có dòng trong tháng: {covered}.",
        "en": "Worklog rows cover the months: {covered}.",
    },
    "coverage_months_missing": {
        "vi": "KHÔNG có dòng nhật ký nào trong tháng: {missing}: số liệu các tháng này không phản "
              "ánh công việc. → Thêm tệp nhật ký còn thiếu rồi chạy lại.",
        "en": "NO worklog row at all in the months: {missing}: their figures do not reflect the "
              "work. → Add the missing worklog files and run again.",
    },
    "coverage_none": {"vi": "không có", "en": "none"},
    "ui_months_covered": {"vi": "Tháng có nhật ký", "en": "Months with worklogs"},
    "ui_months_missing": {"vi": "Tháng không có nhật ký", "en": "Months without worklogs"},
    "flag_no_worklogs": {
        "vi": "Không có dòng nhật ký nào trong kỳ {cycle}: điểm nhiệm vụ 0 không phải kết quả làm "
              "việc (có thể thiếu tệp nhật ký). → Thêm tệp nhật ký của kỳ {cycle} rồi chạy lại.",
        "en": "No worklog row at all in {cycle}: the task score of 0 is not a result (a worklog "
              "file may be missing). → Add the worklog file of {cycle} and run again.",
    },
    "flag_unit_no_worklogs": {
        "vi": "Đơn vị {unit} không có dòng nhật ký nào trong kỳ {cycle} ({people} người được "
              "đánh giá): có thể quên tệp nhật ký của đơn vị. → Thêm tệp rồi chạy lại.",
        "en": "Unit {unit} has no worklog row at all in {cycle} ({people} people assessed): its "
              "worklog file may have been forgotten. → Add the file and run again.",
    },
    "flagkind_flag_no_worklogs": {"vi": "Không có nhật ký trong kỳ", "en": "No worklog in cycle"},
    "flagkind_flag_unit_no_worklogs": {"vi": "Đơn vị không có nhật ký",
                                       "en": "Unit without worklogs"},
    "ui_high": {"vi": "Nghiêm trọng", "en": "High"},
    "coverage_lead": {
        "vi": "THIẾU NHẬT KÝ: {people} cán bộ không có dòng nhật ký nào trong kỳ {cycles}{units}. "
              "Điểm của họ không phản ánh công việc. → Thêm tệp nhật ký còn thiếu rồi chạy lại.",
        "en": "MISSING WORKLOGS: {people} staff have no worklog row at all in {cycles}{units}. "
              "Their scores do not reflect their work. → Add the missing worklog files and run "
              "again.",
    },
    "coverage_lead_units": {"vi": " (đơn vị không có dòng nào: {units})",
                            "en": " (units without any row: {units})"},
    "empty_file": {
        "vi": "Tệp {file} trống (0 byte). → Lưu lại tệp từ Excel hoặc tải lại bản đầy đủ.",
        "en": "File {file} is empty (0 bytes). → Save it again from Excel or download it again.",
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
    # --- broken and hostile files (kpitool/io/safety.py, docs/security.md) ----------------
    "not_xlsx": {
        "vi": "Tệp {file} không phải sổ tính Excel .xlsx dù có đuôi .xlsx. → Mở tệp gốc bằng Excel "
              "và chọn Lưu thành (Save As) → Sổ làm việc Excel (*.xlsx).",
        "en": "File {file} is not an Excel .xlsx workbook, although it is named .xlsx. → Open the "
              "original in Excel and use Save As → Excel Workbook (*.xlsx).",
    },
    "not_xlsx_text": {
        "vi": "Tệp {file} là tệp văn bản (có thể là CSV) bị đổi tên thành .xlsx. → Đổi đuôi thành "
              ".csv nếu đó là nhật ký CSV, hoặc mở bằng Excel rồi lưu thành .xlsx.",
        "en": "File {file} is a text file (perhaps CSV) renamed to .xlsx. → Rename it to .csv if "
              "it is a worklogs CSV, or open it in Excel and save it as .xlsx.",
    },
    "not_xlsx_html": {
        "vi": "Tệp {file} là trang HTML (thường do phần mềm web xuất ra) chứ không phải .xlsx. → "
              "Mở tệp bằng Excel rồi Lưu thành (Save As) → Sổ làm việc Excel (*.xlsx).",
        "en": "File {file} is an HTML page (often exported by a web system), not an .xlsx. → Open "
              "it in Excel and use Save As → Excel Workbook (*.xlsx).",
    },
    "not_xlsx_pdf": {
        "vi": "Tệp {file} là tệp PDF bị đổi tên thành .xlsx. → Xin tệp Excel gốc từ người gửi.",
        "en": "File {file} is a PDF renamed to .xlsx. → Ask the sender for the original Excel file.",
    },
    "not_xlsx_office": {
        "vi": "Tệp {file} là văn bản Word/PowerPoint bị đổi tên thành .xlsx. → Chọn đúng tệp Excel.",
        "en": "File {file} is a Word or PowerPoint document renamed to .xlsx. → Pick the Excel file.",
    },
    "not_xlsx_ods": {
        "vi": "Tệp {file} là bảng tính OpenDocument (.ods), không phải .xlsx. → Mở bằng LibreOffice "
              "hoặc Excel và lưu thành .xlsx.",
        "en": "File {file} is an OpenDocument spreadsheet (.ods), not an .xlsx. → Open it in "
              "LibreOffice or Excel and save it as .xlsx.",
    },
    "not_csv": {
        "vi": "Tệp {file} là sổ tính Excel nhưng có đuôi .csv. → Đổi đuôi tệp thành .xlsx.",
        "en": "File {file} is an Excel workbook named .csv. → Rename it to .xlsx.",
    },
    "old_xls": {
        "vi": "Tệp {file} là định dạng Excel 97-2003 (.xls) cũ, kpitool không đọc được. → Mở bằng "
              "Excel, chọn Lưu thành (Save As) → Sổ làm việc Excel (*.xlsx), rồi chạy lại với tệp .xlsx.",
        "en": "File {file} is in the old Excel 97-2003 (.xls) format, which kpitool cannot read. → "
              "Open it in Excel, Save As → Excel Workbook (*.xlsx), and run again on the .xlsx.",
    },
    "encrypted_workbook": {
        "vi": "Tệp {file} được đặt mật khẩu nên không đọc được. → Mở bằng Excel, vào Tệp → Thông "
              "tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu rồi lưu lại.",
        "en": "File {file} is password-protected and cannot be read. → Open it in Excel, File → "
              "Info → Protect Workbook → Encrypt with Password, clear the password and save.",
    },
    "truncated_file": {
        "vi": "Tệp {file} bị hỏng hoặc chưa tải về hết (tệp nén không đầy đủ). → Tải lại tệp hoặc "
              "xin người gửi lưu và gửi lại.",
        "en": "File {file} is damaged or was not downloaded completely. → Download it again, or "
              "ask the sender to save and send it again.",
    },
    "zip_too_large": {
        "vi": "Tệp {file} khi giải nén sẽ chiếm {size} MB, vượt giới hạn {limit} MB. → Tách dữ liệu "
              "thành nhiều tệp, hoặc nâng giới hạn bằng biến môi trường {env} nếu tin tưởng tệp này.",
        "en": "File {file} would inflate to {size} MB, over the limit of {limit} MB. → Split the "
              "data into several files, or raise the limit with the {env} environment variable "
              "if you trust this file.",
    },
    "zip_bomb": {
        "vi": "Tệp {file} có phần '{member}' nén {ratio} lần (giới hạn {limit}): dấu hiệu tệp độc "
              "hại (zip bomb), không mở. → Không dùng tệp này; nếu chắc chắn tệp an toàn, nâng giới "
              "hạn bằng biến môi trường {env}.",
        "en": "File {file} has a part '{member}' compressed {ratio} times (limit {limit}): the mark "
              "of a malicious file (zip bomb); not opened. → Do not use this file; if you are sure "
              "it is safe, raise the limit with the {env} environment variable.",
    },
    "zip_bomb_lying": {
        "vi": "Tệp {file} có phần '{member}' giải nén ra nhiều hơn kích thước khai báo ({declared} "
              "byte): tệp hỏng hoặc độc hại, đã dừng đọc. → Không dùng tệp này; xin bản lưu lại từ Excel.",
        "en": "File {file} has a part '{member}' that inflates beyond its declared size "
              "({declared} bytes): damaged or malicious; reading stopped. → Do not use this file; "
              "ask for a copy saved again from Excel.",
    },
    "xml_dtd": {
        "vi": "Tệp {file} có phần '{member}' chứa khai báo DTD/ENTITY mà Excel không bao giờ ghi "
              "(có thể là tệp độc hại); không đọc. → Không dùng tệp này; xin bản lưu lại từ Excel.",
        "en": "File {file} has a part '{member}' with a DTD/ENTITY declaration, which Excel never "
              "writes (possibly malicious); not read. → Do not use this file; ask for a copy saved "
              "again from Excel.",
    },
    "bad_encoding": {
        "vi": "Tệp {file} không phải văn bản {encoding}. → Nếu tệp lưu từ Excel cũ bằng bảng mã "
              "tiếng Việt Windows, thêm --encoding cp1258; hoặc lưu lại dạng CSV UTF-8.",
        "en": "File {file} is not {encoding} text. → If it was saved with the Windows Vietnamese "
              "code page, add --encoding cp1258; or save it again as CSV UTF-8.",
    },
    "unknown_encoding": {
        "vi": "Không có bảng mã '{encoding}'. → Dùng ví dụ --encoding cp1258 hoặc --encoding utf-8.",
        "en": "Unknown encoding '{encoding}'. → Use e.g. --encoding cp1258 or --encoding utf-8.",
    },
    "bad_limit": {
        "vi": "Biến môi trường {name}='{value}' không phải số nguyên dương. → Sửa hoặc bỏ biến này.",
        "en": "Environment variable {name}='{value}' is not a positive whole number. → Fix or unset it.",
    },
    "nothing_to_score": {
        "vi": "Nhật ký {files} không có dòng dữ liệu nào (chỉ có dòng tiêu đề): không có gì để chấm "
              "điểm. → Nhập các dòng công việc dưới dòng tiêu đề rồi chạy lại.",
        "en": "The worklogs {files} have no data rows (only the header): nothing to score. → Enter "
              "the work rows under the header and run again.",
    },
    "interrupted": {
        "vi": "Đã dừng theo yêu cầu; các tệp kết quả cũ vẫn nguyên vẹn, không có tệp ghi dở.",
        "en": "Stopped on request; earlier outputs are intact and no half-written file was left.",
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
        "vi": "Sheet '{sheet}' của tệp {file} trải {rows} dòng × {columns} cột, vượt giới hạn {limit} "
              "ô. → Xóa các ô có dữ liệu lạc ở xa (Ctrl+End để tìm), hoặc tách dữ liệu thành nhiều "
              "tệp; nâng giới hạn bằng biến môi trường {env} nếu máy đủ bộ nhớ.",
        "en": "Sheet '{sheet}' of {file} spans {rows} rows × {columns} columns, over the limit of "
              "{limit} cells. → Delete stray cells far from the data (Ctrl+End finds them), or "
              "split the data into files; raise the limit with the {env} environment variable if "
              "the machine has the memory.",
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
    # --- templates (kpitool init, kpitool template) ----------------------------------------
    "output_not_xlsx": {
        "vi": "Tệp kết quả {file} phải có đuôi .xlsx. → Ví dụ: -o nhat_ky_mau.xlsx.",
        "en": "Output file {file} must end in .xlsx. → For example: -o worklogs_template.xlsx.",
    },
    "unknown_template": {
        "vi": "Không có mẫu '{value}'. → Dùng: {allowed}.",
        "en": "There is no '{value}' template. → Use: {allowed}.",
    },
    "unknown_unit": {
        "vi": "Không có đơn vị '{value}' trong danh mục. → Chọn một trong: {allowed}.",
        "en": "Unit '{value}' is not in the catalog. → Choose one of: {allowed}.",
    },
    "unit_without_staff": {
        "vi": "Đơn vị '{value}' chưa có cán bộ nào trong danh mục. → Thêm cán bộ vào sheet "
              "'Cán bộ'.",
        "en": "Unit '{value}' has no staff in the catalog. → Add its staff to the 'staff' sheet.",
    },
    "no_staff": {
        "vi": "Danh mục chưa có cán bộ nào. → Thêm cán bộ vào sheet 'Cán bộ' của catalog.xlsx.",
        "en": "The catalog has no staff. → Add staff to the 'staff' sheet of catalog.xlsx.",
    },
    "no_allowed_tasks": {
        "vi": "Cán bộ của {value} không được giao công việc nào có định mức. → Kiểm tra cột "
              "'Vị trí áp dụng', 'Mã đơn vị' của danh mục công việc và sheet 'Định mức'.",
        "en": "The staff of {value} may log no task that has a norm. → Check the tasks' "
              "positions and unit_code columns and the norms sheet.",
    },
    "template_written": {
        "vi": "Đã tạo {file}",
        "en": "Wrote {file}",
    },
    "tpl_guide_sheet": {"vi": "Hướng dẫn", "en": "Guide"},
    "tpl_guide_title": {
        "vi": "Hướng dẫn nhập tệp {file} ({book})",
        "en": "How to fill in {file} ({book})",
    },
    "tpl_guide_intro": {
        "vi": "Dòng 1 của mỗi sheet là tiêu đề cột, không sửa; nhập dữ liệu từ dòng 2. Chọn một ô "
              "để xem hướng dẫn của cột; cột có danh sách thì chọn trong danh sách. Ngày nhập dạng "
              "ngày/tháng/năm; mã (cán bộ, đơn vị, công việc) được giữ nguyên dạng văn bản.",
        "en": "Row 1 of each sheet holds the column headers; do not change it, enter data from "
              "row 2. Select a cell to see the column's help; where a column has a list, pick "
              "from it. Dates are d/m/yyyy; codes (staff, unit, task) are kept as text.",
    },
    "tpl_guide_unit": {
        "vi": "Mẫu nhật ký cho đơn vị {unit}: cột Mã cán bộ và Mã công việc chỉ nhận giá trị trong "
              "danh sách; các cột màu xám tự điền, không sửa.",
        "en": "Worklogs template for unit {unit}: staff ID and task code take only values from "
              "their lists; grey columns fill themselves, do not edit them.",
    },
    "tpl_guide_all_units": {
        "vi": "Mẫu nhật ký cho mọi đơn vị: cột Mã cán bộ và Mã công việc chỉ nhận giá trị trong "
              "danh sách; các cột màu xám tự điền, không sửa.",
        "en": "Worklogs template for all units: staff ID and task code take only values from "
              "their lists; grey columns fill themselves, do not edit them.",
    },
    "tpl_head_sheet": {"vi": "Sheet", "en": "Sheet"},
    "tpl_head_label": {"vi": "Cột", "en": "Column"},
    "tpl_head_key": {"vi": "Mã cột", "en": "Key"},
    "tpl_head_required": {"vi": "Bắt buộc", "en": "Required"},
    "tpl_head_allowed": {"vi": "Giá trị cho phép", "en": "Allowed values"},
    "tpl_head_help": {"vi": "Hướng dẫn", "en": "Help"},
    "tpl_sheet_optional": {"vi": "sheet không bắt buộc", "en": "optional sheet"},
    "tpl_required": {"vi": "Bắt buộc", "en": "required"},
    "tpl_nullable": {"vi": "Có cột, được để trống", "en": "column required, may be blank"},
    "tpl_optional": {"vi": "Không bắt buộc", "en": "optional"},
    "tpl_default": {"vi": "mặc định: {value}", "en": "default: {value}"},
    "tpl_kind_text": {"vi": "văn bản", "en": "text"},
    "tpl_kind_id": {"vi": "mã, giữ nguyên số 0 đầu (007)", "en": "code, leading zeros kept (007)"},
    "tpl_kind_date": {"vi": "ngày/tháng/năm, ví dụ 3/4/2026", "en": "d/m/yyyy, e.g. 3/4/2026"},
    "tpl_kind_period": {
        "vi": "tháng 2026-03 hoặc quý 2026-Q1",
        "en": "month 2026-03 or quarter 2026-Q1",
    },
    "tpl_kind_codes": {
        "vi": "các mã vị trí, cách nhau bởi dấu phẩy",
        "en": "position codes separated by commas",
    },
    "tpl_kind_number": {"vi": "số {range}", "en": "number {range}"},
    "tpl_kind_integer": {"vi": "số nguyên {range}", "en": "whole number {range}"},
    "tpl_and": {"vi": "và", "en": "and"},
    "tpl_error_title": {"vi": "Giá trị không hợp lệ", "en": "Invalid value"},
    "tpl_error_list": {
        "vi": "Chọn một giá trị trong danh sách: {allowed}.",
        "en": "Pick a value from the list: {allowed}.",
    },
    "tpl_error_staff": {
        "vi": "Mã cán bộ không có trong danh sách của mẫu này. → Chọn trong danh sách.",
        "en": "This staff ID is not on this template's list. → Pick one from the list.",
    },
    "tpl_error_task": {
        "vi": "Mã công việc không có trong danh sách của mẫu này. → Chọn trong danh sách.",
        "en": "This task code is not on this template's list. → Pick one from the list.",
    },
    "tpl_error_date": {
        "vi": "Nhập ngày dạng ngày/tháng/năm, ví dụ 3/4/2026.",
        "en": "Enter a date as d/m/yyyy, e.g. 3/4/2026.",
    },
    "tpl_error_number": {
        "vi": "Nhập một số {range}.",
        "en": "Enter a number {range}.",
    },
    "tpl_error_integer": {
        "vi": "Nhập một số nguyên {range}.",
        "en": "Enter a whole number {range}.",
    },
    "tpl_readonly_help": {
        "vi": "Tự động điền từ danh mục; không sửa.",
        "en": "Filled in from the catalog; do not edit.",
    },
    "tpl_not_allowed": {
        "vi": "Không áp dụng cho cán bộ này",
        "en": "Not allowed for this staff member",
    },
    # --- labels of the terminal tables ---------------------------------------------------
    "ui_error": {"vi": "Lỗi", "en": "Error"},
    # --- the command-line parser's own words (kpitool/cliparse.py) --------------------------
    "cli_usage": {"vi": "Cách dùng:", "en": "Usage:"},
    "cli_arguments": {"vi": "Tham số", "en": "Arguments"},
    "cli_options": {"vi": "Tùy chọn", "en": "Options"},
    "cli_commands": {"vi": "Lệnh", "en": "Commands"},
    "cli_required": {"vi": "bắt buộc", "en": "required"},
    "cli_default": {"vi": "mặc định: {default}", "en": "default: {default}"},
    "cli_dynamic": {"vi": "(tùy lúc chạy)", "en": "(dynamic)"},
    "cli_env_var": {"vi": "biến môi trường: {var}", "en": "env var: {var}"},
    "cli_aborted": {"vi": "Đã dừng.", "en": "Aborted."},
    "cli_missing_command": {
        "vi": "Thiếu tên lệnh. → Gõ kpitool --help để xem các lệnh.",
        "en": "A command is missing. → Type kpitool --help to list the commands.",
    },
    "cli_no_command": {
        "vi": "Không có lệnh '{name}'. → Gõ kpitool --help để xem các lệnh.",
        "en": "No such command '{name}'. → Type kpitool --help to list the commands.",
    },
    # the help of each command (help_cmd_<command>) and option (help_opt_[<command>_]<name>)
    "help_cmd_root": {
        "vi": "kpitool: chấm điểm KPI cho cán bộ, công chức từ tệp Excel (Nghị định 335/2025).",
        "en": "kpitool: KPI scores for public servants from Excel work diaries (Decree 335/2025).",
    },
    "help_cmd_validate": {
        "vi": "Kiểm tra các tệp đầu vào, báo mọi lỗi theo tệp, sheet và ô.\n\n"
              "Ví dụ:  kpitool validate du-lieu/*.xlsx --annotate danh-dau/",
        "en": "Check input workbooks and list every problem by file, sheet and cell.\n\n"
              "Example:  kpitool validate data/*.xlsx --annotate marked/",
    },
    "help_cmd_init": {
        "vi": "Tạo bốn tệp mẫu trống: catalog, norms, worklogs, assessments (.xlsx), có danh "
              "sách chọn, kiểm tra khi nhập, hướng dẫn từng cột. Tệp đã có được giữ nguyên, trừ "
              "khi có --force.\n\nVí dụ:  kpitool init du-lieu/",
        "en": "Write blank catalog.xlsx, norms.xlsx, worklogs.xlsx and assessments.xlsx with "
              "dropdowns, input checks, help on every column and a guide sheet. Existing files "
              "are kept unless --force is given.\n\nExample:  kpitool init data/ --lang en",
    },
    "help_cmd_template": {
        "vi": "Tạo mẫu nhật ký cho một đơn vị: mã cán bộ và mã công việc chọn từ danh sách "
              "đúng cán bộ của đơn vị và công việc họ được làm; các cột xám khóa hiện tên, công "
              "việc và định mức. Không có --unit: mẫu cho mọi đơn vị.\n\n"
              "Ví dụ:  kpitool template worklogs --catalog catalog.xlsx --norms norms.xlsx "
              "--unit VP -o nhat-ky-VP.xlsx",
        "en": "Write a worklogs template for one unit: staff ID and task code are dropdowns of "
              "exactly that unit's staff and the tasks they may log; grey locked columns show "
              "the name, the task and its norm hours. Without --unit the template covers every "
              "unit.\n\nExample:  kpitool template worklogs --catalog catalog.xlsx --norms "
              "norms.xlsx --unit VP -o worklogs-VP.xlsx --lang en",
    },
    "help_cmd_score": {
        "vi": "Chấm điểm KPI cho kỳ đánh giá, ghi báo cáo xếp hạng, báo cáo HTML và bảng tổng "
              "hợp từng đơn vị.\n\nVí dụ:  kpitool score du-lieu/worklogs.xlsx --period 2026-Q1",
        "en": "Score every staff member for the period; write the ranked report, the HTML "
              "report and one workbook per unit.\n\n"
              "Example:  kpitool score data/worklogs.xlsx --period 2026-Q1 --lang en",
    },
    "help_cmd_explain": {
        "vi": "Giải thích điểm của một cán bộ, từng dòng: giờ quy đổi, a, b, c, giờ chuẩn, "
              "tổng, xếp loại.\n\nVí dụ:  kpitool explain 007 du-lieu/worklogs.xlsx",
        "en": "Explain one person's score row by row: converted hours, a, b, c, the basis, "
              "the total and the level.\n\nExample:  kpitool explain 007 data/worklogs.xlsx "
              "--lang en",
    },
    "help_cmd_report": {
        "vi": "Phân tích kỳ đánh giá: điểm bình quân và cơ cấu xếp loại từng tháng theo đơn "
              "vị, giờ khai so với giờ chuẩn quy đổi mỗi ngày làm việc (đánh dấu đơn vị bất "
              "thường), công việc tốn nhiều giờ nhất và công việc không dùng, người đổi mức xếp "
              "loại, cảnh báo theo loại và đơn vị. Ghi report_<kỳ>.html và report_<kỳ>.xlsx "
              "(biểu đồ Excel).\n\nVí dụ:  kpitool report du-lieu/worklogs.xlsx --period 2026-Q1",
        "en": "The analyst's view of a period: month-by-month mean total and level mix per "
              "unit, declared against converted hours per working day (outlier units marked), "
              "the tasks with the most converted hours and the tasks never used, people whose "
              "level changed between months, and the flags by kind and unit. Writes "
              "report_<period>.html and report_<period>.xlsx (with native Excel charts).\n\n"
              "Example:  kpitool report data/worklogs.xlsx --period 2026-Q1 --lang en",
    },
    "help_cmd_rules": {"vi": "Bộ quy tắc chấm điểm: in, kiểm tra.",
                       "en": "Scoring rules: print one, check one."},
    "help_cmd_rules.show": {
        "vi": "In một bộ quy tắc có sẵn dạng TOML để sửa theo.\n\n"
              "Ví dụ:  kpitool rules show khanh-hoa > quy-tac.toml",
        "en": "Print a preset as TOML, to start your own rules from.\n\n"
              "Example:  kpitool rules show khanh-hoa > my-rules.toml",
    },
    "help_cmd_rules.check": {
        "vi": "Kiểm tra một tệp quy tắc.\n\nVí dụ:  kpitool rules check quy-tac.toml",
        "en": "Check a rules file.\n\nExample:  kpitool rules check my-rules.toml",
    },
    "help_cmd_forms": {
        "vi": "Lập phiếu theo Nghị định 335: Mẫu số 01 cho mỗi người (tháng, quý), Mẫu số 02 "
              "(năm); mỗi đơn vị một tệp gồm mọi phiếu (mỗi người một trang mới) và danh sách "
              "công khai kết quả. Các phiếu là văn bản pháp lý bằng tiếng Việt (Phụ lục II): "
              "--lang chỉ đổi ngôn ngữ thông báo trên màn hình. Giá trị thiếu để dòng chấm để "
              "ghi tay.\n\nVí dụ:  kpitool forms du-lieu/worklogs.xlsx --period 2026-03 "
              "--place \"Thanh Hóa\"",
        "en": "Write the decree's forms as Word documents: Form 01 per person for a month or a "
              "quarter, Form 02 for a year; per unit one document with every form (a new page "
              "per person) and the results list for public notice. The forms are legal "
              "documents in Vietnamese (Decree 335/2025, Appendix II): --lang changes only the "
              "console messages. A missing value stays a dotted blank to fill by hand.\n\n"
              "Example:  kpitool forms data/worklogs.xlsx --period 2026-03 --place \"Thanh Hoa\"",
    },
    "help_opt_forms_unit": {"vi": "Chỉ một đơn vị (và các đơn vị trực thuộc).",
                            "en": "One unit only (and the units under it)."},
    "help_opt_assignments": {"vi": "Tệp giao việc (mặc định: tìm cạnh tệp nhật ký).",
                             "en": "The assignments file (default: found beside the worklogs)."},
    "help_opt_place": {"vi": "Địa danh ghi ở dòng ngày tháng, ví dụ \"Thanh Hóa\" (mặc định: để "
                             "trống).",
                       "en": "The place on the date line, e.g. \"Thanh Hoa\" (default: blank)."},
    "help_opt_date": {"vi": "Ngày ghi trên phiếu, d/m/yyyy (mặc định: hôm nay).",
                      "en": "The date on the forms, d/m/yyyy (default: today)."},
    "help_opt_forms_json_out": {"vi": "In nội dung các phiếu dạng JSON ra stdout.",
                                "en": "Print the forms' contents as JSON on stdout."},
    "help_opt_version": {"vi": "In phiên bản rồi thoát.", "en": "Print the version and exit."},
    "help_opt_lang": {"vi": "Ngôn ngữ: vi (mặc định) hoặc en.",
                      "en": "Language: vi (the default) or en."},
    "help_opt_debug": {"vi": "Hiện traceback khi có lỗi (cho người phát triển).",
                       "en": "Show tracebacks on errors (for developers)."},
    "help_opt_encoding": {"vi": "Bảng mã của tệp CSV (mặc định UTF-8).",
                          "en": "Encoding of CSV files (UTF-8 by default)."},
    "help_opt_json_out": {"vi": "In kết quả dạng JSON ra stdout.",
                          "en": "Print the result as JSON on stdout."},
    "help_opt_worklogs": {
        "vi": "Các tệp hoặc thư mục đầu vào, theo thứ tự bất kỳ: mỗi tệp được nhận ra theo "
              "sheet (nhật ký, danh mục, định mức, đánh giá; .xlsx, .csv, .parquet); thư mục = "
              "mọi tệp đầu vào trong đó.",
        "en": "Input files or folders, in any order: each file is recognised by its sheets "
              "(worklogs, catalog, norms, assessments; .xlsx, .csv, .parquet); a folder = every "
              "input file in it."},
    "help_opt_catalog": {"vi": "Tệp danh mục (mặc định: tìm cạnh tệp nhật ký).",
                         "en": "The catalog file (default: found beside the worklogs)."},
    "help_opt_norms": {"vi": "Tệp định mức (mặc định: tìm cạnh tệp nhật ký).",
                       "en": "The norms file (default: found beside the worklogs)."},
    "help_opt_assessments": {"vi": "Tệp đánh giá (mặc định: tìm cạnh tệp nhật ký).",
                             "en": "The assessments file (default: found beside the worklogs)."},
    "help_opt_period": {
        "vi": "Kỳ: tháng (2026-04, 4/2026, T4/2026), quý (2026-Q2, quý 2/2026), 6 tháng (2026-H1), "
              "năm (2026); mặc định: theo ngày nhật ký.",
        "en": "Period: a month (2026-04, 4/2026), a quarter (2026-Q2, Q2/2026), a half-year "
              "(2026-H1) or a year (2026); default: from the worklog dates.",
    },
    "help_opt_rules": {"vi": "Bộ quy tắc: nd335 (mặc định), khanh-hoa, hoặc tệp .toml.",
                       "en": "Rules: nd335 (the default), khanh-hoa, or a .toml file."},
    "help_opt_out": {"vi": "Thư mục kết quả (mặc định kpi-<kỳ>/ cạnh tệp nhật ký đầu tiên).",
                     "en": "Output folder (default: kpi-<period>/ beside the first worklog)."},
    "help_opt_enforce_quota": {
        "vi": "Khi số xuất sắc vượt tỷ lệ của bộ quy tắc (quota.excellent_share_of_good), hạ "
              "người xuất sắc có điểm thấp nhất xuống loại tốt.",
        "en": "When the excellent exceed the rules' share (quota.excellent_share_of_good), move "
              "the lowest of them to good.",
    },
    "help_opt_skip_invalid": {"vi": "Bỏ qua các dòng lỗi (liệt kê ra) thay vì dừng.",
                              "en": "Skip invalid rows (listed) instead of stopping."},
    "help_opt_force": {"vi": "Ghi đè tệp đã có.", "en": "Replace existing files."},
    "help_opt_validate_files": {"vi": "Các tệp .xlsx (nhật ký có thể là .csv, .parquet).",
                                "en": "The .xlsx files (worklogs may be .csv, .parquet)."},
    "help_opt_validate_annotate": {
        "vi": "Ghi bản sao tô màu và chú thích các ô lỗi (một thư mục khi nhiều tệp có lỗi).",
        "en": "Write a marked copy with the bad cells coloured and commented (a folder when "
              "several files have problems).",
    },
    "help_opt_init_folder": {"vi": "Thư mục sẽ chứa các tệp mẫu.",
                             "en": "The folder to write the templates into."},
    "help_opt_template_kind": {"vi": "Loại mẫu: worklogs (nhật ký) hoặc assignments (giao việc).",
                               "en": "Template kind: worklogs or assignments."},
    "help_opt_template_catalog": {"vi": "Tệp danh mục (catalog.xlsx).",
                                  "en": "The catalog file (catalog.xlsx)."},
    "help_opt_template_norms": {"vi": "Tệp định mức (norms.xlsx).",
                                "en": "The norms file (norms.xlsx)."},
    "help_opt_template_output": {"vi": "Tệp mẫu cần tạo (.xlsx).",
                                 "en": "The template to write (.xlsx)."},
    "help_opt_template_unit": {"vi": "Mã đơn vị; bỏ trống = mọi đơn vị.",
                               "en": "Unit code; none = every unit."},
    "help_opt_explain_staff_id": {"vi": "Mã cán bộ.", "en": "Staff ID."},
    "help_opt_rules.show_preset": {"vi": "nd335 hoặc khanh-hoa.", "en": "nd335 or khanh-hoa."},
    "help_opt_rules.check_file": {"vi": "Tệp quy tắc .toml.", "en": "A rules .toml file."},
    "cli_options_metavar": {"vi": "[TÙY_CHỌN]", "en": "[OPTIONS]"},
    "cli_subcommand_metavar": {"vi": "LỆNH [THAM_SỐ]...", "en": "COMMAND [ARGS]..."},
    "cli_help_option": {"vi": "Hiện hướng dẫn này rồi thoát.", "en": "Show this help and exit."},
    "cli_try_help": {"vi": "Gõ '{command} --help' để xem hướng dẫn.",
                     "en": "Type '{command} --help' for help."},
    "cli_metavar_period": {"vi": "KỲ", "en": "PERIOD"},
    "cli_metavar_lang": {"vi": "vi|en", "en": "vi|en"},
    "cli_metavar_unit": {"vi": "MÃ_ĐƠN_VỊ", "en": "UNIT"},
    "cli_metavar_encoding": {"vi": "BẢNG_MÃ", "en": "ENCODING"},
    "cli_metavar_file": {"vi": "TỆP", "en": "FILE"},
    "cli_metavar_value": {"vi": "GIÁ_TRỊ", "en": "VALUE"},
    "cli_metavar_staff": {"vi": "MÃ_CÁN_BỘ", "en": "STAFF_ID"},
    "cli_metavar_kind": {"vi": "LOẠI", "en": "KIND"},
    "cli_metavar_preset": {"vi": "BỘ_QUY_TẮC", "en": "PRESET"},
    "cli_metavar_folder": {"vi": "THƯ_MỤC", "en": "FOLDER"},
    "cli_no_such_option": {
        "vi": "Không có tùy chọn {option}. → Gõ lệnh kèm --help để xem các tùy chọn.",
        "en": "No such option: {option}. → Add --help to the command to list its options.",
    },
    "cli_did_you_mean": {"vi": "(Có phải: {options}?)", "en": "(Did you mean: {options}?)"},
    "cli_missing": {
        "vi": "Thiếu {what}. → Thêm giá trị này vào lệnh (xem --help).",
        "en": "Missing {what}. → Add it to the command (see --help).",
    },
    "cli_option_needs_value": {
        "vi": "Tùy chọn {option} cần một giá trị đi kèm. → Ví dụ: {option} 2026-04.",
        "en": "Option {option} needs a value. → For example: {option} 2026-04.",
    },
    "cli_bad_value": {
        "vi": "Giá trị không hợp lệ cho {what}: {detail} → Xem --help.",
        "en": "Invalid value for {what}: {detail} → See --help.",
    },
    "cli_extra_arguments": {
        "vi": "Thừa tham số: {args}. → Bỏ bớt, hoặc đặt trong dấu nháy nếu là một tên tệp có dấu cách.",
        "en": "Unexpected extra arguments: {args}. → Remove them, or quote a file name with spaces.",
    },
    "ui_warning": {"vi": "Cảnh báo", "en": "Warning"},
    "ui_notice": {"vi": "Lưu ý", "en": "Notice"},
    "ui_cell": {"vi": "Ô", "en": "Cell"},
    "ui_column": {"vi": "Cột", "en": "Column"},
    "ui_value": {"vi": "Giá trị", "en": "Value"},
    "ui_problem": {"vi": "Vấn đề và cách sửa", "en": "Problem and fix"},
    "ui_code": {"vi": "Mã lỗi", "en": "Code"},
    "ui_count": {"vi": "Số lượng", "en": "Count"},
    "ui_file_sheet": {"vi": "Tệp {file} — sheet {sheet}", "en": "File {file} — sheet {sheet}"},
    "ui_general": {"vi": "Chung", "en": "General"},
    "ui_more_rows": {
        "vi": "… và {count} dòng nữa trong bảng này (dùng --json để xem hết).",
        "en": "… and {count} more rows in this table (use --json to see all).",
    },
    "ui_yes": {"vi": "Có", "en": "yes"},
    "print_page_footer": {"vi": "Trang &P / &N", "en": "Page &P of &N"},
    "ui_no": {"vi": "Không", "en": "no"},
    "validate_ok": {
        "vi": "Hợp lệ: {files} tệp, {rows} dòng dữ liệu, không có lỗi.",
        "en": "Valid: {files} file(s), {rows} data rows, no errors.",
    },
    "validate_bad": {
        "vi": "Không hợp lệ: {errors} lỗi, {warnings} cảnh báo trong {files} tệp.",
        "en": "Invalid: {errors} error(s), {warnings} warning(s) in {files} file(s).",
    },
    "validate_notes": {
        "vi": "{notices} lưu ý (không phải lỗi).",
        "en": "{notices} notice(s) (not errors).",
    },
    "annotated": {
        "vi": "Đã ghi bản đánh dấu {cells} ô lỗi: {file}",
        "en": "Wrote a copy with {cells} cell(s) marked: {file}",
    },
    "annotate_nothing": {
        "vi": "Không có tệp .xlsx nào có lỗi theo ô để đánh dấu.",
        "en": "No .xlsx file has cell issues to mark.",
    },
    "annotate_many": {
        "vi": "Có {count} tệp cần đánh dấu; --annotate cần là một thư mục. → Ghi tên thư mục, "
              "ví dụ --annotate danh-dau/.",
        "en": "{count} files need marking; --annotate must then be a folder. → e.g. "
              "--annotate marked/.",
    },
    "truncated_issues": {
        "vi": "… và {count} vấn đề '{like}' tương tự khác (chỉ hiện {shown} đầu tiên).",
        "en": "… and {count} more '{like}' problems (only the first {shown} shown).",
    },
    # --- rules file (kpitool/rules.py) -----------------------------------------------------
    "rules_not_found": {
        "vi": "Không có bộ quy chế hoặc tệp quy chế '{value}'. → Dùng một bộ có sẵn ({presets}) "
              "hoặc đường dẫn tới tệp .toml.",
        "en": "No rules preset or rules file '{value}'. → Use a preset ({presets}) or the path of "
              "a .toml file.",
    },
    "rules_bad_toml": {
        "vi": "Tệp quy chế {file} không đúng định dạng TOML ({error}). → Sửa dòng được nêu; bắt đầu "
              "từ 'kpitool rules show nd335'.",
        "en": "Rules file {file} is not valid TOML ({error}). → Fix the line named; start from "
              "'kpitool rules show nd335'.",
    },
    "rules_unknown_key": {
        "vi": "Khóa '{key}' không có trong quy chế. → Các khóa được dùng ở đây: {allowed}.",
        "en": "Key '{key}' is not a rules key. → The keys allowed here: {allowed}.",
    },
    "rules_missing_key": {
        "vi": "Quy chế thiếu khóa '{key}'. → Thêm khóa này (xem 'kpitool rules show nd335').",
        "en": "The rules miss key '{key}'. → Add it (see 'kpitool rules show nd335').",
    },
    "rules_bad_type": {
        "vi": "Khóa '{key}' của quy chế phải là {expected}. → Sửa giá trị của khóa này.",
        "en": "Rules key '{key}' must be a {expected}. → Correct its value.",
    },
    "rules_bad_value": {
        "vi": "Khóa '{key}' của quy chế có giá trị '{value}' không hợp lệ. → Chỉ nhận: {allowed}.",
        "en": "Rules key '{key}' has the invalid value '{value}'. → Allowed: {allowed}.",
    },
    "rules_out_of_range": {
        "vi": "Khóa '{key}' của quy chế có giá trị {value} ngoài khoảng cho phép {range}. "
              "→ Sửa giá trị của khóa này.",
        "en": "Rules key '{key}' has the value {value}, outside {range}. → Correct it.",
    },
    "rules_bad_order": {
        "vi": "Các giá trị của '{key}' ({value}) phải giảm dần. → Sắp xếp lại các ngưỡng.",
        "en": "The values of '{key}' ({value}) must decrease. → Reorder the thresholds.",
    },
    "complexity_not_in_rules": {
        "vi": "Mức độ phức tạp {value} không có hệ số trong quy chế '{rules}'. → Thêm hệ số cho mức "
              "{value} vào mục [complexity] của quy chế (đã có các mức: {allowed}).",
        "en": "Complexity level {value} has no coefficient in rules '{rules}'. → Add one to the "
              "[complexity] table of the rules (levels defined: {allowed}).",
    },
    # --- periods (kpitool/scoring/periods.py) ---------------------------------------------------
    "period_invalid": {
        "vi": "'{value}' không phải kỳ hợp lệ. → Ghi tháng (2026-04 hoặc 4/2026), quý (2026-Q2 "
              "hoặc quý 2/2026), 6 tháng (2026-H1) hoặc năm (2026).",
        "en": "'{value}' is not a valid period. → Write a month (2026-04 or 4/2026), a quarter "
              "(2026-Q2 or Q2/2026), a half-year (2026-H1) or a year (2026).",
    },
    "period_not_inferable": {
        "vi": "Nhật ký trải từ {first} đến {last}, không nằm trong một tháng hay một quý. → Chọn kỳ "
              "chấm điểm bằng --period, ví dụ --period 2026-04.",
        "en": "The worklogs run from {first} to {last}, not within one month or quarter. → Choose "
              "the period with --period, e.g. --period 2026-04.",
    },
    "explain_unknown_staff": {
        "vi": "Không có cán bộ '{value}' trong kết quả chấm điểm. → Kiểm tra mã cán bộ.",
        "en": "No staff member '{value}' in the scoring result. → Check the staff ID.",
    },
    "period_no_worklogs": {
        "vi": "Không có dòng nhật ký nào để suy ra kỳ chấm điểm. → Chọn kỳ bằng --period.",
        "en": "No worklog rows to infer the period from. → Choose it with --period.",
    },
    # --- flags (kpitool/flags/, SPEC §4) --------------------------------------------------
    "flag_hours_over_day": {
        "vi": "Khai {hours} giờ trong ngày {date}, quá {limit} giờ.",
        "en": "{hours} hours declared on {date}, more than {limit}.",
    },
    "flag_full_days": {
        "vi": "Khai đúng {hours} giờ ở {share}% số ngày có nhật ký ({days} ngày).",
        "en": "Exactly {hours} hours declared on {share}% of the days logged ({days} days).",
    },
    "flag_hours_ratio": {
        "vi": "Giờ khai ({declared}) lệch xa giờ chuẩn quy đổi ({converted}): tỉ lệ {ratio}, "
              "ngoài [{low}; {high}].",
        "en": "Declared hours ({declared}) far from converted hours ({converted}): ratio {ratio}, "
              "outside [{low}, {high}].",
    },
    "flag_weekend_work": {
        "vi": "Có nhật ký vào ngày nghỉ cuối tuần: {dates}.",
        "en": "Work logged on a weekend: {dates}.",
    },
    "flag_holiday_work": {
        "vi": "Có nhật ký vào ngày lễ, ngày nghỉ: {dates}.",
        "en": "Work logged on a public holiday or day off: {dates}.",
    },
    "flag_missing_output_ref": {
        "vi": "{count} dòng nhật ký thiếu sản phẩm đầu ra.",
        "en": "{count} worklog row(s) without an output reference.",
    },
    "flag_duplicate_rows": {
        "vi": "{count} dòng trùng nhau: cùng ngày {date}, công việc {task}, sản phẩm {output_ref}.",
        "en": "{count} duplicate rows: same date {date}, task {task}, output {output_ref}.",
    },
    "flag_pending_at_close": {
        "vi": "{count} dòng vẫn Chờ duyệt khi kết thúc kỳ {period}.",
        "en": "{count} row(s) still pending approval at the close of {period}.",
    },
    "flag_approver_self": {
        "vi": "{count} dòng do chính cán bộ tự duyệt.",
        "en": "{count} row(s) approved by the staff member themselves.",
    },
    "flag_approver_not_in_chain": {
        "vi": "{count} dòng do {approver} duyệt, người không thuộc cấp trên của cán bộ.",
        "en": "{count} row(s) approved by {approver}, who is not in the staff member's chain.",
    },
    "flag_approver_missing": {
        "vi": "{count} dòng Đã duyệt nhưng không ghi người duyệt.",
        "en": "{count} approved row(s) with no approver.",
    },
    "flag_unit_hours_outlier": {
        "vi": "Đơn vị {unit} khai trung bình {hours} giờ mỗi ngày làm việc, cao bất thường so với các "
              "đơn vị khác (trung bình {mean}, z = {z}).",
        "en": "Unit {unit} declares {hours} hours per working day on average, unusually high among "
              "units (mean {mean}, z = {z}).",
    },
    "flag_quota_breach": {
        "vi": "Đơn vị {unit}: {excellent} người Hoàn thành xuất sắc, vượt {share}% của {good} người "
              "Hoàn thành tốt (tối đa {allowed}).",
        "en": "Unit {unit}: {excellent} rated excellent, more than {share}% of the {good} rated good "
              "(at most {allowed}).",
    },
    "flag_quota_demoted": {
        "vi": "Chuyển từ Hoàn thành xuất sắc xuống Hoàn thành tốt để giữ tỉ lệ của đơn vị {unit}.",
        "en": "Moved from excellent to good to keep the quota of unit {unit}.",
    },
    "flag_missing_general_score": {
        "vi": "Chưa có điểm tiêu chí chung kỳ {cycle}: chưa tính được tổng điểm và xếp loại.",
        "en": "No general criteria score for {cycle}: no total and no level.",
    },
    "flag_missing_leader_assessment": {
        "vi": "Lãnh đạo chưa có đánh giá {criteria} kỳ {cycle}: chưa tính được điểm nhiệm vụ.",
        "en": "Leader has no {criteria} assessment for {cycle}: no task score.",
    },
    "flag_not_assessed": {
        "vi": "Không có ngày làm việc trong kỳ {cycle}: không đánh giá.",
        "en": "No working day in {cycle}: not assessed.",
    },
    "flag_discipline": {
        "vi": "Bị kỷ luật trong kỳ {cycle}: xếp loại Không hoàn thành nhiệm vụ.",
        "en": "Disciplined in {cycle}: classified as not completing the duties.",
    },
    "flag_norm_missing": {
        "vi": "{count} dòng của công việc {task} không có định mức hiệu lực ngày hoàn thành: tính 0 giờ "
              "chuẩn.",
        "en": "{count} row(s) of task {task} have no norm in force on their completion day: counted "
              "as 0 standard hours.",
    },
    "flag_quality_missing": {
        "vi": "{count} dòng Đã duyệt không ghi chất lượng: tính như Đạt.",
        "en": "{count} approved row(s) without a quality: counted as pass.",
    },
    "flag_quality_not_in_rules": {
        "vi": "{count} dòng có chất lượng '{quality}' mà quy chế không có hệ số: tính như Đạt.",
        "en": "{count} row(s) have quality '{quality}', which the rules do not define: counted as "
              "pass.",
    },
    # --- output column labels (col_<key>) --------------------------------------------------
    "col_staff_id": {"vi": "Mã cán bộ", "en": "Staff ID"},
    "col_full_name": {"vi": "Họ và tên", "en": "Full name"},
    "col_unit_code": {"vi": "Mã đơn vị", "en": "Unit"},
    "col_unit_name": {"vi": "Tên đơn vị", "en": "Unit name"},
    "col_top_unit_code": {"vi": "Đơn vị cấp trên cùng", "en": "Top unit"},
    "col_position_code": {"vi": "Mã vị trí", "en": "Position"},
    "col_position_group": {"vi": "Nhóm vị trí", "en": "Position group"},
    "col_is_leader": {"vi": "Lãnh đạo", "en": "Leader"},
    "col_assessed": {"vi": "Được đánh giá", "en": "Assessed"},
    "col_cycles_assessed": {"vi": "Số kỳ được đánh giá", "en": "Cycles assessed"},
    "col_working_days": {"vi": "Số ngày làm việc", "en": "Working days"},
    "col_basis_hours": {"vi": "Giờ làm cơ sở so sánh", "en": "Basis hours"},
    "col_declared_hours": {"vi": "Giờ tự khai", "en": "Declared hours"},
    "col_converted_hours": {"vi": "Giờ chuẩn quy đổi", "en": "Converted hours"},
    "col_quantity_pct": {"vi": "Số lượng A (%)", "en": "Quantity A (%)"},
    "col_quality_pct": {"vi": "Chất lượng B (%)", "en": "Quality B (%)"},
    "col_progress_pct": {"vi": "Tiến độ C (%)", "en": "Progress C (%)"},
    "col_kpi_pct": {"vi": "KPI (%)", "en": "KPI (%)"},
    "col_leader_d": {"vi": "Kết quả cấp dưới D", "en": "Subordinates D"},
    "col_leader_dd": {"vi": "Năng lực tổ chức Đ", "en": "Org. ability Đ"},
    "col_leader_e": {"vi": "Đoàn kết E", "en": "Unity E"},
    "col_task_score": {"vi": "Điểm kết quả nhiệm vụ (70)", "en": "Task score (70)"},
    "col_general_score": {"vi": "Điểm tiêu chí chung (30)", "en": "General score (30)"},
    "col_total": {"vi": "Tổng điểm", "en": "Total"},
    "col_discipline": {"vi": "Kỷ luật", "en": "Discipline"},
    "col_level": {"vi": "Mức xếp loại", "en": "Level"},
    "col_level_label": {"vi": "Xếp loại", "en": "Classification"},
    "col_rank_in_unit": {"vi": "Hạng trong đơn vị", "en": "Rank in unit"},
    "col_rank_overall": {"vi": "Hạng chung", "en": "Overall rank"},
    "col_flags": {"vi": "Cảnh báo", "en": "Flags"},
    "col_cycle": {"vi": "Kỳ", "en": "Cycle"},
    "col_date": {"vi": "Ngày thực hiện", "en": "Date"},
    "col_task_code": {"vi": "Mã công việc", "en": "Task"},
    "col_quantity": {"vi": "Số lượng", "en": "Quantity"},
    "col_hours": {"vi": "Số giờ khai", "en": "Hours"},
    "col_deadline": {"vi": "Hạn hoàn thành", "en": "Deadline"},
    "col_completed_on": {"vi": "Ngày hoàn thành", "en": "Completed on"},
    "col_status": {"vi": "Trạng thái", "en": "Status"},
    "col_quality": {"vi": "Chất lượng", "en": "Quality"},
    "col_rework_count": {"vi": "Số lần trả lại", "en": "Reworks"},
    "col_delay_count": {"vi": "Số lần chậm (khai)", "en": "Delay count"},
    "col_output_ref": {"vi": "Sản phẩm đầu ra", "en": "Output"},
    "col_approver_id": {"vi": "Người duyệt", "en": "Approver"},
    "col_norm_hours": {"vi": "Định mức (giờ) h", "en": "Norm hours h"},
    "col_complexity": {"vi": "Mức độ phức tạp", "en": "Complexity"},
    "col_complexity_coef": {"vi": "Hệ số phức tạp k", "en": "Complexity k"},
    "col_lateness": {"vi": "Số ngày trễ L", "en": "Lateness L"},
    "col_delays": {"vi": "Số lần chậm d", "en": "Delays d"},
    "col_quality_factor": {"vi": "Hệ số chất lượng", "en": "Quality factor"},
    "col_quantity_points": {"vi": "Điểm số lượng a", "en": "Quantity a"},
    "col_quality_points": {"vi": "Điểm chất lượng b", "en": "Quality b"},
    "col_progress_points": {"vi": "Điểm tiến độ c", "en": "Progress c"},
    "col_timeliness_factor": {"vi": "Hệ số tiến độ", "en": "Timeliness factor"},
    "col_credited_hours": {"vi": "Giờ được tính", "en": "Credited hours"},
    "col__file": {"vi": "Tệp nguồn", "en": "Source file"},
    "col__sheet": {"vi": "Sheet nguồn", "en": "Source sheet"},
    "col__row": {"vi": "Dòng nguồn", "en": "Source row"},
    "col_staff_count": {"vi": "Số cán bộ", "en": "Staff"},
    "col_assessed_count": {"vi": "Số được đánh giá", "en": "Assessed"},
    "col_mean_total": {"vi": "Tổng điểm bình quân", "en": "Mean total"},
    "col_mean_task_score": {"vi": "Điểm nhiệm vụ bình quân", "en": "Mean task score"},
    "col_HTXSNV": {"vi": "Hoàn thành xuất sắc", "en": "Excellent"},
    "col_HTTNV": {"vi": "Hoàn thành tốt", "en": "Good"},
    "col_HTNV": {"vi": "Hoàn thành", "en": "Done"},
    "col_KHTNV": {"vi": "Không hoàn thành", "en": "Not done"},
    "col_no_level": {"vi": "Chưa xếp loại", "en": "No level"},
    "col_hours_per_working_day": {"vi": "Giờ khai / ngày làm việc", "en": "Declared h / working day"},
    "col_code": {"vi": "Mã cảnh báo", "en": "Code"},
    "col_severity": {"vi": "Mức", "en": "Severity"},
    "col_message": {"vi": "Nội dung", "en": "Message"},
    "col_rows": {"vi": "Các dòng liên quan", "en": "Rows"},
    "col_excellent": {"vi": "Số xuất sắc", "en": "Excellent"},
    "col_good": {"vi": "Số tốt", "en": "Good"},
    "col_allowed": {"vi": "Được phép xuất sắc", "en": "Excellent allowed"},
    "col_breach": {"vi": "Vượt tỷ lệ", "en": "Breach"},
    "col_demoted": {"vi": "Đã hạ mức", "en": "Moved to good"},
    "col_item": {"vi": "Mục", "en": "Item"},
    "col_value": {"vi": "Giá trị", "en": "Value"},
    "col_count": {"vi": "Số lượng", "en": "Count"},
    "col_share": {"vi": "Tỷ lệ (%)", "en": "Share (%)"},
    "col_path": {"vi": "Tệp", "en": "File"},
    "col_sha256": {"vi": "SHA-256", "en": "SHA-256"},
    "col_kind": {"vi": "Loại", "en": "Kind"},
    # --- HTML report and `kpitool report` (kpitool/reports/html.py, analyst.py) -------------
    "flagkind_flag_hours_over_day": {"vi": "Khai quá số giờ trong ngày", "en": "Too many hours in a day"},
    "flagkind_flag_full_days": {
        "vi": "Khai đủ 8 giờ gần như mọi ngày",
        "en": "A full day declared almost daily",
    },
    "flagkind_flag_hours_ratio": {
        "vi": "Giờ khai lệch xa giờ quy đổi",
        "en": "Declared far from converted hours",
    },
    "flagkind_flag_weekend_work": {"vi": "Làm việc ngày cuối tuần", "en": "Weekend work"},
    "flagkind_flag_holiday_work": {"vi": "Làm việc ngày lễ, ngày nghỉ", "en": "Holiday work"},
    "flagkind_flag_missing_output_ref": {"vi": "Thiếu sản phẩm đầu ra", "en": "No output reference"},
    "flagkind_flag_duplicate_rows": {"vi": "Dòng nhật ký trùng nhau", "en": "Duplicate rows"},
    "flagkind_flag_pending_at_close": {"vi": "Còn Chờ duyệt khi hết kỳ", "en": "Pending at period close"},
    "flagkind_flag_approver_self": {"vi": "Tự duyệt", "en": "Self-approved"},
    "flagkind_flag_approver_not_in_chain": {
        "vi": "Người duyệt ngoài cấp trên",
        "en": "Approver outside the chain",
    },
    "flagkind_flag_approver_missing": {"vi": "Thiếu người duyệt", "en": "No approver"},
    "flagkind_flag_unit_hours_outlier": {
        "vi": "Đơn vị khai giờ cao bất thường",
        "en": "Unit with unusually high hours",
    },
    "flagkind_flag_quota_breach": {"vi": "Vượt tỷ lệ xuất sắc", "en": "Excellent quota exceeded"},
    "flagkind_flag_quota_demoted": {"vi": "Hạ mức để giữ tỷ lệ", "en": "Moved down by the quota"},
    "flagkind_flag_missing_general_score": {"vi": "Thiếu điểm tiêu chí chung", "en": "No general score"},
    "flagkind_flag_missing_leader_assessment": {
        "vi": "Thiếu đánh giá lãnh đạo",
        "en": "No leader assessment",
    },
    "flagkind_flag_not_assessed": {"vi": "Không được đánh giá", "en": "Not assessed"},
    "flagkind_flag_discipline": {"vi": "Bị kỷ luật", "en": "Disciplined"},
    "flagkind_flag_norm_missing": {"vi": "Thiếu định mức", "en": "No norm"},
    "flagkind_flag_quality_missing": {"vi": "Thiếu chất lượng", "en": "No quality"},
    "flagkind_flag_quality_not_in_rules": {
        "vi": "Chất lượng ngoài quy chế",
        "en": "Quality not in the rules",
    },
    "html_contents": {"vi": "Nội dung", "en": "Contents"},
    "html_levels": {"vi": "Kết quả xếp loại", "en": "Classification"},
    "html_levels_chart": {"vi": "Số cán bộ theo mức xếp loại", "en": "Staff per level"},
    "html_units": {"vi": "So sánh các đơn vị", "en": "Units compared"},
    "html_units_chart": {"vi": "Tổng điểm bình quân và cơ cấu xếp loại của từng đơn vị",
                         "en": "Mean total and level mix of each unit"},
    "html_level_mix": {"vi": "Cơ cấu xếp loại (%)", "en": "Level mix (%)"},
    "html_ranking": {"vi": "Bảng xếp hạng", "en": "Ranking"},
    "html_flags": {"vi": "Cảnh báo theo loại", "en": "Flags by kind"},
    "html_flags_none": {"vi": "Không có cảnh báo.", "en": "No flags."},
    "html_flags_more": {
        "vi": "… và {count} cảnh báo khác cùng loại: xem sheet “{sheet}” của tệp {file}.",
        "en": "… and {count} more of this kind: see the “{sheet}” sheet of {file}.",
    },
    "html_chart_more": {"vi": "Biểu đồ chỉ vẽ {shown} / {total} mục đầu; bảng có đủ.",
                        "en": "The chart shows the first {shown} of {total}; the table has them all."},
    "html_inputs": {"vi": "Tệp đầu vào và mã kiểm tra", "en": "Input files and checksums"},
    "html_footer": {
        "vi": "Lập bởi kpitool {version}, {generated}. Mã SHA-256 cho biết tệp đầu vào hoặc quy tắc "
              "có bị thay đổi sau khi lập báo cáo hay không.",
        "en": "Made by kpitool {version}, {generated}. The SHA-256 checksums tell whether an input "
              "file or the rules changed after the report was made.",
    },
    "html_quota": {"vi": "Tỷ lệ xuất sắc theo đơn vị cấp trên cùng và nhóm nhiệm vụ tương đồng "
                         "(tối đa {share}% số hoàn thành tốt, hoặc tỷ lệ riêng của đơn vị)",
                   "en": "Excellent quota per top-level unit and duty group (at most {share}% of "
                         "those rated good, or the unit's own share)"},
    "html_cycle": {"vi": "Chu kỳ tính điểm", "en": "Scoring cycle"},
    "html_cycle_month": {"vi": "tháng", "en": "month"},
    "html_cycle_quarter": {"vi": "quý", "en": "quarter"},
    "html_page": {"vi": "Trang", "en": "Page"},
    "templates_missing": {
        "vi": "Không tìm thấy mẫu báo cáo HTML trong {folder}. → Cài lại kpitool.",
        "en": "The HTML report templates are missing from {folder}. → Reinstall kpitool.",
    },
    "analysis_title": {"vi": "PHÂN TÍCH KPI KỲ {period}", "en": "KPI ANALYSIS, {period}"},
    "analysis_trend": {"vi": "Diễn biến theo tháng", "en": "Month by month"},
    "analysis_trend_chart": {"vi": "Tổng điểm bình quân theo tháng, từng đơn vị và toàn bộ",
                             "en": "Mean total per month, per unit and overall"},
    "analysis_mix_chart": {"vi": "Cơ cấu xếp loại theo tháng, từng đơn vị và toàn bộ",
                           "en": "Level mix per month, per unit and overall"},
    "analysis_overall": {"vi": "Toàn bộ", "en": "All units"},
    "analysis_hours": {"vi": "Giờ tự khai và giờ chuẩn quy đổi mỗi ngày làm việc",
                       "en": "Declared and converted hours per working day"},
    "analysis_hours_note": {
        "vi": "Mỗi đơn vị: tổng giờ chia cho tổng số ngày làm việc của cán bộ. Đơn vị khai giờ mỗi ngày "
              "cao bất thường so với các đơn vị khác (z > {z}) được đánh dấu ⚠.",
        "en": "Per unit: total hours over its staff's total working days. Units whose declared hours "
              "per day are unusually high among units (z > {z}) are marked ⚠.",
    },
    "analysis_tasks": {
        "vi": "Công việc chiếm nhiều giờ quy đổi nhất",
        "en": "Tasks with the most converted hours",
    },
    "analysis_unused": {"vi": "Công việc không được dùng trong kỳ", "en": "Tasks not used in the period"},
    "analysis_unused_note": {
        "vi": "{count} / {total} công việc trong danh mục không có dòng nhật ký nào trong kỳ: nên rà "
              "soát lại danh mục.",
        "en": "{count} of the {total} catalog tasks have no worklog row in the period: worth a "
              "catalog review.",
    },
    "analysis_changes": {"vi": "Cán bộ thay đổi mức xếp loại giữa các tháng",
                         "en": "Staff whose level changed between months"},
    "analysis_changes_none": {"vi": "Không ai thay đổi mức xếp loại giữa các tháng.",
                              "en": "Nobody's level changed between months."},
    "analysis_flags": {"vi": "Cảnh báo theo loại và theo đơn vị", "en": "Flags by kind and by unit"},
    "analysis_up": {"vi": "▲ tăng", "en": "▲ up"},
    "analysis_down": {"vi": "▼ giảm", "en": "▼ down"},
    "col_month": {"vi": "Tháng", "en": "Month"},
    "col_scored_count": {"vi": "Số có tổng điểm", "en": "With a total"},
    "col_declared_per_day": {"vi": "Giờ khai / ngày", "en": "Declared h / day"},
    "col_converted_per_day": {"vi": "Giờ quy đổi / ngày", "en": "Converted h / day"},
    "col_hours_ratio": {"vi": "Tỉ lệ khai / quy đổi", "en": "Declared / converted"},
    "col_z": {"vi": "Độ lệch z", "en": "z-score"},
    "col_outlier": {"vi": "Bất thường", "en": "Outlier"},
    "col_task_name": {"vi": "Tên công việc", "en": "Task name"},
    "col_task_group": {"vi": "Nhóm", "en": "Group"},
    "col_task_positions": {"vi": "Vị trí áp dụng", "en": "Positions"},
    "col_task_unit": {"vi": "Đơn vị (nhóm C)", "en": "Unit (group C)"},
    "col_row_count": {"vi": "Số dòng", "en": "Rows"},
    "col_converted_share": {"vi": "Tỷ trọng giờ quy đổi (%)", "en": "Share of converted hours (%)"},
    "col_staff_using": {"vi": "Số cán bộ", "en": "Staff"},
    "col_units_using": {"vi": "Số đơn vị", "en": "Units"},
    "col_from_cycle": {"vi": "Từ tháng", "en": "From month"},
    "col_to_cycle": {"vi": "Sang tháng", "en": "To month"},
    "col_from_level": {"vi": "Mức trước", "en": "Level before"},
    "col_to_level": {"vi": "Mức sau", "en": "Level after"},
    "col_from_total": {"vi": "Điểm trước", "en": "Total before"},
    "col_to_total": {"vi": "Điểm sau", "en": "Total after"},
    "col_direction": {"vi": "Chiều", "en": "Direction"},
    "col_flag_kind": {"vi": "Loại cảnh báo", "en": "Flag kind"},
    "col_all": {"vi": "Cộng", "en": "Total"},
    "sheet_hours": {"vi": "Giờ mỗi ngày", "en": "Hours per day"},
    "sheet_tasks": {"vi": "Công việc", "en": "Tasks"},
    "sheet_unused": {"vi": "Việc không dùng", "en": "Unused tasks"},
    "sheet_changes": {"vi": "Thay đổi xếp loại", "en": "Level changes"},
    # --- score outputs ----------------------------------------------------------------------
    "sheet_summary": {"vi": "Tổng hợp", "en": "Summary"},
    "sheet_ranking": {"vi": "Xếp hạng", "en": "Ranking"},
    "sheet_units": {"vi": "Theo đơn vị", "en": "Units"},
    "sheet_detail": {"vi": "Chi tiết", "en": "Detail"},
    "sheet_flags": {"vi": "Cảnh báo", "en": "Flags"},
    "sheet_parameters": {"vi": "Tham số", "en": "Parameters"},
    "sheet_months": {"vi": "Theo tháng", "en": "By month"},
    "report_title": {"vi": "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI KPI KỲ {period}",
                     "en": "KPI ASSESSMENT AND CLASSIFICATION, {period}"},
    "unit_title": {"vi": "Đơn vị {unit} — {name} — kỳ {period}",
                   "en": "Unit {unit} — {name} — period {period}"},
    "level_HTXSNV": {"vi": "Hoàn thành xuất sắc nhiệm vụ", "en": "Excellent"},
    "level_HTTNV": {"vi": "Hoàn thành tốt nhiệm vụ", "en": "Good"},
    "level_HTNV": {"vi": "Hoàn thành nhiệm vụ", "en": "Completed"},
    "level_KHTNV": {"vi": "Không hoàn thành nhiệm vụ", "en": "Not completed"},
    "ui_period": {"vi": "Kỳ đánh giá", "en": "Period"},
    "ui_rules": {"vi": "Quy tắc chấm điểm", "en": "Rules"},
    "ui_generated": {"vi": "Thời điểm lập", "en": "Generated"},
    "ui_staff_count": {"vi": "Số cán bộ", "en": "Staff"},
    "ui_assessed_count": {"vi": "Số cán bộ được đánh giá", "en": "Staff assessed"},
    "ui_flag_count": {"vi": "Số cảnh báo", "en": "Flags"},
    "ui_best": {"vi": "Cao nhất", "en": "Best"},
    "ui_weakest": {"vi": "Thấp nhất", "en": "Weakest"},
    "ui_written": {"vi": "Đã ghi", "en": "Written"},
    "file_detail": {"vi": "chi-tiet", "en": "detail"},
    "progress_start": {"vi": "Bắt đầu…", "en": "Starting…"},
    "progress_read": {"vi": "Đang đọc {file}", "en": "Reading {file}"},
    "progress_score": {"vi": "Đang chấm điểm {rows} dòng nhật ký", "en": "Scoring {rows} worklog rows"},
    "progress_write": {"vi": "Đã ghi {files} tệp kết quả", "en": "{files} output files written"},
    "progress_agencies": {"vi": "Đã chấm điểm {done}/{total} cơ quan",
                          "en": "{done} of {total} agencies scored"},
    "file_flags": {"vi": "canh-bao", "en": "flags"},
    "ranking_elsewhere": {
        "vi": "{rows} người, nhiều hơn số dòng một sheet Excel chứa được ({limit}): bảng xếp "
              "hạng đầy đủ nằm trong thư mục {file} (Parquet) bên cạnh tệp này.",
        "en": "The {rows} people are more than an Excel sheet holds ({limit} rows): the whole "
              "ranking is in the {file} folder (Parquet) beside this workbook.",
    },
    "flags_elsewhere": {
        "vi": "{rows} cảnh báo, quá nhiều cho một sheet, được ghi vào tệp {file} cùng thư mục.",
        "en": "The {rows} flags are too many for a sheet; they are in {file}, in the same folder.",
    },
    "detail_elsewhere": {
        "vi": "{rows} dòng chi tiết quá nhiều cho một sheet Excel nên được ghi vào tệp {file} "
              "(mở bằng Excel) và {parquet} (cho phần mềm phân tích), cùng thư mục.",
        "en": "The {rows} detail rows are too many for a sheet; they are in {file} (opens in "
              "Excel) and {parquet} (for analysis tools), in the same folder.",
    },
    "detail_elsewhere_unit": {
        "vi": "{rows} dòng chi tiết của đơn vị được ghi vào tệp {file} cùng thư mục.",
        "en": "The unit's {rows} detail rows are in {file}, in the same folder.",
    },
    "explain_rows": {"vi": "Các dòng được tính", "en": "Counted rows"},
    "explain_legend": {
        "vi": "SL số lượng; h định mức (giờ); k hệ số phức tạp; w = SL × h × k giờ chuẩn quy đổi; "
              "L số ngày làm việc trễ (âm là sớm); d số lần chậm; CL chất lượng; a, b, c điểm số "
              "lượng, chất lượng, tiến độ.",
        "en": "qty quantity; h norm hours; k complexity coefficient; w = qty × h × k converted "
              "hours; L working days late (negative: early); d delays; Q quality; a, b, c quantity, "
              "quality and progress points.",
    },
    "short_completed_on": {"vi": "Ngày HT", "en": "Done"},
    "short_task_code": {"vi": "Mã CV", "en": "Task"},
    "short_quantity": {"vi": "SL", "en": "Qty"},
    "short_norm_hours": {"vi": "h", "en": "h"},
    "short_complexity_coef": {"vi": "k", "en": "k"},
    "short_converted_hours": {"vi": "w", "en": "w"},
    "short_lateness": {"vi": "L", "en": "L"},
    "short_delays": {"vi": "d", "en": "d"},
    "short_rework_count": {"vi": "Trả lại", "en": "Reworks"},
    "short_quality": {"vi": "CL", "en": "Q"},
    "short_quantity_points": {"vi": "a", "en": "a"},
    "short_quality_points": {"vi": "b", "en": "b"},
    "short_progress_points": {"vi": "c", "en": "c"},
    "short_credited_hours": {"vi": "Giờ tính", "en": "Credited"},
    "short_quantity_pct": {"vi": "A (số lượng)", "en": "A (quantity)"},
    "short_quality_pct": {"vi": "B (chất lượng)", "en": "B (quality)"},
    "short_progress_pct": {"vi": "C (tiến độ)", "en": "C (progress)"},
    "short_kpi_pct": {"vi": "KPI", "en": "KPI"},
    "explain_sums": {
        "vi": "Cộng: giờ quy đổi Σw = {converted_hours}; Σa = {quantity_points}; "
              "Σb = {quality_points}; Σc = {progress_points}.",
        "en": "Sums: converted Σw = {converted_hours}; Σa = {quantity_points}; "
              "Σb = {quality_points}; Σc = {progress_points}.",
    },
    "explain_credited": {
        "vi": "Giờ được tính (sau hệ số chất lượng, tiến độ) = {credited_hours}.",
        "en": "Credited hours (after quality and timeliness factors) = {credited_hours}.",
    },
    "explain_cycle_days": {
        "vi": "Kỳ {cycle}: {weekdays} ngày thứ 2–6 − {public_holidays} ngày lễ − {calendar_off} "
              "ngày nghỉ thêm + {makeup_days} ngày làm bù − {leave_days} ngày phép = {working_days} "
              "ngày làm việc (từ {window_start} đến {window_end}).",
        "en": "Cycle {cycle}: {weekdays} weekdays − {public_holidays} public holidays − "
              "{calendar_off} extra days off + {makeup_days} make-up days − {leave_days} leave days "
              "= {working_days} working days ({window_start} to {window_end}).",
    },
    "explain_capacity": {"vi": "S = {value} giờ làm việc", "en": "S = {value} h of working time"},
    "explain_assigned": {"vi": "P = {value} giờ được giao", "en": "P = {value} h assigned"},
    "explain_basis": {"vi": "so với {basis} = {value} giờ", "en": "measured against {basis} = {value} h"},
    "explain_pct": {"vi": "{name} = {value}%", "en": "{name} = {value}%"},
    "explain_task_score": {"vi": "điểm nhiệm vụ {value}", "en": "task score {value}"},
    "explain_general": {"vi": "tiêu chí chung {value}", "en": "general criteria {value}"},
    "explain_total": {"vi": "tổng {value}", "en": "total {value}"},
    "explain_no_general": {"vi": "chưa có điểm tiêu chí chung, nên chưa có tổng",
                           "en": "no general score yet, so no total"},
    "explain_level": {"vi": "xếp loại: {value}", "en": "level: {value}"},
    "explain_rank": {"vi": "hạng {in_unit} trong đơn vị, {overall} chung",
                     "en": "rank {in_unit} in the unit, {overall} overall"},
    "explain_result_head": {"vi": "Kết quả", "en": "Result"},
    "explain_holidays": {"vi": "Ngày lễ: {dates}", "en": "Public holidays: {dates}"},
    "explain_leader": {
        "vi": "Tiêu chí lãnh đạo: kết quả cấp dưới D = {leader_d}, năng lực tổ chức Đ = "
              "{leader_dd}, đoàn kết E = {leader_e}.",
        "en": "Leader criteria: subordinates D = {leader_d}, organising ability Đ = {leader_dd}, "
              "unity E = {leader_e}.",
    },
    "rules_ok": {"vi": "Quy tắc '{name}' hợp lệ (SHA-256 {sha256}…).",
                 "en": "Rules '{name}' are valid (SHA-256 {sha256}…)."},
    "score_done": {
        "vi": "Kỳ {period} — quy tắc {rules}: {staff} cán bộ, {assessed} được đánh giá.",
        "en": "Period {period} — rules {rules}: {staff} staff, {assessed} assessed.",
    },
    "skipped_rows": {
        "vi": "Bỏ qua {count} dòng có lỗi (--skip-invalid); danh sách ở trên.",
        "en": "Skipped {count} invalid row(s) (--skip-invalid); listed above.",
    },
    # --- Form 01's ten items and the forms (kpitool forms, issue 12) ----------------------
    "general_item_blank": {
        "vi": "Tiêu chí '{label}' để trống trong khi {filled} tiêu chí khác của dòng này đã có "
              "điểm; ô trống không được tính là 0. → Nhập điểm cho ô này, hoặc xóa cả mười tiêu "
              "chí và chỉ ghi Điểm tiêu chí chung.",
        "en": "Item '{label}' is blank while {filled} other items of this row are filled; a "
              "blank is not counted as 0. → Enter this item's points, or clear all ten items "
              "and give only the general score.",
    },
    "general_items_sum": {
        "vi": "'{label}' là {value} nhưng tổng mười tiêu chí của dòng là {sum}. → Sửa ô này "
              "thành {sum} (hoặc để trống để kpitool tự cộng), hoặc sửa các tiêu chí.",
        "en": "'{label}' is {value} but the ten items of this row add up to {sum}. → Make it "
              "{sum} (or leave it blank and kpitool adds them up), or correct the items.",
    },
    "forms_period_kind": {
        "vi": "Kỳ {period} không có mẫu phiếu: Mẫu số 01 cho tháng hoặc quý, Mẫu số 02 cho năm. "
              "→ Dùng --period 2026-04, 2026-Q2 hoặc 2026.",
        "en": "Period {period} has no form: Form 01 is for a month or a quarter, Form 02 for a "
              "year. → Use --period 2026-04, 2026-Q2 or 2026.",
    },
    "forms_unit_unknown": {
        "vi": "Không có cán bộ nào thuộc đơn vị '{unit}'. → Kiểm tra mã đơn vị (sheet Đơn vị).",
        "en": "No staff member belongs to unit '{unit}'. → Check the unit code (sheet units).",
    },
    "forms_bad_date": {
        "vi": "Ngày '{value}' không hợp lệ. → Ghi ngày dạng d/m/yyyy, ví dụ 10/12/2026.",
        "en": "Date '{value}' is not valid. → Write it as d/m/yyyy, e.g. 10/12/2026.",
    },
    "forms_done": {
        "vi": "Đã lập {forms} phiếu ({kind}) kỳ {period} cho {units} đơn vị, thư mục {folder}.",
        "en": "Wrote {forms} forms ({kind}) for {period}, {units} unit(s), in {folder}.",
    },
    "forms_no_blanks": {
        "vi": "Không phiếu nào còn ô trống.",
        "en": "No form has a blank left.",
    },
    "forms_blanks": {
        "vi": "{forms} phiếu còn chỗ trống (để ghi tay), vì:",
        "en": "{forms} form(s) keep blanks to fill by hand, because:",
    },
    "forms_blank_line": {"vi": "  {count} phiếu: {reason}", "en": "  {count} form(s): {reason}"},
    "forms_blank_no_items": {
        "vi": "không có đủ mười tiêu chí chung trong tệp đánh giá (chỉ có tổng)",
        "en": "the assessments do not give the ten general items (only the total)",
    },
    "forms_blank_no_general": {
        "vi": "thiếu điểm tiêu chí chung, nên chưa có tổng điểm",
        "en": "no general score, so no total",
    },
    "forms_blank_not_assessed": {
        "vi": "không được theo dõi, đánh giá trong kỳ (không có ngày làm việc để tính điểm)",
        "en": "not assessed in the period (no working day to score)",
    },
    "forms_blank_no_position": {
        "vi": "vị trí việc làm không có tên trong danh mục",
        "en": "the job position has no name in the catalog",
    },
    "forms_blank_no_supervisor": {
        "vi": "không có người duyệt (cấp có thẩm quyền) trong danh sách cán bộ",
        "en": "no supervisor (the reviewing authority) on the roster",
    },
    "forms_blank_no_texts": {
        "vi": "chưa có ưu điểm, hạn chế hoặc ý kiến nhận xét trong tệp đánh giá",
        "en": "strengths, weaknesses or the reviewer's comment not in the assessments",
    },
    "forms_blank_months_missing": {
        "vi": "có tháng không có tổng điểm (lý do ghi ở cột Ghi chú)",
        "en": "some months have no total (the reason is in the note column)",
    },
    "forms_blank_not_classified": {
        "vi": "không xếp loại (lý do ghi trên phiếu)",
        "en": "not classified (the reason is on the form)",
    },
    "forms_blank_no_self_level": {
        "vi": "chưa có mức tự xếp loại (cột Tự xếp loại)",
        "en": "no self-classification (column self_level)",
    },
    "forms_kind_01": {"vi": "Mẫu số 01", "en": "Form 01"},
    "forms_kind_02": {"vi": "Mẫu số 02", "en": "Form 02"},
    # the forms' own wording (Decree 335/2025, Appendix II); the documents are Vietnamese only
    "form_agency_placeholder": {"vi": "TÊN CƠ QUAN, TỔ CHỨC, ĐƠN VỊ",
                                "en": "AGENCY, ORGANISATION, UNIT"},
    "form_motto_country": {"vi": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                           "en": "SOCIALIST REPUBLIC OF VIETNAM"},
    "form_motto": {"vi": "Độc lập - Tự do - Hạnh phúc", "en": "Independence - Freedom - Happiness"},
    "form01_no": {"vi": "Mẫu số 01", "en": "Form 01"},
    "form02_no": {"vi": "Mẫu số 02", "en": "Form 02"},
    "form01_title": {"vi": "PHIẾU THEO DÕI, ĐÁNH GIÁ CÔNG CHỨC",
                     "en": "CIVIL SERVANT MONITORING AND ASSESSMENT SHEET"},
    "form01_period": {"vi": "(Kỳ theo dõi, đánh giá: {period})", "en": "(Period: {period})"},
    "form02_title": {"vi": "PHIẾU XẾP LOẠI CHẤT LƯỢNG CÔNG CHỨC",
                     "en": "CIVIL SERVANT QUALITY CLASSIFICATION SHEET"},
    "form02_year": {"vi": "Năm {year}", "en": "Year {year}"},
    "form_period_month": {"vi": "Tháng {number} năm {year}", "en": "Month {number} of {year}"},
    "form_period_quarter": {"vi": "Quý {roman} năm {year}", "en": "Quarter {roman} of {year}"},
    "form_name": {"vi": "Họ và tên: ", "en": "Full name: "},
    "form_position": {"vi": "Chức vụ, chức danh: ", "en": "Position, title: "},
    "form_unit": {"vi": "Đơn vị công tác: ", "en": "Unit: "},
    "form01_part1": {"vi": "I. KẾT QUẢ THEO DÕI, ĐÁNH GIÁ THEO TIÊU CHÍ CHUNG",
                     "en": "I. RESULTS ON THE GENERAL CRITERIA"},
    "form01_col_no": {"vi": "TT", "en": "No."},
    "form01_col_item": {"vi": "Tiêu chí chấm điểm", "en": "Criterion"},
    "form01_col_max": {"vi": "Điểm tối đa", "en": "Maximum"},
    "form01_col_self": {"vi": "Điểm do cá nhân tự chấm", "en": "Self-scored points"},
    "form01_group_1": {
        "vi": "Phẩm chất chính trị, phẩm chất đạo đức, văn hóa thực thi công vụ và ý thức kỷ "
              "luật, kỷ cương trong thực thi công vụ",
        "en": "Political and ethical qualities, public-service culture and discipline"},
    "form01_group_2": {
        "vi": "Năng lực chuyên môn, nghiệp vụ theo yêu cầu của vị trí việc làm; khả năng đáp ứng "
              "yêu cầu thực thi nhiệm vụ được giao; tinh thần trách nhiệm trong thực thi công vụ; "
              "thái độ phục vụ người dân, doanh nghiệp và khả năng phối hợp với đồng nghiệp",
        "en": "Professional competence, meeting the tasks, responsibility, service attitude and "
              "cooperation"},
    "form01_group_3": {
        "vi": "Năng lực đổi mới, sáng tạo, dám nghĩ, dám làm, dám chịu trách nhiệm vì lợi ích "
              "chung trong thực thi công vụ",
        "en": "Innovation, daring to think, act and take responsibility for the common good"},
    "form01_item_g1_1": {"vi": "Phẩm chất chính trị, phẩm chất đạo đức, văn hóa thực thi công vụ",
                         "en": "Political and ethical qualities, public-service culture"},
    "form01_item_g1_2": {"vi": "Ý thức kỷ luật, kỷ cương trong thực thi công vụ",
                         "en": "Discipline in public service"},
    "form01_item_g2_1": {"vi": "Năng lực chuyên môn, nghiệp vụ theo yêu cầu của vị trí việc làm",
                         "en": "Professional competence required by the position"},
    "form01_item_g2_2": {
        "vi": "Khả năng đáp ứng yêu cầu thực thi nhiệm vụ được giao thường xuyên, đột xuất",
        "en": "Meeting regular and urgent assigned tasks"},
    "form01_item_g2_3": {"vi": "Tinh thần trách nhiệm trong thực thi công vụ",
                         "en": "Sense of responsibility in public service"},
    "form01_item_g2_4": {
        "vi": "Thái độ phục vụ người dân, doanh nghiệp và khả năng phối hợp với đồng nghiệp",
        "en": "Attitude towards citizens and businesses, cooperation with colleagues"},
    "form01_item_g3_1": {
        "vi": "Có sản phẩm, giải pháp đột phá, sáng tạo đem lại giá trị, hiệu quả thiết thực, tác "
              "động tích cực đến kết quả thực hiện nhiệm vụ của cơ quan, tổ chức, đơn vị.",
        "en": "Innovative products or solutions with practical value for the agency's results."},
    "form01_item_g3_2": {
        "vi": "Sẵn sàng tham gia thực hiện nhiệm vụ chính trị đặc biệt quan trọng, nhiệm vụ có "
              "tính chất đột xuất, phức tạp hoặc trong điều kiện khó khăn.",
        "en": "Ready for especially important, urgent, complex or hard tasks."},
    "form01_item_g3_3": {
        "vi": "Có tinh thần chịu trách nhiệm trước kết quả công việc; chủ động nhận trách nhiệm "
              "khi có sai sót và có biện pháp khắc phục rõ ràng, cụ thể.",
        "en": "Owning the results of the work; taking responsibility for mistakes and fixing "
              "them."},
    "form01_item_g3_4": {
        "vi": "Chủ động đưa ra quyết định trong phạm vi thẩm quyền, không né tránh; có tinh thần "
              "tiên phong trong thực hiện những nhiệm vụ mới.",
        "en": "Taking decisions within one's authority; leading the way on new tasks."},
    "form01_sum": {"vi": "Tổng cộng", "en": "Total"},
    "form01_part2": {"vi": "II. TỔNG HỢP KẾT QUẢ THEO DÕI, ĐÁNH GIÁ CÔNG CHỨC",
                     "en": "II. SUMMARY OF THE ASSESSMENT"},
    "form01_general": {"vi": "1. Điểm tiêu chí chung: ", "en": "1. General criteria score: "},
    "form01_task": {"vi": "2. Điểm tiêu chí kết quả thực hiện nhiệm vụ: ",
                    "en": "2. Task results score: "},
    "form01_total": {"vi": "3. Tổng điểm theo dõi, đánh giá công chức: ",
                     "en": "3. Total assessment score: "},
    "form01_strengths": {"vi": "4. Ưu điểm: ", "en": "4. Strengths: "},
    "form01_weaknesses": {"vi": "5. Hạn chế, khuyết điểm: ", "en": "5. Weaknesses: "},
    "form01_comment": {"vi": "6. Ý kiến nhận xét của cấp có thẩm quyền theo dõi, đánh giá: ",
                       "en": "6. The reviewing authority's comment: "},
    "form01_sign_self": {"vi": "CÔNG CHỨC TỰ ĐÁNH GIÁ", "en": "SELF-ASSESSED BY"},
    "form01_sign_authority": {"vi": "CẤP CÓ THẨM QUYỀN\nTHEO DÕI, ĐÁNH GIÁ",
                              "en": "THE REVIEWING\nAUTHORITY"},
    "form02_sign_self": {"vi": "CÔNG CHỨC TỰ XẾP LOẠI", "en": "SELF-CLASSIFIED BY"},
    "form02_sign_authority": {"vi": "CẤP CÓ THẨM QUYỀN XẾP LOẠI",
                              "en": "THE CLASSIFYING AUTHORITY"},
    "form_sign_hint": {"vi": "(Ký tên, ghi rõ họ tên)", "en": "(Signature and full name)"},
    "form_place_date": {"vi": "{place}, ngày {day} tháng {month} năm {year}",
                        "en": "{place}, {day}/{month}/{year}"},
    "form02_part1": {"vi": "I. TỔNG HỢP KẾT QUẢ THEO DÕI, ĐÁNH GIÁ",
                     "en": "I. SUMMARY OF THE ASSESSMENTS"},
    "form02_col_month": {"vi": "Tháng", "en": "Month"},
    "form02_col_total": {"vi": "Tổng điểm theo dõi, đánh giá", "en": "Total score"},
    "form02_col_note": {"vi": "Ghi chú", "en": "Note"},
    "form02_mean": {"vi": "Tổng điểm trung bình cả năm", "en": "Mean of the year"},
    "form02_part2": {"vi": "II. CÔNG CHỨC TỰ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG",
                     "en": "II. SELF-ASSESSMENT AND CLASSIFICATION"},
    "form02_part3": {"vi": "III. KẾT QUẢ XẾP LOẠI CHẤT LƯỢNG CỦA CẤP CÓ THẨM QUYỀN",
                     "en": "III. THE AUTHORITY'S CLASSIFICATION"},
    "form02_part4": {"vi": "IV. ĐỀ XUẤT PHƯƠNG ÁN XỬ LÝ", "en": "IV. PROPOSED FOLLOW-UP"},
    "form02_not_classified": {"vi": "Không xếp loại: {reason}", "en": "Not classified: {reason}"},
    "forms_note_no_data": {"vi": "Không có dữ liệu", "en": "No data"},
    "forms_note_quarter": {"vi": "Điểm của quý {roman}", "en": "Score of quarter {roman}"},
    "forms_note_no_working_days": {"vi": "Không có ngày làm việc (nghỉ hoặc không công tác)",
                                   "en": "No working day (leave or not employed)"},
    "forms_note_not_assessed": {"vi": "Không được theo dõi, đánh giá", "en": "Not assessed"},
    "forms_note_missing_general": {"vi": "Thiếu điểm tiêu chí chung", "en": "No general score"},
    "forms_reason_not_assessed": {"vi": "không có kỳ nào được theo dõi, đánh giá trong năm",
                                  "en": "not assessed in any cycle of the year"},
    "forms_reason_missing_general": {"vi": "thiếu điểm tiêu chí chung",
                                     "en": "no general score"},
    "forms_reason_short_employment": {
        "vi": "công tác dưới 6 tháng trong năm (khoản 1 Điều 11 Nghị định 335/2025)",
        "en": "employed under 6 months in the year (Decree 335/2025, Art. 11.1)"},
    "forms_reason_out_of_scope": {
        "vi": "không thuộc đối tượng áp dụng (Điều 2 Nghị định 335/2025)",
        "en": "outside the decree's scope (Decree 335/2025, Art. 2)"},
    "notice_title_year": {"vi": "DANH SÁCH KẾT QUẢ XẾP LOẠI CHẤT LƯỢNG CÔNG CHỨC NĂM {year}",
                          "en": "CLASSIFICATION RESULTS OF {year}"},
    "notice_title_period": {"vi": "DANH SÁCH KẾT QUẢ THEO DÕI, ĐÁNH GIÁ CÔNG CHỨC {period}",
                            "en": "ASSESSMENT RESULTS, {period}"},
    "notice_col_no": {"vi": "STT", "en": "No."},
    "notice_col_name": {"vi": "Họ và tên", "en": "Full name"},
    "notice_col_position": {"vi": "Chức vụ, chức danh", "en": "Position"},
    "notice_col_points": {"vi": "Điểm", "en": "Points"},
    "notice_col_level": {"vi": "Mức xếp loại", "en": "Level"},
    "notice_not_classified": {"vi": "Không xếp loại ({reason})", "en": "Not classified ({reason})"},
    "forms_file_unit": {"vi": "{unit} - Tất cả phiếu", "en": "{unit} - all forms"},
    "forms_file_notice": {"vi": "{unit} - Danh sách kết quả", "en": "{unit} - results list"},
    "forms_file_notice_all": {"vi": "Danh sách kết quả", "en": "Results list"},
    "general_over_max": {
        "vi": "Điểm tiêu chí chung '{label}' là {value}, vượt mức tối đa {max} của bộ quy tắc. "
              "→ Sửa lại điểm (từ 0 đến {max}).",
        "en": "General score '{label}' is {value}, above the rules' maximum of {max}. → Correct "
              "it (0 to {max}).",
    },
    # --- Decree 335 to the letter (issue 11): assigned work, the year's rules ----------------
    "descriptive_column_missing": {
        "vi": "Sheet không có cột '{label}'; cột này chỉ để mô tả, không dùng khi chấm điểm. "
              "→ Có thể bổ sung cho đầy đủ.",
        "en": "The sheet has no column '{label}'; it is descriptive and not used in scoring. "
              "→ Add it for completeness if you like.",
    },
    "tpl_guide_assignments_unit": {
        "vi": "Mẫu giao việc cho đơn vị {unit}: cột Mã cán bộ và Mã công việc chỉ nhận giá trị "
              "trong danh sách; cột Giờ chuẩn quy đổi (màu xám) tự tính số lượng × định mức × "
              "hệ số phức tạp, không sửa.",
        "en": "Assignments template for unit {unit}: staff ID and task code take only values "
              "from the lists; the grey converted-hours column computes quantity × norm hours × "
              "complexity coefficient; do not edit it.",
    },
    "flag_quota_breach_group": {
        "vi": "Đơn vị {unit}, nhóm nhiệm vụ {group}: {excellent} người Hoàn thành xuất sắc, vượt "
              "{share}% của {good} người Hoàn thành tốt (tối đa {allowed}; Điều 20.5).",
        "en": "Unit {unit}, duty group {group}: {excellent} rated excellent, more than {share}% "
              "of the {good} rated good (at most {allowed}; Art. 20.5).",
    },
    "flagkind_flag_quota_breach_group": {"vi": "Vượt tỷ lệ xuất sắc trong nhóm nhiệm vụ",
                                         "en": "Excellent quota exceeded in a duty group"},
    "flag_no_assignments": {
        "vi": "Không được giao việc trong kỳ {cycle} trong khi người khác có: chấm theo thời gian "
              "làm việc (8 giờ × ngày làm việc). → Bổ sung giao việc nếu có.",
        "en": "No assigned work in {cycle} while others have some: scored against working time "
              "(8 h × working days). → Add the person's assignments if any.",
    },
    "flagkind_flag_no_assignments": {"vi": "Không có giao việc", "en": "No assigned work"},
    "col_basis": {"vi": "Cơ sở so sánh", "en": "Basis"},
    "col_capacity_hours": {"vi": "Thời gian làm việc (S, giờ)", "en": "Capacity (S, h)"},
    "col_assigned_hours": {"vi": "Giờ được giao (P)", "en": "Assigned hours (P)"},
    "col_not_classified": {"vi": "Không xếp loại vì", "en": "Not classified because"},
    "col_level_capped_by_unit": {"vi": "Hạ theo xếp loại đơn vị", "en": "Capped by unit level"},
    "col_duty_group": {"vi": "Nhóm nhiệm vụ tương đồng", "en": "Duty group"},
    "col_checked": {"vi": "Áp dụng tỷ lệ", "en": "Quota applies"},
    "col_delivers": {"vi": "Thực hiện", "en": "Delivers"},
    "col_assignment_id": {"vi": "Mã giao việc", "en": "Assignment"},
    "col_assignment_owner": {"vi": "Người được giao", "en": "Assigned to"},
    "col_objective_cause": {"vi": "Nguyên nhân khách quan", "en": "Objective cause"},
    "short_assignment_id": {"vi": "Giao việc", "en": "Assignment"},
    "short_delivers": {"vi": "Loại", "en": "Kind"},
    "basis_assigned": {"vi": "việc được giao (P)", "en": "assigned work (P)"},
    "basis_capacity": {"vi": "thời gian làm việc (S)", "en": "working time (S)"},
    "basis_mixed": {"vi": "P hoặc S tùy kỳ", "en": "P or S by cycle"},
    "delivers_own": {"vi": "việc được giao", "en": "own"},
    "delivers_taken_over": {"vi": "làm thay", "en": "taken over"},
    "delivers_ad_hoc": {"vi": "phát sinh", "en": "ad hoc"},
    "not_classified_not_assessed": {"vi": "không có ngày làm việc", "en": "no working day"},
    "not_classified_missing_general": {"vi": "thiếu điểm tiêu chí chung",
                                       "en": "no general score"},
    "not_classified_short_employment": {"vi": "công tác dưới 6 tháng trong năm (Điều 11.1)",
                                        "en": "employed under 6 months of the year (Art. 11.1)"},
    "not_classified_out_of_scope": {"vi": "ngoài phạm vi áp dụng (Điều 2, 28)",
                                    "en": "outside the scope (Art. 2, 28)"},
    "explain_waived": {
        "vi": "Không trừ điểm (nguyên nhân khách quan đã được xác nhận, Điều 14.2): {rows}.",
        "en": "Not deducted (objective cause confirmed, Art. 14.2): {rows}.",
    },
    "explain_capped_by_unit": {
        "vi": "Xếp loại hạ xuống bằng xếp loại của đơn vị (Điều 20.6).",
        "en": "Level lowered to the unit's own level (Art. 20.6).",
    },
    "explain_not_classified": {"vi": "Không xếp loại: {reason}.", "en": "Not classified: {reason}."},
    "report_summary": {
        "vi": "{units} đơn vị, trong đó {outliers} đơn vị khai giờ cao bất thường; {changes} lần "
              "đổi mức xếp loại giữa hai tháng; {unused} công việc trong danh mục không dùng; "
              "{flags} cảnh báo; {approvers} người duyệt có số liệu khác biệt rõ (chỉ là số liệu, "
              "không phải nhận xét).",
        "en": "{units} units, {outliers} of them with unusually high declared hours; {changes} "
              "level changes between months; {unused} catalog tasks unused; {flags} flags; "
              "{approvers} approvers with figures far from the others (figures, not a verdict).",
    },
    "html_date_line": {"vi": "……………, ngày {day} tháng {month} năm {year}",
                       "en": "……………, {day}/{month}/{year}"},
    "html_sign_preparer": {"vi": "NGƯỜI LẬP BIỂU", "en": "PREPARED BY"},
    "html_sign_head": {"vi": "THỦ TRƯỞNG ĐƠN VỊ", "en": "HEAD OF THE AGENCY"},
    "html_sign_hint": {"vi": "(Ký, ghi rõ họ tên)", "en": "(Signature and full name)"},
    "html_checksums_annex": {"vi": "mã SHA-256 của quy tắc và tệp đầu vào: xem phụ lục cuối trang",
                             "en": "SHA-256 of the rules and inputs: see the annex at the end"},
    "html_quota_information": {
        "vi": "— chỉ để tham khảo: quy chế áp dụng tỷ lệ cho kỳ năm (Điều 20.5).",
        "en": "— for information: the rules apply the quota to yearly periods (Art. 20.5).",
    },
    "excellent_share_not_top": {
        "vi": "Tỷ lệ xuất sắc {value}% ghi cho một đơn vị cấp dưới không được dùng: tỷ lệ tính theo "
              "đơn vị cấp trên cùng (Điều 20.5). → Ghi tỷ lệ ở dòng của đơn vị cấp trên cùng.",
        "en": "The excellent share {value}% of a sub-unit is not used: the quota is counted per "
              "top-level unit (Art. 20.5). → Give the share on the top-level unit's row.",
    },
    "no_assignments_sheet": {
        "vi": "Không có sheet Giao việc: khối lượng, chất lượng, tiến độ được so với thời gian "
              "làm việc (8 giờ × ngày làm việc) của mọi người, không so với việc được giao "
              "(Nghị định 335, Điều 14.1). → Thêm tệp assignments.xlsx để chấm theo việc được giao.",
        "en": "No assignments sheet: quantity, quality and progress are measured against "
              "everyone's working time (8 h × working days), not against assigned work "
              "(Decree 335, Art. 14.1). → Add assignments.xlsx to score against assigned work.",
    },
    # --- issue 14: outputs as one transaction, the reader fenced (harden) ---
    "output_busy": {
        "vi": "Một lần chạy khác đang ghi vào {file}; đã chờ {seconds} giây. → Chờ lần chạy đó "
              "xong rồi chạy lại, hoặc chọn --out khác.",
        "en": "Another run is writing into {file}; waited {seconds} s. → Run again when it has "
              "finished, or choose another --out.",
    },
    "csv_utf16": {
        "vi": "Tệp {file} là văn bản UTF-16 (Excel gọi là \"Unicode Text\"). → Trong Excel chọn "
              "Lưu thành \"CSV UTF-8\", hoặc chạy lại với --encoding utf-16.",
        "en": "File {file} is UTF-16 text (Excel's \"Unicode Text\"). → Save it from Excel as "
              "\"CSV UTF-8\", or run again with --encoding utf-16.",
    },
    "file_too_large": {
        "vi": "Tệp {file} chiếm {size} MB khi đọc, vượt giới hạn {limit} MB. → Tách dữ liệu thành "
              "nhiều tệp; nâng giới hạn bằng biến môi trường {env} nếu máy đủ bộ nhớ.",
        "en": "File {file} takes {size} MB when read, over the limit of {limit} MB. → Split the "
              "data into several files; raise the limit with the environment variable {env} if "
              "the machine has the memory.",
    },
    "parquet_nested": {
        "vi": "Cột '{column}' của tệp {file} có kiểu lồng nhau ({type}), không phải một giá trị mỗi "
              "ô. → Xuất lại với mỗi cột là chữ, số hoặc ngày.",
        "en": "Column '{column}' of {file} has a nested type ({type}), not one value a cell. → "
              "Export it again with each column text, a number or a date.",
    },
    "os_error": {
        "vi": "Không truy cập được {file} ({error}). → Kiểm tra đường dẫn: tên tệp tối đa 255 byte, "
              "cả đường dẫn tối đa 4096 byte, và quyền đọc ghi.",
        "en": "Cannot use {file} ({error}). → Check the path: a file name is at most 255 bytes, "
              "a whole path at most 4096, and the permissions.",
    },
    "annotate_unreadable": {
        "vi": "Không tạo được bản sao đánh dấu của {file}: openpyxl không mở được tệp ({error}). → "
              "Các lỗi đã liệt kê ở trên; mở tệp bằng Excel, lưu lại rồi chạy lại với --annotate.",
        "en": "Cannot write a marked copy of {file}: openpyxl cannot open it ({error}). → The "
              "issues are listed above; open the file in Excel, save it and run --annotate again.",
    },
    "ambiguous_number": {
        "vi": "'{value}' không rõ là {one} hay {other}: cột này dùng dấu phẩy thập phân. → Viết "
              "{other} (không dấu chấm) hoặc {one}.",
        "en": "'{value}' could be {one} or {other}: this column uses a decimal comma. → Write "
              "{other} (no dot) or {one}.",
    },
    "hidden_sheet": {
        "vi": "Sheet '{sheet}' đang bị ẩn ({how}) trong Excel nhưng vẫn được đọc và chấm điểm. → "
              "Nếu không muốn tính, xóa sheet hoặc chuyển dữ liệu ra tệp khác.",
        "en": "Sheet '{sheet}' is hidden ({how}) in Excel but is read and scored. → If it should "
              "not count, delete the sheet or move its rows to another file.",
    },
    "out_not_dedicated": {
        "vi": "Thư mục kết quả {file} chứa hơn {count} tệp khác hoặc một ổ đĩa khác; mỗi lần ghi "
              "kết quả phải giữ lại tất cả. → Chọn --out là một thư mục riêng cho kết quả.",
        "en": "Output folder {file} holds more than {count} other files or another file system; "
              "each new set of outputs would have to keep them all. → Choose an --out folder of "
              "its own for the outputs.",
    },
    "shared_strings_lying": {
        "vi": "Tệp {file} hỏng hoặc bị sửa: phần {member} khai {count} chuỗi nhưng chỉ dài {size} "
              "byte. → Mở bằng Excel, lưu lại thành tệp mới rồi chạy lại.",
        "en": "File {file} is damaged or tampered with: part {member} declares {count} strings in "
              "only {size} bytes. → Open it in Excel, save it as a new file and run again.",
    },
    # --- issue 17 (peers): compare, leniency, verify, diff ----------------------------------
    "compare_title": {"vi": "SO SÁNH HAI BỘ QUY TẮC — KỲ {period}",
                      "en": "TWO RULE SETS SIDE BY SIDE, {period}"},
    "compare_rules_a": {"vi": "Quy tắc A", "en": "Rules A"},
    "compare_rules_b": {"vi": "Quy tắc B", "en": "Rules B"},
    "compare_up": {"vi": "Lên mức cao hơn", "en": "Moved to a better level"},
    "compare_down": {"vi": "Xuống mức thấp hơn", "en": "Moved to a worse level"},
    "compare_same": {"vi": "Giữ nguyên mức", "en": "Kept their level"},
    "compare_unknown": {"vi": "Chỉ có mức ở một bên (hoặc không bên nào)",
                        "en": "A level on one side only (or neither)"},
    "compare_changed_total": {"vi": "Tổng điểm thay đổi", "en": "Total changed"},
    "compare_movers": {"vi": "Mười người thay đổi điểm nhiều nhất",
                       "en": "The ten largest movers"},
    "compare_movers_none": {"vi": "Không ai thay đổi điểm.", "en": "Nobody's total changed."},
    "compare_people": {"vi": "Mọi cán bộ", "en": "Everyone"},
    "compare_units": {"vi": "Bình quân và cơ cấu xếp loại theo đơn vị",
                      "en": "Mean total and level mix per unit"},
    "compare_quota": {"vi": "Tỷ lệ xuất sắc (Điều 20.5)", "en": "Excellent quota (Art. 20.5)"},
    "compare_gained": {"vi": "Phát sinh vượt tỷ lệ", "en": "Breach gained"},
    "compare_lost": {"vi": "Hết vượt tỷ lệ", "en": "Breach lost"},
    "compare_reason_note": {
        "vi": "Lý do: thành phần của công thức có phần điểm đóng góp vào tổng thay đổi nhiều "
              "nhất theo chiều của tổng (điểm tiêu chí chung, hoặc trọng số × tỷ lệ % của "
              "một tiêu chí, trước khi giới hạn điểm nhiệm vụ).",
        "en": "Reason: the term of the formula whose contribution to the total moved most in "
              "the direction the total went (the general score, or weight × % of one "
              "criterion, before the task score's cap).",
    },
    "compare_done": {"vi": "{up} người lên mức, {down} người xuống mức, {same} người giữ "
                           "nguyên; {changed} người thay đổi tổng điểm.",
                     "en": "{up} up a level, {down} down a level, {same} unchanged; "
                           "{changed} with a different total."},
    "compare_two_rules": {"vi": "Cần đúng hai bộ quy tắc, được {count}. → Ghi --rules A "
                                "--rules B.",
                          "en": "Exactly two rule sets are needed, got {count}. → Give --rules "
                                "A --rules B."},
    "sheet_compare_people": {"vi": "Cán bộ", "en": "People"},
    "sheet_compare_movers": {"vi": "Thay đổi nhiều nhất", "en": "Largest movers"},
    "sheet_quota": {"vi": "Tỷ lệ xuất sắc", "en": "Excellent quota"},
    "col_total_a": {"vi": "Tổng điểm (A)", "en": "Total (A)"},
    "col_total_b": {"vi": "Tổng điểm (B)", "en": "Total (B)"},
    "col_delta": {"vi": "Chênh lệch (B − A)", "en": "Change (B − A)"},
    "col_level_a": {"vi": "Xếp loại (A)", "en": "Level (A)"},
    "col_level_b": {"vi": "Xếp loại (B)", "en": "Level (B)"},
    "col_direction_text": {"vi": "Chiều thay đổi mức", "en": "Level direction"},
    "col_reason": {"vi": "Lý do (thành phần thay đổi nhiều nhất)",
                   "en": "Reason (the term that moved most)"},
    "col_reason_delta": {"vi": "Điểm thay đổi của thành phần đó",
                         "en": "Points that term moved"},
    "col_mean_total_a": {"vi": "Bình quân (A)", "en": "Mean total (A)"},
    "col_mean_total_b": {"vi": "Bình quân (B)", "en": "Mean total (B)"},
    "col_mean_delta": {"vi": "Chênh lệch bình quân", "en": "Change of the mean"},
    "col_HTXSNV_a": {"vi": "Xuất sắc (A)", "en": "Excellent (A)"},
    "col_HTTNV_a": {"vi": "Tốt (A)", "en": "Good (A)"},
    "col_HTNV_a": {"vi": "Hoàn thành (A)", "en": "Completed (A)"},
    "col_KHTNV_a": {"vi": "Không hoàn thành (A)", "en": "Not completed (A)"},
    "col_HTXSNV_b": {"vi": "Xuất sắc (B)", "en": "Excellent (B)"},
    "col_HTTNV_b": {"vi": "Tốt (B)", "en": "Good (B)"},
    "col_HTNV_b": {"vi": "Hoàn thành (B)", "en": "Completed (B)"},
    "col_KHTNV_b": {"vi": "Không hoàn thành (B)", "en": "Not completed (B)"},
    "col_excellent_a": {"vi": "Số xuất sắc (A)", "en": "Excellent (A)"},
    "col_good_a": {"vi": "Số tốt (A)", "en": "Good (A)"},
    "col_allowed_a": {"vi": "Được phép xuất sắc (A)", "en": "Excellent allowed (A)"},
    "col_breach_a": {"vi": "Vượt tỷ lệ (A)", "en": "Breach (A)"},
    "col_excellent_b": {"vi": "Số xuất sắc (B)", "en": "Excellent (B)"},
    "col_good_b": {"vi": "Số tốt (B)", "en": "Good (B)"},
    "col_allowed_b": {"vi": "Được phép xuất sắc (B)", "en": "Excellent allowed (B)"},
    "col_breach_b": {"vi": "Vượt tỷ lệ (B)", "en": "Breach (B)"},
    "col_quota_change": {"vi": "Thay đổi", "en": "Change"},
    "term_general_score": {"vi": "Điểm tiêu chí chung", "en": "General score"},
    "term_quantity_pct": {"vi": "Số lượng (A%)", "en": "Quantity (A%)"},
    "term_quality_pct": {"vi": "Chất lượng (B%)", "en": "Quality (B%)"},
    "term_progress_pct": {"vi": "Tiến độ (C%)", "en": "Progress (C%)"},
    "term_kpi_pct": {"vi": "KPI %", "en": "KPI %"},
    "term_leader_d": {"vi": "Cấp dưới (D)", "en": "Subordinates (D)"},
    "term_leader_dd": {"vi": "Năng lực tổ chức (Đ)", "en": "Organising ability (Đ)"},
    "term_leader_e": {"vi": "Đoàn kết (E)", "en": "Unity (E)"},
    "verify_not_output": {
        "vi": "Tệp {file} không phải bảng kết quả của kpitool score (không đọc được sheet Tham "
              "số). → Chỉ định tệp kpi_<kỳ>.xlsx do kpitool score ghi.",
        "en": "File {file} is not a workbook written by kpitool score (no readable Parameters "
              "sheet). → Name the kpi_<period>.xlsx that kpitool score wrote.",
    },
    "verify_input_missing": {
        "vi": "Không tìm thấy tệp đầu vào {file} mà {output} ghi nhận (đã tìm cạnh tệp kết "
              "quả, ở thư mục trên nó và theo đường dẫn ghi nhận). → Ghi các tệp đầu vào sau tên "
              "tệp kết quả.",
        "en": "Input file {file} recorded in {output} not found (looked beside the output, "
              "in the folder above it and at the recorded path). → Name the input files after "
              "the output.",
    },
    "verify_rules_missing": {
        "vi": "{output} được chấm bằng bộ quy tắc '{name}' từ một tệp riêng. → Ghi --rules "
              "TỆP.toml.",
        "en": "{output} was scored with rules '{name}' from a file of its own. → Give --rules "
              "FILE.toml.",
    },
    "verify_input_ok": {"vi": "✓ {kind} {file}: SHA-256 khớp với bản ghi.",
                        "en": "✓ {kind} {file}: SHA-256 matches the record."},
    "verify_input_changed": {
        "vi": "✗ {kind} {file}: SHA-256 khác bản ghi — tệp đã thay đổi (ghi nhận {recorded}…, "
              "hiện tại {now}…).",
        "en": "✗ {kind} {file}: SHA-256 differs from the record — the file changed (recorded "
              "{recorded}…, now {now}…).",
    },
    "verify_input_extra": {
        "vi": "✗ {file}: tệp này được dùng khi chấm lại (tìm thấy cạnh tệp nhật ký) nhưng không "
              "có trong bản ghi.",
        "en": "✗ {file}: used when re-scoring (found beside the worklogs) but not in the "
              "record.",
    },
    "verify_rules_ok": {"vi": "✓ Quy tắc {name}: SHA-256 khớp với bản ghi.",
                        "en": "✓ Rules {name}: SHA-256 matches the record."},
    "verify_rules_changed": {
        "vi": "✗ Quy tắc {name}: SHA-256 khác bản ghi (ghi nhận {recorded}…, hiện tại {now}…).",
        "en": "✗ Rules {name}: SHA-256 differs from the record (recorded {recorded}…, now "
              "{now}…).",
    },
    "verify_cells_ok": {
        "vi": "✓ Chấm lại cho đúng từng số: {cells} ô trên {sheets} sheet giống hệt bản ghi.",
        "en": "✓ Re-scoring gives every number again: {cells} cells on {sheets} sheets equal "
              "the record.",
    },
    "verify_cells_bad": {
        "vi": "✗ {count} ô khác bản ghi; các ô đầu tiên:",
        "en": "✗ {count} cell(s) differ from the record; the first ones:",
    },
    "verify_cell": {"vi": "  {sheet}!{cell}: ghi nhận {recorded} — chấm lại {reproduced}",
                    "en": "  {sheet}!{cell}: recorded {recorded} — re-scored {reproduced}"},
    "verify_sheet": {"vi": "  sheet {sheet}: chỉ có ở một bên",
                     "en": "  sheet {sheet}: on one side only"},
    "verify_reproduced": {"vi": "KẾT LUẬN: tái lập được kết quả {file}.",
                          "en": "VERDICT: {file} is reproduced."},
    "verify_not_reproduced": {"vi": "KẾT LUẬN: KHÔNG tái lập được kết quả {file}.",
                              "en": "VERDICT: {file} is NOT reproduced."},
    "diff_rules_same": {"vi": "Quy tắc: {name}, không đổi.",
                        "en": "Rules: {name}, unchanged."},
    "diff_rules_changed": {"vi": "Quy tắc: {old} ({old_sha}…) → {new} ({new_sha}…).",
                           "en": "Rules: {old} ({old_sha}…) → {new} ({new_sha}…)."},
    "diff_inputs_same": {"vi": "Tệp đầu vào: không đổi.", "en": "Inputs: unchanged."},
    "diff_input_added": {"vi": "Tệp đầu vào {kind} {file}: chỉ có ở lần sau.",
                         "en": "Input {kind} {file}: in the new run only."},
    "diff_input_removed": {"vi": "Tệp đầu vào {kind} {file}: chỉ có ở lần trước.",
                           "en": "Input {kind} {file}: in the old run only."},
    "diff_input_changed": {"vi": "Tệp đầu vào {kind} {file}: nội dung thay đổi (SHA-256 khác).",
                           "en": "Input {kind} {file}: contents changed (SHA-256 differs)."},
    "diff_period": {"vi": "Kỳ: {old} → {new}.", "en": "Period: {old} → {new}."},
    "diff_people": {"vi": "{count} cán bộ có thay đổi:", "en": "{count} people changed:"},
    "diff_none": {"vi": "Không cán bộ nào thay đổi.", "en": "Nobody changed."},
    "diff_added": {"vi": "chỉ có ở lần sau", "en": "in the new run only"},
    "diff_removed": {"vi": "chỉ có ở lần trước", "en": "in the old run only"},
    "col_field": {"vi": "Nội dung", "en": "Field"},
    "col_old": {"vi": "Lần trước", "en": "Old"},
    "col_new": {"vi": "Lần sau", "en": "New"},
    "col_rows_counted": {"vi": "Số dòng được tính", "en": "Rows counted"},
    "col_approval_rate": {"vi": "Tỷ lệ duyệt (%)", "en": "Approval rate (%)"},
    "col_z_approval_rate": {"vi": "z — tỷ lệ duyệt (%)", "en": "z — approval rate (%)"},
    "figure_approval_rate": {"vi": "Tỷ lệ duyệt (%)", "en": "Approval rate (%)"},
    "col_rework_rate": {"vi": "Tỷ lệ dòng bị trả lại sửa (%)", "en": "Rework rate (%)"},
    "col_z_rework_rate": {"vi": "z — tỷ lệ dòng bị trả lại sửa (%)", "en": "z — rework rate (%)"},
    "figure_rework_rate": {"vi": "Tỷ lệ dòng bị trả lại sửa (%)", "en": "Rework rate (%)"},
    "col_failed_rate": {"vi": "Tỷ lệ không đạt chất lượng (%)", "en": "Failed quality rate (%)"},
    "col_z_failed_rate": {"vi": "z — tỷ lệ không đạt chất lượng (%)", "en": "z — failed quality rate (%)"},
    "figure_failed_rate": {"vi": "Tỷ lệ không đạt chất lượng (%)", "en": "Failed quality rate (%)"},
    "col_delay_rate": {"vi": "Tỷ lệ có ghi nhận chậm (%)", "en": "Delays recorded (%)"},
    "col_z_delay_rate": {"vi": "z — tỷ lệ có ghi nhận chậm (%)", "en": "z — delays recorded (%)"},
    "figure_delay_rate": {"vi": "Tỷ lệ có ghi nhận chậm (%)", "en": "Delays recorded (%)"},
    "col_general_gap": {"vi": "Điểm chung % − điểm nhiệm vụ %", "en": "General % − task %"},
    "col_z_general_gap": {"vi": "z — điểm chung % − điểm nhiệm vụ %", "en": "z — general % − task %"},
    "figure_general_gap": {"vi": "Điểm chung % − điểm nhiệm vụ %", "en": "General % − task %"},
    "col_excellent_share": {"vi": "Tỷ lệ xuất sắc (%)", "en": "Excellent share (%)"},
    "col_z_excellent_share": {"vi": "z — tỷ lệ xuất sắc (%)", "en": "z — excellent share (%)"},
    "figure_excellent_share": {"vi": "Tỷ lệ xuất sắc (%)", "en": "Excellent share (%)"},
    "col_z_hours_ratio": {"vi": "z — giờ khai / giờ quy đổi", "en": "z — declared / converted hours"},
    "figure_hours_ratio": {"vi": "Giờ khai / giờ quy đổi", "en": "Declared / converted hours"},
    "col_people": {"vi": "Số người có dòng được duyệt", "en": "People with approved rows"},
    "col_rows_approved": {"vi": "Dòng đã duyệt", "en": "Rows approved"},
    "col_rows_returned": {"vi": "Dòng trả lại", "en": "Rows returned"},
    "col_general_pct": {"vi": "Điểm tiêu chí chung bình quân (% của tối đa)",
                        "en": "Mean general score (% of max)"},
    "col_task_pct": {"vi": "Điểm nhiệm vụ bình quân (% của tối đa)",
                     "en": "Mean task score (% of max)"},
    "col_outliers": {"vi": "Số liệu lệch xa (|z| > ngưỡng)", "en": "Figures far out (|z| > limit)"},
    "col_approver_name": {"vi": "Họ và tên người duyệt", "en": "Approver's name"},
    "col_approver_unit": {"vi": "Đơn vị của người duyệt", "en": "Approver's unit"},
    "sheet_leniency": {"vi": "Người duyệt", "en": "Approvers"},
    "leniency_title": {"vi": "Số liệu duyệt và chấm điểm theo người duyệt và đơn vị",
                       "en": "Approval and assessment figures per approver and unit"},
    "leniency_approvers": {"vi": "Theo người duyệt", "en": "Per approver"},
    "leniency_units": {"vi": "Theo đơn vị", "en": "Per unit"},
    "leniency_note": {
        "vi": "Chỉ là số liệu, kèm các dòng nhật ký tạo ra chúng; không phải nhận xét về người "
              "nào. Mỗi số được đặt cạnh số của những người duyệt (đơn vị) khác bằng z = (giá "
              "trị − bình quân) / độ lệch chuẩn; ⚠ đánh dấu số có |z| > {z} (cùng quy tắc với "
              "cảnh báo giờ khai của đơn vị), để xem lại các dòng của nó. Điểm chung và điểm "
              "nhiệm vụ là bình quân của những người có dòng được người đó duyệt.",
        "en": "Figures only, with the worklog rows they come from; not a judgement of anyone. "
              "Each figure is set against the other approvers' (units') by z = (value − mean) "
              "/ standard deviation; ⚠ marks a figure with |z| > {z} (the rule of the unit "
              "hours flag), so that its rows can be looked at. General and task scores are "
              "the means over the people whose rows that approver approved.",
    },
    "leniency_none": {"vi": "Không có dòng nào được duyệt hay trả lại trong kỳ.",
                      "en": "No row was approved or returned in the period."},
    "help_cmd_compare": {
        "vi": "So sánh hai bộ quy tắc trên cùng dữ liệu: ai đổi mức xếp loại và theo chiều nào, "
              "điểm bình quân và cơ cấu xếp loại từng đơn vị, vượt tỷ lệ xuất sắc phát sinh hay "
              "hết, mười người thay đổi điểm nhiều nhất kèm thành phần của công thức thay đổi "
              "nhiều nhất. Ghi compare_<kỳ>.xlsx và compare_<kỳ>.html.\n\n"
              "Ví dụ:  kpitool compare du-lieu/worklogs.xlsx --rules nd335 --rules khanh-hoa "
              "--period 2026-Q1",
        "en": "Two rule sets side by side on the same inputs: who changes level and in which "
              "direction, each unit's mean total and level mix, excellent-quota breaches gained "
              "or lost, and the ten largest movers with the term of the formula that moved "
              "most. Writes compare_<period>.xlsx and compare_<period>.html.\n\n"
              "Example:  kpitool compare data/worklogs.xlsx --rules nd335 --rules khanh-hoa "
              "--period 2026-Q1 --lang en",
    },
    "help_cmd_verify": {
        "vi": "Kiểm tra lại một kết quả: chấm lại từ các tệp đầu vào (các tệp ghi sau tên kết "
              "quả, hoặc các tệp ghi trong sheet Tham số, tìm cạnh tệp kết quả), báo mã "
              "SHA-256 có khớp không và mọi ô có ra đúng như cũ không. Mã thoát 0: tái lập "
              "được; 1: không (nêu tệp đã đổi và các ô khác đầu tiên).\n\n"
              "Ví dụ:  kpitool verify du-lieu/kpi-2026-Q1/kpi_2026-Q1.xlsx",
        "en": "Re-score a run from its inputs (the files given after the output, or those "
              "recorded on its Parameters sheet, found beside it), say whether the recorded "
              "SHA-256 match and whether every cell comes out the same. Exit code 0: "
              "reproduced; 1: not (the changed file and the first differing cells are named)."
              "\n\nExample:  kpitool verify data/kpi-2026-Q1/kpi_2026-Q1.xlsx --lang en",
    },
    "help_cmd_diff": {
        "vi": "So sánh hai lần chấm: tệp đầu vào, quy tắc, và từng cán bộ thay đổi gì (số dòng "
              "được tính, giờ quy đổi, điểm, xếp loại) — phục vụ hồ sơ giải quyết kiến nghị."
              "\n\nVí dụ:  kpitool diff lan-1/kpi_2026-04.xlsx lan-2/kpi_2026-04.xlsx",
        "en": "Two runs person by person: which inputs and rules changed, and for each person "
              "the rows counted, converted hours, points and level that differ: what an "
              "appeal file needs.\n\nExample:  kpitool diff run-1/kpi_2026-04.xlsx "
              "run-2/kpi_2026-04.xlsx --lang en",
    },
    "help_opt_compare_rules": {
        "vi": "Bộ quy tắc A rồi B: nd335, khanh-hoa hoặc tệp .toml; ghi --rules hai lần.",
        "en": "Rules A, then B: nd335, khanh-hoa or a .toml file; give --rules twice.",
    },
    "help_opt_verify_output": {"vi": "Tệp kết quả kpi_<kỳ>.xlsx của kpitool score.",
                               "en": "The kpi_<period>.xlsx written by kpitool score."},
    "help_opt_verify_inputs": {
        "vi": "Các tệp đầu vào (mặc định: các tệp ghi trong sheet Tham số, tìm cạnh tệp kết "
              "quả).",
        "en": "The input files (default: those recorded on the Parameters sheet, found beside "
              "the output).",
    },
    "help_opt_verify_rules": {"vi": "Tệp quy tắc .toml, khi lần chấm dùng tệp quy tắc riêng.",
                              "en": "A rules .toml file, when the run used rules of its own."},
    "help_opt_diff_old": {"vi": "Kết quả lần trước (kpi_<kỳ>.xlsx).",
                          "en": "The earlier run (kpi_<period>.xlsx)."},
    "help_opt_diff_new": {"vi": "Kết quả lần sau (kpi_<kỳ>.xlsx).",
                          "en": "The later run (kpi_<period>.xlsx)."},
    # --- end of issue 17 (peers) -------------------------------------------------------------
    # --- national scale: kpitool partition, kpitool score DATASET/ --engine (issue 15) ---
    "help_cmd_partition": {
        "vi": "Ghi nhật ký thành bộ dữ liệu Parquet chia theo cơ quan (đơn vị cấp trên cùng) và "
              "tháng, để chấm quy mô toàn quốc bằng kpitool score THƯ_MỤC --engine.\n\nVí dụ:  "
              "kpitool partition worklogs.xlsx --catalog catalog.xlsx --out du-lieu/",
        "en": "Write worklogs as a Parquet dataset partitioned by agency (top unit) and month, "
              "for national-scale scoring with kpitool score DATASET --engine.\n\nExample:  "
              "kpitool partition worklogs.xlsx --catalog catalog.xlsx --out dataset/",
    },
    "help_opt_partition_out": {"vi": "Thư mục bộ dữ liệu sẽ tạo (chưa được tồn tại).",
                               "en": "The dataset folder to create (must not exist yet)."},
    "help_opt_engine": {
        "vi": "Chấm bộ dữ liệu do kpitool partition tạo: local (từng cơ quan một, ít bộ nhớ) "
              "hoặc dask (song song trên cụm Dask).",
        "en": "Score a dataset written by kpitool partition: local (one agency at a time, "
              "little memory) or dask (in parallel on a Dask cluster).",
    },
    "help_opt_scheduler": {
        "vi": "Địa chỉ bộ lập lịch Dask có sẵn, ví dụ tcp://10.0.0.5:8786 (mặc định: hai "
              "tiến trình trên máy này).",
        "en": "Address of an existing Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: two "
              "worker processes on this machine).",
    },
    "help_opt_unit_workbooks": {"vi": "Ghi thêm bảng tổng hợp của từng đơn vị.",
                                "en": "Also write one workbook per unit."},
    "chain_crosses_agency": {
        "vi": "Cán bộ {value} (cơ quan {agency}) có người quản lý trực tiếp {supervisor} thuộc "
              "cơ quan khác ({other}): chuỗi quản lý phải nằm trong một cơ quan để chấm theo "
              "cơ quan. → Sửa supervisor_id hoặc đơn vị của một trong hai người.",
        "en": "Staff {value} (agency {agency}) has supervisor {supervisor} in another agency "
              "({other}): a supervisor chain must stay inside one agency to be scored by "
              "agency. → Fix supervisor_id or the unit of one of them.",
    },
    "partition_unreadable": {
        "vi": "Cơ quan {agency}: không đọc được dữ liệu ({error}). → Tạo lại bộ dữ liệu bằng "
              "kpitool partition.",
        "en": "Agency {agency}: cannot read its data ({error}). → Write the dataset again with "
              "kpitool partition.",
    },
    "partition_failed": {
        "vi": "Cơ quan {agency} không được chấm ({count} lỗi, liệt kê dưới đây); các cơ quan "
              "khác vẫn được chấm. → Sửa dữ liệu của cơ quan rồi chấm lại.",
        "en": "Agency {agency} was not scored ({count} errors, listed below); the other "
              "agencies were. → Fix the agency's data and score again.",
    },
    "dataset_exists": {
        "vi": "Thư mục {file} đã có. → Chọn thư mục khác cho bộ dữ liệu mới.",
        "en": "Folder {file} already exists. → Choose another folder for the new dataset.",
    },
    "not_a_dataset": {
        "vi": "{file} không phải bộ dữ liệu do kpitool partition tạo (thiếu _kpitool.json). "
              "→ Tạo bằng kpitool partition.",
        "en": "{file} is not a dataset written by kpitool partition (no _kpitool.json). "
              "→ Write it with kpitool partition.",
    },
    "unknown_engine": {
        "vi": "Không có engine {engine}. → Dùng một trong: {engines}.",
        "en": "There is no engine {engine}. → Use one of: {engines}.",
    },
    "dataset_companion_missing": {
        "vi": "Chấm bộ dữ liệu {file} cần tệp {kind}. → Thêm --{kind} TỆP.",
        "en": "Scoring dataset {file} needs the {kind} file. → Add --{kind} FILE.",
    },
    "dataset_holds_companion": {
        "vi": "Bộ dữ liệu đã có dữ liệu của --{kind}, chia theo cơ quan khi tạo (từ {held}); "
              "tệp {file} khác tệp đó. → Bỏ --{kind} để dùng tệp đã chia, hoặc tạo lại bộ dữ liệu bằng "
              "kpitool partition với tệp mới.",
        "en": "The dataset already holds the {kind} file, split by agency when it was written "
              "(from {held}); {file} is another file. → Leave out --{kind} to use the one it "
              "holds, or write the dataset again with kpitool partition and the new file.",
    },
    "dataset_output_exists": {
        "vi": "{file} đã có. → Chọn thư mục kết quả khác (--out).",
        "en": "{file} already exists. → Choose another output folder (--out).",
    },
    "dataset_engine_needs_folder": {
        "vi": "--engine chấm một thư mục bộ dữ liệu, không phải {file}. → Tạo bằng kpitool "
              "partition, hoặc bỏ --engine.",
        "en": "--engine scores one dataset folder, not {file}. → Write one with kpitool "
              "partition, or leave out --engine.",
    },
    "dataset_written": {
        "vi": "Đã ghi bộ dữ liệu {folder}: {rows} dòng nhật ký trong {files} tệp.",
        "en": "Dataset {folder} written: {rows} worklog rows in {files} files.",
    },
    "dataset_needs_period": {
        "vi": "Nhật ký trong {file} trải dài hơn một quý. → Ghi rõ kỳ, ví dụ --period 2026.",
        "en": "The worklogs in {file} span more than a quarter. → Give the period, e.g. "
              "--period 2026.",
    },
    # --- end of national scale ---
    # --- issue 16, writing (kpitool/reports/): the detail written once ----------------------
    "detail_rows_of_unit": {
        "vi": "{rows} dòng chi tiết của đơn vị là các dòng {first}–{last} của tệp {file} cùng "
              "thư mục (cột \"{column}\" = {unit}).",
        "en": "The unit's {rows} detail rows are rows {first}–{last} of {file}, in the same "
              "folder (column \"{column}\" = {unit}).",
    },
    "detail_none_unit": {"vi": "Đơn vị không có dòng chi tiết nào được tính.",
                         "en": "The unit has no counted detail rows."},
    "help_opt_score_unit_detail": {
        "vi": "Với kỳ lớn: ghi thêm tệp CSV chi tiết riêng của từng đơn vị cạnh bảng tổng hợp "
              "của đơn vị (mặc định: chỉ một tệp chi tiết chung).",
        "en": "For a large run: also write each unit's own detail CSV beside its workbook "
              "(default: one detail file for the whole run).",
    },
    # --- end of issue 16, writing ---
}


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class MessageKeyError(AssertionError):
    """A message key, or its text in a language, is not in the catalog: a programming error in
    kpitool (a typo must never reach a user as output)."""


def text(code: str, lang: str = "vi", **params: object) -> str:
    """The message for `code` in `lang`, with its parameters filled in.

    Parameters are data: a float is written here, with the decimal mark of `lang`.

    Raises:
        MessageKeyError: `code` is not in the catalog, or has no text in `lang`.
    """
    template = MESSAGES.get(code, {}).get(lang)
    if template is None:
        raise MessageKeyError(f"message {code!r} has no {lang!r} text in kpitool.messages")
    shown = {key: number(value, lang) if isinstance(value, float) else value
             for key, value in params.items()}
    return template.format_map(_Params(shown))


def split_hint(message: str) -> tuple[str, str]:
    """('what is wrong', 'what to do') from a rendered message."""
    what, _, hint = message.partition(" → ")
    return what, hint
