"""Generate the example dataset: two pilot wards of Thanh Hóa province, quarter 2026-Q1.

    python examples/generate.py            # rewrites examples/hac-thanh/ and examples/dong-son/
    python examples/generate.py OUTDIR     # writes OUTDIR/hac-thanh/ and OUTDIR/dong-son/

Seeded (`random.Random(2026)`) and reproducible: two runs give the same cells (and the same
bytes, as the workbooks carry a fixed creation time). Headers, sheet names and enumerations are
taken from `kpitool.schemas`, so the files always follow the column contracts.

Every deliberate flaw is planted by a named step below and listed in `examples/README.md`.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

from kpitool.schemas import (
    ASSESSMENTS_BOOK,
    ASSIGNMENTS_BOOK,
    CATALOG,
    NORMS_BOOK,
    WORKLOGS_BOOK,
    Sheet,
    enums,
)

SEED = 2026
QUARTER_START = dt.date(2026, 1, 1)
QUARTER_END = dt.date(2026, 3, 31)
MONTHS = ("2026-01", "2026-02", "2026-03")
CREATED = dt.datetime(2026, 4, 1, 8, 0, 0)

# Public holidays in the quarter (as the `holidays` package knows them): New Year's Day and
# Tết Bính Ngọ (the official break runs Sat 14/2 – Sun 22/2/2026; 16/2–20/2 are the weekdays).
HOLIDAYS = {dt.date(2026, 1, 1), *(dt.date(2026, 2, day) for day in range(16, 21))}
# The `calendar` sheet: 2/1 given as an extra day off, made up on Saturday 10/1.
EXTRA_DAY_OFF = dt.date(2026, 1, 2)
MAKEUP_DAY = dt.date(2026, 1, 10)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# ============================================================================================
# the catalog


@dataclass(frozen=True)
class Position:
    code: str
    name: str
    group: str  # POSITION_GROUP key
    leader: bool


POSITIONS = [
    Position("LD-CT", "Chủ tịch UBND phường", "LDQL", True),
    Position("LD-PCT", "Phó Chủ tịch UBND phường", "LDQL", True),
    Position("LD-CVP", "Chánh Văn phòng HĐND và UBND", "LDQL", True),
    Position("LD-PCVP", "Phó Chánh Văn phòng HĐND và UBND", "LDQL", True),
    Position("LD-TP", "Trưởng phòng", "LDQL", True),
    Position("LD-PTP", "Phó Trưởng phòng", "LDQL", True),
    Position("LD-GD", "Giám đốc Trung tâm phục vụ hành chính công", "LDQL", True),
    Position("LD-PGD", "Phó Giám đốc Trung tâm phục vụ hành chính công", "LDQL", True),
    Position("LD-CHT", "Chỉ huy trưởng Ban Chỉ huy Quân sự phường", "LDQL", True),
    Position("LD-GDDV", "Giám đốc Trung tâm Dịch vụ tổng hợp", "LDQL", True),
    Position("NV-DD", "Chuyên viên quản lý đất đai", "CMNV", False),
    Position("NV-XD", "Chuyên viên quản lý quy hoạch, xây dựng và đô thị", "CMNV", False),
    Position("NV-TC", "Chuyên viên quản lý kinh tế, tài chính - kế hoạch", "CMNV", False),
    Position("NV-MT", "Chuyên viên quản lý tài nguyên và môi trường", "CMNV", False),
    Position("NV-VH", "Chuyên viên quản lý văn hóa, thông tin và thể thao", "CMNV", False),
    Position("NV-XH", "Chuyên viên quản lý lao động, người có công và xã hội", "CMNV", False),
    Position("NV-GY", "Chuyên viên quản lý giáo dục, y tế", "CMNV", False),
    Position("NV-TP", "Chuyên viên tư pháp - hộ tịch", "CMNV", False),
    Position("NV-HC", "Chuyên viên tiếp nhận và trả kết quả thủ tục hành chính", "CMNV", False),
    Position("DC-TH", "Chuyên viên tổng hợp", "CMDC", False),
    Position("DC-NV", "Chuyên viên tổ chức - nội vụ", "CMDC", False),
    Position("DC-KT", "Kế toán", "CMDC", False),
    Position("DC-VT", "Văn thư - lưu trữ", "CMDC", False),
    Position("DC-IT", "Chuyên viên công nghệ thông tin", "CMDC", False),
    Position("NV-QS", "Chuyên viên quốc phòng, quân sự địa phương", "CMNV", False),
    Position("NV-DV", "Viên chức cung ứng dịch vụ văn hóa, thể thao, nông nghiệp", "CMNV", False),
    Position("PV-LX", "Nhân viên lái xe", "HTPV", False),
    Position("PV-BV", "Nhân viên bảo vệ", "HTPV", False),
    Position("PV-TV", "Nhân viên phục vụ", "HTPV", False),
]
POSITION = {p.code: p for p in POSITIONS}
LEADERS = ",".join(p.code for p in POSITIONS if p.leader)
WARD_LEADERS = "LD-CT,LD-PCT"
HEADS = "LD-CT,LD-PCT,LD-CVP,LD-TP,LD-GD,LD-CHT,LD-GDDV"


@dataclass(frozen=True)
class Ref:
    """How a task's output product is numbered: prefix + number + suffix ("125/UBND-VP")."""

    prefix: str
    suffix: str = ""
    width: int = 0


@dataclass(frozen=True)
class Task:
    code: str
    name: str
    group: str
    uom: str
    output_type: str | None
    positions: str | None  # comma-separated position codes; None = all
    unit: str | None  # unit suffix ("KT") for group C; None = all units
    norms: tuple[tuple[str, float, int, dt.date | None, dt.date | None], ...]
    ref: Ref
    max_quantity: int = 5
    deadline_share: float = 0.3


def norm(hours: float, complexity: int = 1, group: str = "*",
         start: dt.date | None = None, end: dt.date | None = None
         ) -> tuple[str, float, int, dt.date | None, dt.date | None]:
    return (group, hours, complexity, start, end)


def task(code: str, name: str, uom: str, output_type: str | None, ref: Ref,
         *norms: tuple, positions: str | None = None, unit: str | None = None,
         max_quantity: int = 5, deadline_share: float = 0.3) -> Task:
    return Task(code, name, code[0], uom, output_type, positions, unit, norms or (norm(2.0),),
                ref, max_quantity, deadline_share)


DOC = Ref("", "/UBND-{unit}")
# The norm for building permits changes on 1/3/2026 (the province's new online procedure).
PERMIT_CHANGE = dt.date(2026, 3, 1)

TASKS = [
    # --- A: lãnh đạo, quản lý ---------------------------------------------------------------
    task("A01", "Tham mưu ban hành văn bản chỉ đạo, điều hành", "văn bản", "Văn bản chỉ đạo",
         Ref("", "/UBND-{unit}"), norm(2.0, 2), positions=LEADERS),
    task("A02", "Chủ trì họp giao ban, họp chuyên đề", "cuộc họp", "Thông báo kết luận",
         Ref("", "/TB-UBND"), norm(2.5, 2), positions=LEADERS, max_quantity=2),
    task("A03", "Ký duyệt văn bản, hồ sơ trình", "văn bản", "Văn bản đã ký",
         Ref("", "/UBND-{unit}"), norm(0.25, 1), positions=LEADERS, max_quantity=20),
    task("A04", "Phân công, giao việc, đôn đốc cán bộ thực hiện nhiệm vụ", "lượt",
         "Phiếu giao việc", Ref("PGV-", "/{unit}", 3), norm(0.5, 1), positions=LEADERS,
         max_quantity=6),
    task("A05", "Tiếp công dân định kỳ, đột xuất", "buổi", "Biên bản tiếp công dân",
         Ref("", "/BB-TCD"), norm(4.0, 2), positions=WARD_LEADERS, max_quantity=1),
    task("A06", "Chỉ đạo giải quyết đơn thư khiếu nại, tố cáo, kiến nghị", "vụ việc",
         "Văn bản trả lời", Ref("", "/UBND-TCD"), norm(3.0, 3), positions=WARD_LEADERS,
         max_quantity=2),
    task("A07", "Xây dựng chương trình, kế hoạch công tác của đơn vị", "kế hoạch",
         "Kế hoạch", Ref("", "/KH-{unit}"), norm(4.0, 2), norm(3.0, 2, "LDQL"),
         positions=LEADERS, max_quantity=1),
    task("A08", "Kiểm tra, giám sát việc thực hiện nhiệm vụ", "cuộc kiểm tra",
         "Biên bản kiểm tra", Ref("", "/BB-KT"), norm(4.0, 2), positions=LEADERS,
         max_quantity=1),
    task("A09", "Dự họp, làm việc với cấp trên, các sở, ngành", "cuộc họp", "Báo cáo kết quả",
         Ref("", "/BC-{unit}"), norm(3.0, 1), positions=LEADERS, max_quantity=2),
    task("A10", "Duyệt nhật ký công việc, sản phẩm của cán bộ", "lượt", "Kết quả duyệt KPI",
         Ref("DKPI-", "/{unit}", 4), norm(0.25, 1), positions=LEADERS, max_quantity=12),
    task("A11", "Chỉ đạo xử lý tình huống đột xuất, phát sinh", "vụ việc", "Văn bản chỉ đạo",
         Ref("", "/UBND-{unit}"), norm(2.0, 3), positions=LEADERS, max_quantity=2),
    task("A12", "Chủ trì tiếp, làm việc với đoàn công tác", "cuộc", "Thông báo kết luận",
         Ref("", "/TB-UBND"), norm(3.0, 2), positions=HEADS, max_quantity=1),
    task("A13", "Đánh giá, xếp loại cán bộ, công chức thuộc quyền", "hồ sơ", "Phiếu đánh giá",
         Ref("", "/ĐG-{unit}"), norm(0.5, 2), positions=LEADERS, max_quantity=6),
    task("A14", "Chỉ đạo triển khai chuyển đổi số, Đề án 06", "văn bản", "Văn bản chỉ đạo",
         Ref("", "/UBND-CĐS"), norm(2.0, 2), positions=WARD_LEADERS, max_quantity=2),
    # --- B: chuyên môn dùng chung -------------------------------------------------------------
    task("B01", "Soạn thảo công văn", "văn bản", "Công văn", DOC,
         norm(1.5, 1), norm(1.0, 1, "LDQL"), max_quantity=3, deadline_share=0.5),
    task("B02", "Soạn thảo báo cáo định kỳ (tuần, tháng, quý)", "báo cáo", "Báo cáo",
         Ref("", "/BC-{unit}"), norm(3.0, 2), norm(2.5, 2, "CMDC"), max_quantity=2,
         deadline_share=0.8),
    task("B03", "Soạn thảo báo cáo chuyên đề, đột xuất", "báo cáo", "Báo cáo",
         Ref("", "/BC-{unit}"), norm(4.0, 2), max_quantity=1, deadline_share=0.8),
    task("B04", "Xây dựng kế hoạch, chương trình chuyên môn", "kế hoạch", "Kế hoạch",
         Ref("", "/KH-{unit}"), norm(4.0, 2), max_quantity=1, deadline_share=0.6),
    task("B05", "Dự thảo quyết định, tờ trình", "văn bản", "Quyết định, tờ trình",
         Ref("", "/TTr-{unit}"), norm(2.5, 2), max_quantity=2, deadline_share=0.5),
    task("B06", "Tham mưu trả lời đơn thư, kiến nghị của công dân", "văn bản",
         "Văn bản trả lời", Ref("", "/UBND-{unit}"), norm(3.0, 2), norm(2.0, 2, "LDQL"),
         max_quantity=2, deadline_share=0.9),
    task("B07", "Tổng hợp số liệu, lập biểu thống kê", "biểu", "Biểu thống kê",
         Ref("BTK-", "/{unit}", 3), norm(1.0, 1), max_quantity=4),
    task("B08", "Tham dự họp, hội nghị, tập huấn chuyên môn", "cuộc họp", "Biên bản, ghi chép",
         Ref("", "/BB-{unit}"), norm(2.0, 1), max_quantity=2),
    task("B09", "Ghi biên bản, dự thảo thông báo kết luận cuộc họp", "biên bản", "Biên bản",
         Ref("", "/BB-{unit}"), norm(1.5, 1), max_quantity=2),
    task("B10", "Cập nhật dữ liệu lên phần mềm, cơ sở dữ liệu chuyên ngành", "lượt",
         "Dữ liệu cập nhật", Ref("CSDL-", "", 5), norm(0.25, 1), max_quantity=20),
    task("B11", "Xử lý văn bản đến trên hệ thống quản lý văn bản và điều hành", "văn bản",
         "Phiếu xử lý", Ref("VBĐ-", "", 5), norm(0.25, 1), max_quantity=16),
    task("B12", "Tham mưu tổ chức hội nghị, sự kiện", "hội nghị", "Kế hoạch tổ chức",
         Ref("", "/KH-{unit}"), norm(6.0, 2), max_quantity=1),
    task("B13", "Góp ý, thẩm định dự thảo văn bản", "văn bản", "Văn bản góp ý",
         Ref("", "/UBND-{unit}"), norm(1.5, 2), max_quantity=3),
    task("B14", "Rà soát, kiểm tra hồ sơ, tài liệu", "hồ sơ", "Phiếu rà soát",
         Ref("RS-", "/{unit}", 3), norm(0.5, 1), max_quantity=8),
    task("B15", "Tiếp nhận, trả kết quả hồ sơ TTHC", "hồ sơ", "Hồ sơ TTHC",
         Ref("HS-2026-", "", 5), norm(0.5, 1), max_quantity=14, deadline_share=0.9,
         positions="NV-DD,NV-XD,NV-TP,NV-HC,NV-XH,LD-GD,LD-PGD"),
    task("B16", "Hướng dẫn, giải đáp thủ tục hành chính cho tổ chức, công dân", "lượt",
         "Sổ theo dõi", Ref("HD-", "", 4), norm(0.25, 1), max_quantity=16,
         positions="NV-DD,NV-XD,NV-TP,NV-HC,NV-XH,NV-TC,LD-GD,LD-PGD"),
    task("B17", "Lập dự toán, quyết toán kinh phí", "hồ sơ", "Dự toán, quyết toán",
         Ref("", "/DT-{unit}"), norm(6.0, 3), positions="DC-KT,NV-TC", max_quantity=1,
         deadline_share=0.8),
    task("B18", "Lập chứng từ, hạch toán kế toán", "chứng từ", "Chứng từ kế toán",
         Ref("PC-", "", 4), norm(0.5, 1), positions="DC-KT", max_quantity=10),
    task("B19", "Đăng ký, phát hành văn bản đi", "văn bản", "Sổ văn bản đi",
         Ref("VBĐi-", "", 5), norm(0.25, 1), positions="DC-VT", max_quantity=20),
    task("B20", "Tiếp nhận, vào sổ, chuyển văn bản đến", "văn bản", "Sổ văn bản đến",
         Ref("VBĐến-", "", 5), norm(0.25, 1), positions="DC-VT", max_quantity=20),
    task("B21", "Chỉnh lý, lưu trữ hồ sơ, tài liệu", "hộp", "Hộp hồ sơ lưu trữ",
         Ref("LT-2026-", "", 3), norm(2.0, 1), positions="DC-VT,NV-TP,NV-HC", max_quantity=3),
    task("B22", "Quản lý hồ sơ, dữ liệu cán bộ, công chức", "hồ sơ", "Hồ sơ cán bộ",
         Ref("HSCB-", "", 3), norm(1.0, 1), positions="DC-NV", max_quantity=6),
    task("B23", "Tham mưu công tác thi đua, khen thưởng", "hồ sơ", "Hồ sơ khen thưởng",
         Ref("", "/TĐKT"), norm(2.0, 2), positions="DC-NV,DC-TH,LD-CVP,LD-PCVP",
         max_quantity=3),
    task("B24", "Tham mưu công tác cải cách hành chính", "văn bản", "Văn bản, báo cáo CCHC",
         Ref("", "/CCHC"), norm(2.5, 2), max_quantity=1),
    task("B25", "Rà soát, niêm yết, công khai thủ tục hành chính", "thủ tục", "Danh mục TTHC",
         Ref("NY-", "", 3), norm(0.5, 1), positions="NV-HC,NV-TP,DC-TH,LD-PGD",
         max_quantity=8),
    task("B26", "Quản trị hệ thống mạng, phần mềm dùng chung", "lượt", "Nhật ký quản trị",
         Ref("QT-", "", 4), norm(1.0, 1), norm(1.0, 2, "CMDC"), positions="DC-IT",
         max_quantity=5),
    # --- C: đặc thù của đơn vị ----------------------------------------------------------------
    task("C01", "Xây dựng lịch công tác tuần của Thường trực UBND", "lịch", "Lịch công tác",
         Ref("LCT-", "/2026", 2), norm(2.0, 1), unit="VP", max_quantity=1),
    task("C02", "Phục vụ kỳ họp, phiên họp của HĐND, UBND phường", "phiên họp",
         "Hồ sơ kỳ họp", Ref("", "/BB-HĐND"), norm(6.0, 2), unit="VP", max_quantity=1),
    task("C03", "Quản lý, cập nhật Trang thông tin điện tử phường", "tin bài", "Tin bài",
         Ref("TIN-2026-", "", 4), norm(1.0, 1), unit="VP", max_quantity=5),
    task("C04", "Theo dõi, đôn đốc thực hiện nhiệm vụ UBND tỉnh, phường giao", "báo cáo",
         "Báo cáo tiến độ", Ref("", "/BC-VP"), norm(2.0, 2), unit="VP", max_quantity=2),
    task("C05", "Quản lý tài sản, trang thiết bị cơ quan", "lượt", "Sổ theo dõi tài sản",
         Ref("TS-", "", 3), norm(1.0, 1), unit="VP", max_quantity=3),
    task("C06", "Tham mưu công tác tổ chức bộ máy, biên chế, tiền lương", "hồ sơ",
         "Hồ sơ tổ chức cán bộ", Ref("", "/QĐ-UBND"), norm(3.0, 2), unit="VP",
         max_quantity=2),
    task("C07", "Thẩm định hồ sơ cấp phép xây dựng", "hồ sơ", "Giấy phép xây dựng",
         Ref("", "/GPXD", 3),
         norm(6.0, 2, end=PERMIT_CHANGE - dt.timedelta(days=1)),
         norm(4.5, 2, start=PERMIT_CHANGE),
         unit="KT", max_quantity=2, deadline_share=0.9),
    task("C08", "Kiểm tra trật tự xây dựng, trật tự đô thị", "cuộc kiểm tra", "Biên bản kiểm tra",
         Ref("", "/BB-TTXD"), norm(3.0, 2), unit="KT", max_quantity=2),
    task("C09", "Thẩm định hồ sơ đăng ký đất đai, cấp giấy chứng nhận", "hồ sơ",
         "Phiếu trình hồ sơ đất đai", Ref("HSĐĐ-2026-", "", 4), norm(3.0, 2),
         norm(2.5, 2, "CMNV"), unit="KT", max_quantity=3, deadline_share=0.9),
    task("C10", "Hòa giải tranh chấp đất đai", "vụ việc", "Biên bản hòa giải",
         Ref("", "/BB-HG"), norm(4.0, 3), unit="KT", max_quantity=1),
    task("C11", "Xác minh nguồn gốc, hiện trạng sử dụng đất", "hồ sơ", "Biên bản xác minh",
         Ref("XM-", "/ĐĐ", 3), norm(2.0, 2), unit="KT", max_quantity=2),
    task("C12", "Thẩm định dự toán, hồ sơ công trình hạ tầng", "hồ sơ", "Báo cáo thẩm định",
         Ref("", "/BC-TĐ"), norm(6.0, 3), unit="KT", max_quantity=1, deadline_share=0.7),
    task("C13", "Cấp đăng ký hộ kinh doanh", "hồ sơ", "Giấy chứng nhận ĐKHKD",
         Ref("27P8-", "", 6), norm(1.0, 1), unit="KT", max_quantity=5, deadline_share=0.9),
    task("C14", "Kiểm tra vệ sinh môi trường, thu gom rác thải đô thị", "cuộc kiểm tra",
         "Biên bản kiểm tra", Ref("", "/BB-MT"), norm(2.5, 1), unit="KT", max_quantity=2),
    task("C15", "Giải quyết chế độ, chính sách người có công", "hồ sơ", "Hồ sơ người có công",
         Ref("NCC-", "", 4), norm(3.0, 2), unit="VX", max_quantity=2, deadline_share=0.8),
    task("C16", "Xét duyệt trợ cấp bảo trợ xã hội", "hồ sơ", "Quyết định trợ cấp",
         Ref("", "/QĐ-BTXH"), norm(2.0, 2), unit="VX", max_quantity=3, deadline_share=0.8),
    task("C17", "Tổ chức hoạt động văn hóa, văn nghệ, thể thao", "sự kiện", "Kế hoạch, báo cáo",
         Ref("", "/KH-VHTT"), norm(6.0, 2), unit="VX", max_quantity=1),
    task("C18", "Tuyên truyền, thông tin cơ sở, hệ thống truyền thanh", "tin bài",
         "Tin, bài tuyên truyền", Ref("TT-", "", 4), norm(1.0, 1), unit="VX", max_quantity=5),
    task("C19", "Rà soát hộ nghèo, hộ cận nghèo", "hộ", "Phiếu rà soát",
         Ref("RSHN-", "", 4), norm(0.5, 1), unit="VX", max_quantity=10),
    task("C20", "Kiểm tra cơ sở giáo dục, y tế, an toàn thực phẩm", "cuộc kiểm tra",
         "Biên bản kiểm tra", Ref("", "/BB-VX"), norm(3.0, 2), unit="VX", max_quantity=1),
    task("C21", "Lập danh sách, chi trả trợ cấp, quà Tết cho đối tượng chính sách",
         "danh sách", "Danh sách chi trả", Ref("DS-", "/VX", 3), norm(2.0, 1), unit="VX",
         max_quantity=2),
    task("C22", "Đăng ký hộ tịch (khai sinh, kết hôn, khai tử)", "hồ sơ", "Trích lục hộ tịch",
         Ref("", "/2026/HT", 3), norm(0.75, 1), unit="TT", max_quantity=8, deadline_share=0.6),
    task("C23", "Chứng thực bản sao từ bản chính", "bản", "Bản sao chứng thực",
         Ref("", "/2026/SCT-BS", 4), norm(0.1, 1), norm(0.1, 1, "CMNV"), unit="TT",
         max_quantity=40),
    task("C24", "Chứng thực chữ ký, hợp đồng, giao dịch", "hồ sơ", "Văn bản chứng thực",
         Ref("", "/2026/SCT-HĐGD", 3), norm(1.0, 2), unit="TT", max_quantity=4),
    task("C25", "Số hóa hồ sơ, kết quả giải quyết TTHC", "hồ sơ", "Hồ sơ số hóa",
         Ref("SH-2026-", "", 5), norm(0.25, 1), unit="TT", max_quantity=16),
    task("C26", "Xử lý hồ sơ trực tuyến trên Cổng dịch vụ công", "hồ sơ", "Hồ sơ trực tuyến",
         Ref("DVC-", "", 6), norm(0.5, 1), unit="TT", max_quantity=10, deadline_share=0.9),
    task("C27", "Khảo sát, tổng hợp mức độ hài lòng của người dân", "phiếu", "Phiếu khảo sát",
         Ref("KS-", "", 4), norm(0.25, 1), unit="TT", max_quantity=12),
    task("C28", "Thu phí, lệ phí và quyết toán biên lai", "biên lai", "Biên lai thu",
         Ref("BL-", "", 6), norm(0.2, 1), unit="TT", max_quantity=15),
    task("C29", "Đăng ký, quản lý công dân trong độ tuổi sẵn sàng nhập ngũ", "hồ sơ",
         "Sổ đăng ký nghĩa vụ quân sự", Ref("NVQS-", "", 4), norm(0.5, 1), unit="QS",
         max_quantity=10),
    task("C30", "Tổ chức giao nhận quân năm 2026", "kế hoạch", "Kế hoạch, báo cáo giao quân",
         Ref("", "/KH-BCHQS"), norm(4.0, 3), unit="QS", max_quantity=1),
    task("C31", "Huấn luyện, duy trì hoạt động dân quân tự vệ", "buổi", "Sổ theo dõi huấn luyện",
         Ref("HL-", "/DQTV", 3), norm(4.0, 2), unit="QS", max_quantity=1),
    task("C32", "Tổ chức dịch vụ văn hóa, thể thao tại nhà văn hóa", "sự kiện",
         "Báo cáo kết quả", Ref("", "/BC-TTDV"), norm(3.0, 1), unit="DV", max_quantity=2),
    task("C33", "Hướng dẫn kỹ thuật, dịch vụ nông nghiệp, cây xanh đô thị", "lượt",
         "Phiếu hướng dẫn", Ref("KTNN-", "", 4), norm(1.5, 1), unit="DV", max_quantity=3),
    # --- D: nhiệm vụ khác ---------------------------------------------------------------------
    task("D01", "Học tập, bồi dưỡng, tập huấn", "buổi", "Giấy chứng nhận, danh sách",
         Ref("DSHT-", "", 3), norm(4.0, 1), max_quantity=1),
    task("D02", "Tham gia hoạt động của chi bộ, đoàn thể", "buổi", "Biên bản sinh hoạt",
         Ref("", "/BB-CB"), norm(2.0, 1), max_quantity=1),
    task("D03", "Trực cơ quan, trực lễ, Tết", "ca", "Sổ trực", Ref("ST-", "", 3),
         norm(4.0, 1), max_quantity=2),
    task("D04", "Thực hiện nhiệm vụ đột xuất do lãnh đạo giao", "việc", "Báo cáo kết quả",
         Ref("", "/BC-ĐX"), norm(2.0, 2), max_quantity=2),
    task("D05", "Lái xe phục vụ công tác", "chuyến", "Lệnh điều xe", Ref("LĐX-", "", 3),
         norm(2.0, 1, "HTPV"), positions="PV-LX", max_quantity=3),
    task("D06", "Bảo dưỡng, vệ sinh xe ô tô cơ quan", "lượt", "Sổ theo dõi xe",
         Ref("BDX-", "", 3), norm(1.5, 1, "HTPV"), positions="PV-LX", max_quantity=1),
    task("D07", "Bảo vệ, tuần tra trụ sở cơ quan", "ca", "Sổ giao ca", Ref("GC-", "", 4),
         norm(4.0, 1, "HTPV"), positions="PV-BV", max_quantity=2),
    task("D08", "Phục vụ hội nghị, tiếp khách", "lượt", "Sổ phục vụ", Ref("PVHN-", "", 3),
         norm(1.5, 1, "HTPV"), positions="PV-TV,PV-BV", max_quantity=3),
    task("D09", "Vệ sinh, chăm sóc cảnh quan trụ sở", "lượt", "Sổ theo dõi",
         Ref("VS-", "", 3), norm(2.0, 1, "HTPV"), positions="PV-TV", max_quantity=2),
    task("D10", "Tham gia đoàn kiểm tra liên ngành", "cuộc kiểm tra", "Biên bản kiểm tra",
         Ref("", "/BB-LN"), norm(4.0, 2), max_quantity=1),
    task("D11", "Hỗ trợ kỹ thuật, xử lý sự cố thiết bị tin học", "lượt", "Phiếu hỗ trợ",
         Ref("HT-", "", 4), norm(1.0, 1), positions="DC-IT,PV-TV", max_quantity=4),
]
TASK = {t.code: t for t in TASKS}

# What each position group mostly logs: weight of each task group when a row is drawn.
GROUP_MIX = {
    "LDQL": {"A": 0.66, "B": 0.22, "C": 0.08, "D": 0.04},
    "CMNV": {"B": 0.30, "C": 0.62, "D": 0.08},
    "CMDC": {"B": 0.78, "C": 0.14, "D": 0.08},
    "HTPV": {"D": 1.0},
}


# ============================================================================================
# the two wards and their people


@dataclass(frozen=True)
class Unit:
    suffix: str  # "VP" → unit code "HT-VP"
    name: str


UNITS = [
    Unit("UB", "UBND phường {ward}"),
    Unit("VP", "Văn phòng HĐND và UBND phường {ward}"),
    Unit("KT", "Phòng Kinh tế - Hạ tầng và Đô thị"),
    Unit("VX", "Phòng Văn hóa - Xã hội"),
    Unit("TT", "Trung tâm phục vụ hành chính công phường {ward}"),
    Unit("QS", "Ban Chỉ huy Quân sự phường {ward}"),
    Unit("DV", "Trung tâm Dịch vụ tổng hợp phường {ward}"),
]

# (unit suffix, position, staff type, supervisor slot) in roster order. The supervisor slot is
# the index of the supervisor in this list (None = the chairman, whose own supervisor is blank).
Slot = tuple[str, str, str, int | None]


def roster(extra: list[Slot]) -> list[Slot]:
    base: list[Slot] = [
        ("UB", "LD-CT", "can_bo", None),          # 0
        ("UB", "LD-PCT", "can_bo", 0),            # 1  Phó Chủ tịch phụ trách kinh tế
        ("UB", "LD-PCT", "can_bo", 0),            # 2  Phó Chủ tịch phụ trách văn hóa - xã hội
        ("VP", "LD-CVP", "cong_chuc", 0),         # 3
        ("VP", "LD-PCVP", "cong_chuc", 3),        # 4
        ("VP", "DC-TH", "cong_chuc", 4),          # 5
        ("VP", "DC-NV", "cong_chuc", 3),          # 6
        ("VP", "DC-KT", "cong_chuc", 3),          # 7
        ("VP", "DC-VT", "cong_chuc", 4),          # 8
        ("VP", "DC-IT", "vien_chuc", 4),          # 9
        ("VP", "PV-LX", "hop_dong", 4),           # 10
        ("VP", "PV-BV", "hop_dong", 4),           # 11
        ("KT", "LD-TP", "cong_chuc", 0),          # 12
        ("KT", "LD-PTP", "cong_chuc", 12),        # 13
        ("KT", "NV-DD", "cong_chuc", 13),         # 14
        ("KT", "NV-DD", "cong_chuc", 13),         # 15
        ("KT", "NV-XD", "cong_chuc", 12),         # 16
        ("KT", "NV-TC", "cong_chuc", 12),         # 17
        ("VX", "LD-TP", "cong_chuc", 0),          # 18
        ("VX", "LD-PTP", "cong_chuc", 18),        # 19
        ("VX", "NV-VH", "vien_chuc", 19),         # 20
        ("VX", "NV-XH", "cong_chuc", 18),         # 21
        ("VX", "NV-GY", "cong_chuc", 19),         # 22
        ("TT", "LD-GD", "cong_chuc", 0),          # 23
        ("TT", "LD-PGD", "cong_chuc", 23),        # 24
        ("TT", "NV-TP", "cong_chuc", 24),         # 25
        ("TT", "NV-TP", "cong_chuc", 24),         # 26
        ("TT", "NV-HC", "cong_chuc", 24),         # 27
        ("QS", "LD-CHT", "cong_chuc", 0),         # 28
        ("QS", "NV-QS", "cong_chuc", 28),         # 29
        ("DV", "LD-GDDV", "vien_chuc", 0),        # 30
        ("DV", "NV-DV", "vien_chuc", 30),         # 31
    ]
    return base + extra


WARD_EXTRA: dict[str, list[Slot]] = {
    "HT": [],
    "DS": [("VP", "PV-TV", "hop_dong", 4)],
}

FAMILY = ["Lê", "Nguyễn", "Trịnh", "Hoàng", "Phạm", "Đỗ", "Mai", "Vũ", "Hà", "Lê", "Nguyễn",
          "Trần", "Đặng", "Bùi", "Lường", "Cao", "Hồ", "Tống", "Nguyễn", "Lê"]
MIDDLE = {"m": ["Văn", "Đức", "Hữu", "Minh", "Quang", "Xuân", "Ngọc", "Trọng", "Đình", "Thế"],
          "f": ["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Phương", "Thùy", "Thị", "Minh", "Thị"]}
GIVEN = {"m": ["Hùng", "Dũng", "Tuấn", "Thắng", "Cường", "Hải", "Sơn", "Long", "Nam", "Quân",
               "Đạt", "Hiếu", "Trung", "Khánh", "Thành", "Tùng", "Phúc", "Vinh", "Kiên", "Bình"],
         "f": ["Hương", "Lan", "Hà", "Linh", "Trang", "Huyền", "Thảo", "Nhung", "Yến", "Mai",
               "Hằng", "Dung", "Oanh", "Thủy", "Giang", "Phượng", "Loan", "Ngân", "Vân", "Hạnh"]}


@dataclass
class Staff:
    staff_id: str
    name: str
    unit: str  # full unit code
    position: Position
    supervisor: str | None
    staff_type: str
    start: dt.date | None = None
    end: dt.date | None = None
    # how the person works: converted ÷ declared hours, usual day length, general score
    pace: float = 1.0
    day_hours: tuple[float, ...] = (6.5, 7.0, 7.0, 7.5, 7.5, 8.0)
    general: float = 27.0
    fills_day: bool = False  # tops every 8-hour day up to exactly 8.0
    leave: list[tuple[dt.date, dt.date, str]] = field(default_factory=list)


@dataclass
class Ward:
    key: str  # "HT"
    slug: str  # "hac-thanh"
    name: str  # "Hạc Thành"
    staff_ids: Callable[[int], str]
    staff: list[Staff] = field(default_factory=list)

    def unit_code(self, suffix: str) -> str:
        return f"{self.key}-{suffix}"

    def member(self, slot: int) -> Staff:
        return self.staff[slot]


WARDS = [
    # Hạc Thành numbers its staff 001, 002 … (kept as text), Đông Sơn uses DS01, DS02 …
    Ward("HT", "hac-thanh", "Hạc Thành", lambda i: f"{i + 1:03d}"),
    Ward("DS", "dong-son", "Đông Sơn", lambda i: f"DS{i + 1:02d}"),
]


# Who must be a woman for the story to hold (maternity leave).
FORCED_GENDER = {("HT", 22): "f"}


def person_name(rng: random.Random, gender: str, taken: set[str]) -> str:
    while True:
        name = nfc(f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}")
        if name not in taken:
            taken.add(name)
            return name


def build_staff(rng: random.Random, ward: Ward, taken: set[str]) -> None:
    slots = roster(WARD_EXTRA[ward.key])
    for index, (unit, position, staff_type, boss) in enumerate(slots):
        gender = "f" if rng.random() < (0.35 if POSITION[position].leader else 0.6) else "m"
        if position in ("PV-LX", "PV-BV"):
            gender = "m"
        gender = FORCED_GENDER.get((ward.key, index), gender)
        ward.staff.append(Staff(
            staff_id=ward.staff_ids(index),
            name=person_name(rng, gender, taken),
            unit=ward.unit_code(unit),
            position=POSITION[position],
            supervisor=None if boss is None else ward.staff_ids(boss),
            staff_type=staff_type,
            pace=rng.uniform(0.9, 1.05),
            general=rng.choice([25, 26, 27, 27, 28, 28, 29]),
        ))


# ============================================================================================
# profiles and deliberate flaws (each one listed in examples/README.md)


# Units keep different hours (front-desk centre long, militia office short), so that one
# unit's average is not an outlier by chance.
UNIT_DAY_OFFSET = {"UB": 0.25, "VP": 0.0, "KT": 0.25, "VX": -0.25, "TT": 0.25, "QS": -0.5,
                   "DV": -0.25}


def shape_people(ward: Ward) -> None:
    """Give each ward its own spread of performance; plant the person-level flaws."""
    s = ward.member
    for person in ward.staff:
        offset = UNIT_DAY_OFFSET[person.unit.split("-", 1)[1]]
        person.day_hours = tuple(min(8.0, hours + offset) for hours in person.day_hours)
        if person.position.leader:
            person.pace = 0.78 if ward.key == "HT" else 0.85
    if ward.key == "HT":
        # Phòng Kinh tế - Hạ tầng - Đô thị: everyone declares long days (unit outlier).
        for person in ward.staff:
            if person.unit == "HT-KT":
                person.day_hours = (9.0, 9.5, 10.0, 10.0, 10.5)
                person.pace *= 0.72
        # The chuyên viên tổng hợp of the Văn phòng logs exactly 8.0 h nearly every day.
        s(5).day_hours, s(5).fills_day, s(5).pace = (8.0,) * 19 + (7.5,), True, 0.93
        for person in ward.staff:
            if not person.position.leader:
                person.pace *= 0.96
        # Two strong performers, two weak ones.
        s(25).pace, s(25).general = 1.28, 29
        s(27).pace, s(27).general = 1.28, 29
        s(20).pace, s(20).general = 0.62, 25
        s(9).pace, s(9).general = 0.7, 25
        # The second hộ tịch officer started mid-quarter.
        s(26).start = dt.date(2026, 2, 2)
        s(26).general = 26
    else:
        # Đông Sơn: a high-performing ward (more "excellent" than the 20 % quota allows).
        for slot in (5, 7, 14, 15, 21, 25, 27):
            s(slot).pace, s(slot).general = 1.35, 29
        for slot in (0, 12):
            s(slot).pace, s(slot).general = 1.2, 29
        # A chuyên viên who declares far more hours than the work converts to.
        s(20).pace, s(20).general = 0.4, 25
        s(9).pace, s(9).general = 0.66, 24


LEAVE_PLAN = {
    "HT": [(7, dt.date(2026, 1, 19), dt.date(2026, 1, 21), "Nghỉ phép năm"),
           (20, dt.date(2026, 2, 9), dt.date(2026, 2, 13), "Nghỉ phép năm, về quê đón Tết"),
           (22, dt.date(2026, 3, 2), dt.date(2026, 8, 31), "Nghỉ thai sản"),
           (16, dt.date(2026, 3, 23), dt.date(2026, 3, 24), "Nghỉ ốm")],
    "DS": [(8, dt.date(2026, 1, 12), dt.date(2026, 1, 13), "Nghỉ việc riêng có hưởng lương"),
           (13, dt.date(2026, 2, 23), dt.date(2026, 2, 27), "Nghỉ phép năm"),
           (21, dt.date(2026, 3, 16), dt.date(2026, 3, 20), "Đi học lớp bồi dưỡng tập trung"),
           (28, dt.date(2026, 1, 26), dt.date(2026, 1, 30), "Nghỉ ốm")],
}


# ============================================================================================
# the work diary


def working_days(person: Staff) -> Iterator[dt.date]:
    day = QUARTER_START
    while day <= QUARTER_END:
        weekday = day.weekday() < 5 and day not in HOLIDAYS and day != EXTRA_DAY_OFF
        on_leave = any(start <= day <= end for start, end, _ in person.leave)
        started = person.start is None or day >= person.start
        if (weekday or day == MAKEUP_DAY) and not on_leave and started:
            yield day
        day += dt.timedelta(days=1)


TOPICS = {
    "QS": ["tuyển quân năm 2026", "huấn luyện dân quân", "đăng ký nghĩa vụ quân sự"],
    "DV": ["Hội xuân tại nhà văn hóa khu phố", "chăm sóc cây xanh đô thị", "lớp thể dục dưỡng sinh"],
    "UB": ["công tác chuẩn bị Tết Nguyên đán Bính Ngọ 2026", "triển khai Nghị định 335/2025/NĐ-CP",
           "thu ngân sách quý I năm 2026", "công tác giải phóng mặt bằng",
           "chuyển đổi số, Đề án 06", "an ninh trật tự dịp Tết", "phòng, chống cháy nổ"],
    "VP": ["chương trình công tác năm 2026", "tổng kết công tác năm 2025",
           "chế độ báo cáo định kỳ", "cải cách hành chính năm 2026", "lịch tiếp công dân",
           "kỳ họp HĐND phường", "quản lý tài sản công", "thi đua khen thưởng năm 2025"],
    "KT": ["cấp phép xây dựng nhà ở riêng lẻ", "chỉnh trang đô thị tuyến phố chính",
           "cấp giấy chứng nhận quyền sử dụng đất", "thu gom, xử lý rác thải sinh hoạt",
           "kế hoạch đầu tư công năm 2026", "trật tự xây dựng khu dân cư mới",
           "hộ kinh doanh trên địa bàn"],
    "VX": ["chăm lo Tết cho gia đình chính sách", "rà soát hộ nghèo, cận nghèo",
           "Lễ hội đầu xuân Bính Ngọ", "tiêm chủng mở rộng", "tuyển sinh đầu cấp năm học mới",
           "trợ cấp xã hội hằng tháng", "an toàn thực phẩm dịp Tết"],
    "TT": ["hồ sơ đăng ký khai sinh", "hồ sơ chứng thực", "hồ sơ đất đai", "hồ sơ trực tuyến",
           "hồ sơ đăng ký kết hôn", "hồ sơ hộ kinh doanh", "phản ánh, kiến nghị của người dân"],
}


@dataclass
class Row:
    date: dt.date
    staff: Staff
    task: Task
    description: str
    quantity: float
    hours: float
    deadline: dt.date | None = None
    completed_on: dt.date | None = None
    output_ref: str | None = None
    status: str = "approved"
    quality: str | None = "pass"
    rework: int = 0
    delays: int | None = None
    approver: str | None = None
    note: str | None = None
    assignment_id: str | None = None
    objective_cause: bool = False


class Refs:
    """Running document numbers per ward and numbering pattern."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.next: dict[str, int] = {}

    def take(self, ref: Ref, unit_suffix: str, count: int) -> str:
        token = "UBND" if unit_suffix == "UB" else unit_suffix
        # the ward's own letters are drafted by its Văn phòng: "125/UBND-VP"
        suffix = ref.suffix.format(unit=token).replace("UBND-UBND", "UBND-VP")
        pattern = ref.prefix + "{n}" + suffix
        start = self.next.setdefault(pattern, self.rng.randint(1, 40) * (3 if ref.width else 1))
        self.next[pattern] = start + count

        def number(n: int) -> str:
            return f"{n:0{ref.width}d}" if ref.width else str(n)

        if count == 1:
            return pattern.format(n=number(start))
        if not suffix:  # "HS-2026-00421 đến 00428"
            return f"{pattern.format(n=number(start))} đến {number(start + count - 1)}"
        return pattern.format(n=f"{number(start)}-{number(start + count - 1)}")


def task_pool(person: Staff, ward: Ward) -> list[tuple[Task, float]]:
    mix = GROUP_MIX[person.position.group]
    unit_suffix = person.unit.split("-", 1)[1]
    candidates: list[tuple[Task, float]] = []
    for item in TASKS:
        allowed = item.positions is None or person.position.code in item.positions.split(",")
        in_unit = item.unit is None or item.unit == unit_suffix
        if not (allowed and in_unit) or item.group not in mix:
            continue
        weight = 3.0 if item.positions is not None or item.unit is not None else 1.0
        candidates.append((item, weight))
    totals: dict[str, float] = {}
    for item, weight in candidates:
        totals[item.group] = totals.get(item.group, 0.0) + weight
    return [(item, weight / totals[item.group] * mix[item.group]) for item, weight in candidates]


COMPLEXITY = {1: 1.0, 2: 1.2, 3: 1.5}


def norm_for(item: Task, group: str, day: dt.date) -> tuple[float, int]:
    best = None
    for norm_group, hours, level, start, end in item.norms:
        if (start and day < start) or (end and day > end):
            continue
        if norm_group == group:
            return hours, level
        if norm_group == "*":
            best = (hours, level)
    assert best is not None, (item.code, group)
    return best


def half(x: float) -> float:
    return max(0.5, round(x * 2) / 2)


def plan_day(rng: random.Random, person: Staff, pool: list[tuple[Task, float]],
             day: dt.date) -> list[tuple[Task, int, float]]:
    """The (task, quantity, declared hours) rows of one person's day."""
    target = rng.choice(person.day_hours)
    count = rng.choices([1, 2, 3, 4], weights=[10, 32, 38, 20])[0]
    remaining = target
    rows: list[tuple[Task, int, float]] = []
    used: set[str] = set()
    while remaining >= 0.5 and len(rows) < 4:
        fits = []
        for item, weight in pool:
            hours, level = norm_for(item, person.position.group, day)
            per_unit = hours * COMPLEXITY[level] / person.pace
            if item.code not in used and per_unit <= remaining + 0.25:
                fits.append((item, weight, per_unit))
        if not fits:
            break
        item, _, per_unit = rng.choices(fits, weights=[w for _, w, _ in fits])[0]
        used.add(item.code)
        most = max(1, min(item.max_quantity, int(remaining / per_unit)))
        last = len(rows) >= count - 1
        quantity = most if last else rng.randint(1, max(1, most * 2 // 3))
        hours = min(half(quantity * per_unit * rng.uniform(0.92, 1.08)), half(remaining))
        rows.append((item, quantity, hours))
        remaining -= hours
    if rows:  # the day adds up to what the person meant to declare
        item, quantity, hours = rows[-1]
        rows[-1] = (item, quantity, max(0.5, hours + remaining))
    if person.fills_day and target == 8.0 and rows:
        item, quantity, hours = rows[-1]
        others = sum(h for _, _, h in rows[:-1])
        rows[-1] = (item, quantity, max(0.5, 8.0 - others))
    return rows


def later(rng: random.Random, day: dt.date, days: int) -> dt.date:
    result = day
    while days > 0:
        result += dt.timedelta(days=1)
        if result.weekday() < 5 and result not in HOLIDAYS:
            days -= 1
    return result


def diary(rng: random.Random, ward: Ward, refs: Refs) -> list[Row]:
    rows: list[Row] = []
    close = QUARTER_END
    last_days = {dt.date(2026, 3, 30), dt.date(2026, 3, 31)}
    # the chairman's diary is confirmed by the ward's Party secretary, who is not on the roster
    outside = f"DU-{ward.key}"
    for person in ward.staff:
        pool = task_pool(person, ward)
        unit_suffix = person.unit.split("-", 1)[1]
        topics = TOPICS[unit_suffix]
        for day in working_days(person):
            for item, quantity, hours in plan_day(rng, person, pool, day):
                row = Row(day, person, item, f"{item.name}: {rng.choice(topics)}",
                          float(quantity), hours, approver=person.supervisor or outside)
                row.output_ref = refs.take(item.ref, unit_suffix, quantity)
                if rng.random() < item.deadline_share:
                    row.deadline = later(rng, day, rng.choice([0, 1, 1, 2, 3, 5]))
                roll = rng.random()
                if roll < 0.80:
                    row.completed_on = day
                elif roll < 0.97:
                    row.completed_on = later(rng, day, rng.choice([1, 1, 2, 3]))
                else:
                    row.completed_on = later(rng, day, rng.choice([4, 6, 8]))
                if row.completed_on > close:
                    row.completed_on = None
                roll = rng.random()
                if day in last_days and roll < 0.7 or row.completed_on is None:
                    row.status, row.quality = "pending", None
                elif roll < 0.012:
                    row.status, row.quality = "pending", None
                elif roll < 0.035:
                    row.status, row.quality, row.rework = "returned", "fail", 1
                    row.note = "Trả lại để hoàn thiện hồ sơ"
                elif roll < 0.055:
                    row.quality, row.rework = "fail", rng.choice([1, 2])
                    row.note = "Sản phẩm chưa đạt yêu cầu"
                elif roll < 0.12:
                    row.rework = 1
                if (row.deadline and row.completed_on and row.completed_on > row.deadline
                        and rng.random() < 0.12):
                    row.delays = 2
                    row.note = "Chậm 2 lần theo phiếu theo dõi tiến độ"
                rows.append(row)
    return rows


def plant_row_flaws(rng: random.Random, ward: Ward, rows: list[Row], refs: Refs) -> list[Row]:
    """Rows that are valid but should be flagged (SPEC §4); see examples/README.md."""
    s = ward.member
    if ward.key == "HT":
        # Tết duty logged on the second day of Tết (a public holiday).
        rows.append(Row(dt.date(2026, 2, 18), s(11), TASK["D03"],
                        "Trực bảo vệ cơ quan dịp Tết Nguyên đán Bính Ngọ 2026", 2.0, 8.0,
                        completed_on=dt.date(2026, 2, 18), output_ref="ST-118",
                        approver=s(11).supervisor, note="Trực Tết theo lịch phân công"))
        # The Phó Trưởng phòng Văn hóa - Xã hội approves three of his own rows.
        own = [r for r in rows if r.staff is s(19) and r.status == "approved"][10:13]
        for row in own:
            row.approver = s(19).staff_id
        # A chuyên viên of Văn hóa - Xã hội leaves the output reference blank on five rows.
        missing = [r for r in rows if r.staff is s(21) and r.date.month == 2][:5]
        for row in missing:
            row.output_ref = None
        # One Trung tâm row entered twice.
        original = next(r for r in rows if r.staff is s(27) and r.date == dt.date(2026, 3, 11))
        rows.append(Row(**{**original.__dict__}))
    else:
        # A Saturday spent on a building-order inspection.
        rows.append(Row(dt.date(2026, 3, 7), s(16), TASK["C08"],
                        "Kiểm tra trật tự xây dựng ngoài giờ hành chính: công trình tổ dân phố 5",
                        1.0, 4.0, completed_on=dt.date(2026, 3, 7),
                        output_ref=refs.take(TASK["C08"].ref, "KT", 1),
                        approver=s(16).supervisor))
        # A 12-hour day at the Trung tâm during the pre-Tết peak.
        peak = [r for r in rows if r.staff is s(25) and r.date == dt.date(2026, 2, 11)]
        extra = 12.0 - sum(r.hours for r in peak)
        peak[-1].hours += extra
        peak[-1].quantity = peak[-1].quantity + 2
        peak[-1].note = "Cao điểm giải quyết hồ sơ trước Tết, làm thêm đến 21 giờ"
    return sorted(rows, key=lambda r: (r.date, unit_order(r.staff.unit), r.staff.staff_id))


def unit_order(code: str) -> int:
    return [u.suffix for u in UNITS].index(code.split("-", 1)[1])


# ============================================================================================
# assessments


def assessments(rng: random.Random, ward: Ward) -> list[dict[str, object]]:
    out = []
    s = ward.member
    for person in ward.staff:
        for month in MONTHS:
            if person.start and person.start > dt.date(2026, int(month[-2:]), 28):
                continue
            if (ward.key, person.staff_id, month) in MISSING_ASSESSMENTS:
                continue
            score = min(30, max(20, person.general + rng.choice([-1, 0, 0, 0, 1])))
            record: dict[str, object] = {"staff_id": person.staff_id, "period": month,
                                         "general_score": float(score), "discipline": "no"}
            if person.position.leader:
                record["org_ability"] = 100
                record["unity"] = 100
            out.append(record)
    for record in out:
        if ward.key == "DS" and record["staff_id"] == s(32).staff_id and record["period"] == "2026-02":
            record["discipline"], record["general_score"] = "yes", 15.0
        if ward.key == "HT" and record["staff_id"] == s(13).staff_id and record["period"] != "2026-01":
            record["org_ability"] = 50
        if ward.key == "HT" and record["staff_id"] == s(2).staff_id and record["period"] == "2026-03":
            record["unity"] = 50
    return out


MISSING_ASSESSMENTS = {("HT", "017", "2026-03"), ("DS", "DS11", "2026-02")}


# ============================================================================================
# assigned work (giao việc, Decree 335 Art. 14.1, 18.1): one month of one ward, so that the
# examples show both bases — Đông Sơn's March against assigned work, everything else against
# working time

ASSIGNED_WARD = "DS"
ASSIGNED_MONTH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
NOT_ASSIGNED = 30  # slot of the one person given no assignment in March (flagged)
TAKES_OVER = (7, 8)  # slot 7 delivers one of slot 8's assignments (taken over, Art. 18.1.d)


def assign_month(ward: Ward, rows: list[Row]) -> list[dict[str, object]]:
    """The month's assignments of each person, from what their diary shows they were given.

    Its own random stream, so the other files stay as they were. Each person is assigned the
    tasks they logged in the month (group D excepted: ad-hoc work), each quantity scaled by a
    factor around 1, deadline the month's end; their rows name the assignment. Planted: slot
    NOT_ASSIGNED has none; one row of TAKES_OVER[0] delivers TAKES_OVER[1]'s assignment; one
    returned-for-rework row has an objective cause confirmed.
    """
    rng = random.Random(SEED + 335)
    first, last = ASSIGNED_MONTH
    skipped = ward.member(NOT_ASSIGNED).staff_id
    month = [r for r in rows if first <= r.date <= last and r.staff.staff_id != skipped]
    totals: dict[tuple[str, str], float] = {}
    for r in month:
        if r.task.group != "D":
            key = (r.staff.staff_id, r.task.code)
            totals[key] = totals.get(key, 0.0) + r.quantity
    ids: dict[tuple[str, str], str] = {}
    records: list[dict[str, object]] = []
    for number, ((staff_id, code), done) in enumerate(sorted(
            totals.items(), key=lambda item: (unit_order_of(ward, item[0][0]), item[0])),
            start=1):
        factor = rng.choice([1.0, 1.1, 1.2, 1.25, 1.3, 1.4, 1.5])
        ids[(staff_id, code)] = f"GV-{ward.key}-03-{number:03d}"
        records.append({"assignment_id": ids[(staff_id, code)], "staff_id": staff_id,
                        "task_code": code, "quantity": max(1.0, float(round(done * factor))),
                        "assigned_on": first, "deadline": last})
    for r in month:
        r.assignment_id = ids.get((r.staff.staff_id, r.task.code))
    taker, owner = ward.member(TAKES_OVER[0]), ward.member(TAKES_OVER[1])
    owned = {code for (staff_id, code) in ids if staff_id == owner.staff_id}
    handed = next(r for r in month if r.staff is taker and r.task.code in owned
                  and r.task.group != "D")
    handed.assignment_id = ids[(owner.staff_id, handed.task.code)]
    handed.note = f"Thực hiện thay {owner.name} (nghỉ ốm)"
    reworked = next(r for r in month if r.rework and r.status == "approved"
                    and r.quality == "pass")
    reworked.objective_cause = True
    reworked.note = "Trả lại do thay đổi quy định, đã được xác nhận nguyên nhân khách quan"
    return records


def unit_order_of(ward: Ward, staff_id: str) -> int:
    return next(i for i, p in enumerate(ward.staff) if p.staff_id == staff_id)


# ============================================================================================
# writing


class Book:
    """One xlsx workbook with Vietnamese headers, an STT column and an optional title block."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False,
                                                  "strings_to_formulas": False,
                                                  "strings_to_urls": False})
        self.wb.set_properties({"author": "kpitool examples", "created": CREATED,
                                "title": path.stem})
        self.date = self.wb.add_format({"num_format": "d/m/yyyy", "border": 1})
        self.cell = self.wb.add_format({"border": 1})
        self.number = self.wb.add_format({"border": 1, "num_format": "0.##"})
        self.header = self.wb.add_format({"bold": True, "border": 1, "text_wrap": True,
                                          "align": "center", "valign": "vcenter",
                                          "bg_color": "#DDEBF7"})
        self.bold_center = self.wb.add_format({"bold": True, "align": "center"})
        self.center = self.wb.add_format({"align": "center"})
        self.title = self.wb.add_format({"bold": True, "align": "center", "font_size": 14})
        self.italic = self.wb.add_format({"italic": True, "align": "center"})

    def sheet(self, spec: Sheet, rows: list[dict[str, object]], widths: dict[str, int],
              title: tuple[str, str, str, str] | None = None) -> None:
        """Write rows (canonical keys → cell values) under the sheet's Vietnamese labels.

        title: (agency, sub-agency, report title, subtitle) for a block above the header.
        """
        ws = self.wb.add_worksheet(spec.vi)
        columns = list(spec.columns)
        last = len(columns)
        row = 0
        if title:
            agency, sub, heading, subtitle = title
            split = max(1, last // 2 - 1)

            def merge(r: int, first: int, end: int, text: str, fmt) -> None:
                if first == end:
                    ws.write_string(r, first, text, fmt)
                else:
                    ws.merge_range(r, first, r, end, text, fmt)

            merge(0, 0, split, agency, self.center)
            merge(1, 0, split, sub, self.bold_center)
            merge(0, split + 1, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", self.bold_center)
            merge(1, split + 1, last, "Độc lập - Tự do - Hạnh phúc", self.bold_center)
            merge(3, 0, last, heading, self.title)
            merge(4, 0, last, subtitle, self.italic)
            row = 6
        ws.write_string(row, 0, "STT", self.header)
        ws.set_column(0, 0, 5)
        for index, col in enumerate(columns, start=1):
            ws.write_string(row, index, col.vi, self.header)
            ws.set_column(index, index, widths.get(col.key, 14))
        ws.set_row(row, 32)
        ws.freeze_panes(row + 1, 0)
        for number, record in enumerate(rows, start=1):
            r = row + number
            ws.write_number(r, 0, number, self.cell)
            for index, col in enumerate(columns, start=1):
                self.write(ws, r, index, col.key in record, record.get(col.key), col.kind,
                           col.enum)
        ws.autofilter(row, 0, row + len(rows), last)

    def write(self, ws, r: int, c: int, present: bool, value: object, kind: str, enum) -> None:
        if not present or value is None:
            ws.write_blank(r, c, None, self.cell)
        elif isinstance(value, dt.date):
            ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), self.date)
        elif kind in ("number", "integer"):
            ws.write_number(r, c, value, self.number)
        elif enum is not None:
            ws.write_string(r, c, enum.label_of(str(value), "vi"), self.cell)
        else:
            ws.write_string(r, c, str(value), self.cell)

    def close(self) -> None:
        self.wb.close()


def agency_title(ward: Ward) -> tuple[str, str]:
    return ("UBND TỈNH THANH HÓA", f"UBND PHƯỜNG {ward.name.upper()}")


def write_catalog(ward: Ward, path: Path) -> None:
    book = Book(path)
    agency, sub = agency_title(ward)
    top = ward.unit_code("UB")
    units = [{"unit_code": ward.unit_code(u.suffix), "unit_name": u.name.format(ward=ward.name),
              "parent_code": None if u.suffix == "UB" else top} for u in UNITS]
    book.sheet(CATALOG.sheet("units"), units, {"unit_name": 48, "parent_code": 18},
               (agency, sub, "DANH SÁCH ĐƠN VỊ", "(Áp dụng thí điểm KPI từ tháng 12/2025)"))
    positions = [{"position_code": p.code, "position_name": p.name, "position_group": p.group,
                  "is_leader": "yes" if p.leader else "no"} for p in POSITIONS]
    book.sheet(CATALOG.sheet("positions"), positions, {"position_name": 52},
               (agency, sub, "DANH MỤC VỊ TRÍ VIỆC LÀM", "(Theo Đề án vị trí việc làm được phê duyệt)"))
    tasks = [{"task_code": t.code, "task_name": t.name, "task_group": t.group, "uom": t.uom,
              "output_type": t.output_type,
              "positions": t.positions.replace(",", ", ") if t.positions else None,
              "unit_code": ward.unit_code(t.unit) if t.unit else None} for t in TASKS]
    book.sheet(CATALOG.sheet("tasks"), tasks,
               {"task_name": 58, "output_type": 26, "positions": 40, "uom": 14},
               (agency, sub, "DANH MỤC CÔNG VIỆC",
                "(Nhóm A: lãnh đạo, quản lý; B: chuyên môn dùng chung; C: đặc thù; D: khác)"))
    staff = [{"staff_id": p.staff_id, "full_name": p.name, "unit_code": p.unit,
              "position_code": p.position.code, "supervisor_id": p.supervisor,
              "staff_type": p.staff_type, "start_date": p.start, "end_date": p.end}
             for p in ward.staff]
    book.sheet(CATALOG.sheet("staff"), staff, {"full_name": 26, "supervisor_id": 16},
               (agency, sub, "DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC, NGƯỜI LAO ĐỘNG",
                "(Thực hiện đánh giá KPI quý I năm 2026)"))
    book.close()


def write_norms(ward: Ward, path: Path) -> None:
    book = Book(path)
    norms = [{"task_code": t.code, "position_group": group, "norm_hours": hours,
              "complexity": level, "effective_from": start, "effective_to": end}
             for t in TASKS for group, hours, level, start, end in t.norms]
    for record in norms:
        record["position_group"] = enums.NORM_GROUP.label_of(str(record["position_group"]))
    book.sheet(NORMS_BOOK.sheet("norms"), norms, {"norm_hours": 14})
    calendar = [
        {"date": EXTRA_DAY_OFF, "kind": "off",
         "note": "Nghỉ hoán đổi dịp Tết Dương lịch 2026 (làm bù thứ Bảy 10/01/2026)"},
        {"date": MAKEUP_DAY, "kind": "makeup", "note": "Làm bù cho ngày thứ Sáu 02/01/2026"},
    ]
    book.sheet(NORMS_BOOK.sheet("calendar"), calendar, {"note": 60})
    leave = [{"staff_id": ward.member(slot).staff_id, "from_date": start, "to_date": end,
              "reason": reason} for slot, start, end, reason in LEAVE_PLAN[ward.key]]
    book.sheet(NORMS_BOOK.sheet("leave"), leave, {"reason": 36})
    book.close()


def write_worklogs(ward: Ward, rows: list[Row], path: Path) -> None:
    book = Book(path)
    agency, sub = agency_title(ward)
    records = [{"date": r.date, "staff_id": r.staff.staff_id, "task_code": r.task.code,
                "description": r.description, "quantity": r.quantity, "hours": r.hours,
                "deadline": r.deadline, "completed_on": r.completed_on,
                "output_ref": r.output_ref, "status": r.status, "quality": r.quality,
                "rework_count": r.rework, "delay_count": r.delays, "approver_id": r.approver,
                "note": r.note, "assignment_id": r.assignment_id,
                "objective_cause": "yes" if r.objective_cause else None} for r in rows]
    book.sheet(WORKLOGS_BOOK.sheet("worklogs"), records,
               {"description": 60, "output_ref": 24, "note": 30, "date": 12, "deadline": 12,
                "completed_on": 12},
               (agency, sub, "NHẬT KÝ CÔNG VIỆC QUÝ I NĂM 2026",
                "(Từ ngày 01/01/2026 đến ngày 31/3/2026)"))
    book.close()


def write_assessments(ward: Ward, records: list[dict[str, object]], path: Path) -> None:
    book = Book(path)
    agency, sub = agency_title(ward)
    book.sheet(ASSESSMENTS_BOOK.sheet("general"), records, {"general_score": 14},
               (agency, sub, "TỔNG HỢP ĐIỂM TIÊU CHÍ CHUNG QUÝ I NĂM 2026",
                "(Do người có thẩm quyền đánh giá theo Nghị định 335/2025/NĐ-CP)"))
    book.close()


def write_assignments(ward: Ward, records: list[dict[str, object]], path: Path) -> None:
    book = Book(path)
    agency, sub = agency_title(ward)
    book.sheet(ASSIGNMENTS_BOOK.sheet("assignments"), records, {"assignment_id": 16},
               (agency, sub, "GIAO VIỆC THÁNG 3 NĂM 2026",
                "(Theo Điều 14, Điều 18 Nghị định 335/2025/NĐ-CP)"))
    book.close()


# ============================================================================================


def generate(out_dir: Path) -> dict[str, int]:
    """Write both wards' workbooks under out_dir (assignments for one); return row counts."""
    rng = random.Random(SEED)
    taken: set[str] = set()
    counts: dict[str, int] = {}
    for ward in WARDS:
        ward.staff = []
        build_staff(rng, ward, taken)
        shape_people(ward)
        for slot, start, end, reason in LEAVE_PLAN[ward.key]:
            ward.member(slot).leave.append((start, end, reason))
        refs = Refs(rng)
        rows = plant_row_flaws(rng, ward, diary(rng, ward, refs), refs)
        folder = out_dir / ward.slug
        if ward.key == ASSIGNED_WARD:
            assigned = assign_month(ward, rows)
            write_assignments(ward, assigned, folder / "assignments.xlsx")
            counts[f"{ward.slug}/assignments"] = len(assigned)
        write_catalog(ward, folder / "catalog.xlsx")
        write_norms(ward, folder / "norms.xlsx")
        write_worklogs(ward, rows, folder / "worklogs.xlsx")
        write_assessments(ward, assessments(rng, ward), folder / "assessments.xlsx")
        counts[f"{ward.slug}/staff"] = len(ward.staff)
        counts[f"{ward.slug}/worklogs"] = len(rows)
    return counts


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for name, count in generate(target).items():
        print(f"{name}: {count}")
