"""Urging letters (công văn đôn đốc, Decision 45/2016/QĐ-UBND): a unit's
overdue and due-soon tasks as a .docx draft the Office signs and sends.

The tasks come from the stored flags (``Task.timeliness``, kept by
``app.services.flags``); the working days in the letter are counted with the
same calendar, as of the letter's date, so that they agree with its date line.

The letter is a Vietnamese administrative document laid out as Decree
30/2020/NĐ-CP asks (A4, Times New Roman, the national motto, the place and
date line...): its text is Vietnamese whatever the user's language.
"""
from __future__ import annotations

import copy
import io
import re
import zipfile
from collections import defaultdict

from docx import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, Twips
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import contains_eager

from app.extensions import db
from app.models import Task, Unit
from app.rules import timeliness as tl
from app.rules import workflow as wf
from app.rules.text import fold
from app.rules.workdays import working_days_between
from app.scope import scope_clause, scoped_select
from app.services.calendar import load_calendar

# Tasks the unit still owes: a returned task is back with the Office, a
# done report (``done_on`` set) is no longer overdue or due soon.
LETTER_STATES = (wf.TRANSFERRED, wf.ACCEPTED, wf.IN_PROGRESS)
URGED = (tl.OVERDUE, tl.DUE_SOON)
DUE = func.coalesce(Task.effective_deadline, Task.deadline)

FONT = "Times New Roman"
CELL_MARGIN = Twips(108)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- Which tasks --------------------------------------------------------------------


def _urged_clause(user):
    clause = and_(Task.state.in_(LETTER_STATES), Task.timeliness.in_(URGED))
    scope = scope_clause(Task, user) if user is not None else None
    return clause if scope is None else and_(clause, scope)


def units_to_urge(user):
    """``[(unit, overdue, due_soon)]``: the units leading an open overdue or
    due-soon task the user may see, with the two counts, in one query."""
    def counted(value):
        return func.sum(case((Task.timeliness == value, 1), else_=0))

    stmt = (scoped_select(Unit, user)
            .add_columns(counted(tl.OVERDUE), counted(tl.DUE_SOON))
            .join(Task, Task.lead_unit_id == Unit.id)
            .where(_urged_clause(user))
            .group_by(Unit.id)
            .order_by(Unit.sort_order, Unit.name))
    return [(unit, int(overdue), int(soon)) for unit, overdue, soon in db.session.execute(stmt)]


def visible_units(user, unit_ids):
    """The units among ``unit_ids`` the user may see, in the usual order."""
    return db.session.scalars(scoped_select(Unit, user).where(
        Unit.id.in_(sorted(unit_ids))).order_by(Unit.sort_order, Unit.name)).all()


def tasks_by_unit(unit_ids, today, user=None):
    """``{unit_id: (overdue, due_soon)}`` of ``letter_tasks`` for several units,
    with their documents, in one query (units without such tasks absent)."""
    ids = sorted({int(i) for i in unit_ids})
    if not ids:
        return {}
    stmt = (select(Task).join(Task.document).options(contains_eager(Task.document))
            .where(Task.lead_unit_id.in_(ids), _urged_clause(user))
            .order_by(DUE, Task.id))
    found = defaultdict(lambda: ([], []))
    for task in db.session.scalars(stmt):
        # Flags a day old may still call due soon a deadline that has passed.
        due = task.effective_deadline or task.deadline
        late = task.timeliness == tl.OVERDUE or due < today
        found[task.lead_unit_id][0 if late else 1].append(task)
    return dict(found)


def letter_tasks(unit_id, today, user=None):
    """(overdue, due_soon): the open tasks the unit leads whose stored flags
    say so, each list soonest deadline first, documents loaded. ``user``
    limits them to that user's scope (None: every task, for jobs and the CLI)."""
    return tasks_by_unit([unit_id], today, user).get(int(unit_id), ([], []))


# --- Words of the letter ---------------------------------------------------------------


def dmy(day):
    return day.strftime("%d/%m/%Y")


def date_line(day, place="Đắk Lắk"):
    """Decree 30/2020, Appendix I: a day below 10 and the months 1 and 2 take a 0."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def deadline_text(task):
    effective = task.effective_deadline or task.deadline
    if effective == task.deadline:
        return dmy(task.deadline)
    # Civil Code art. 148(5): a deadline on a day off ends on the next working day.
    return f"{dmy(task.deadline)} (ngày nghỉ; hạn thực tế: {dmy(effective)})"


def status_text(task, today, calendar):
    effective = task.effective_deadline or task.deadline
    if effective < today:
        days = working_days_between(effective, today, calendar)
        return f"Quá hạn {days} ngày làm việc" if days else "Quá hạn"
    if effective == today:
        return "Đến hạn hôm nay"
    days = working_days_between(today, effective, calendar)
    return f"Còn {days} ngày làm việc" if days else "Đến hạn hôm nay"


# --- The .docx --------------------------------------------------------------------------


# What XML 1.0 cannot hold (a control character pasted into a task's content).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(text):
    return _NOT_XML.sub("", text or "")


def _fonts(element):
    """Times New Roman for every script, Vietnamese included (Word picks the
    East Asian or complex-script font for some characters otherwise)."""
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _para(container, text="", size=14, bold=False, italic=False,
          align=WD_ALIGN_PARAGRAPH.CENTER, before=0, after=0, indent=None):
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment, fmt.space_before, fmt.space_after = align, Pt(before), Pt(after)
    if indent is not None:
        fmt.first_line_indent = indent
    if text:
        run = p.add_run(_xml_safe(text))
        run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
        _fonts(run._element)
    return p


def _rule(cell, width, cell_width):
    """A short horizontal line centred in the cell: the bottom border of a
    tiny paragraph, indented to the line's width."""
    p = _para(cell, size=2)
    # The paragraph spans the cell less its default margins (108 twips a side).
    side = Emu(max(cell_width - width - 2 * CELL_MARGIN, 0) // 2)
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = side
    p.paragraph_format.line_spacing = Pt(2)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                       ("w:color", "auto")):
        bottom.set(qn(key), value)
    border.append(bottom)
    p._p.get_or_add_pPr().append(border)


def _cell(cell):
    """The cell emptied of python-docx's blank paragraph."""
    for p in list(cell.paragraphs):
        p._element.getparent().remove(p._element)
    return cell


def _table(doc, widths, style=None):
    table = doc.add_table(rows=0, cols=len(widths))
    if style:
        table.style = doc.styles[style]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    return table


def _row(table, widths, merged=False):
    """A new row's cells, emptied (or its one cell spanning them all)."""
    cells = table.add_row().cells
    for cell, width in zip(cells, widths):
        cell.width = width
    if merged:
        cells = [cells[0].merge(cells[-1])]
    return [_cell(cell) for cell in cells]


def _repeat_header(row):
    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)


def _page_number_header(section):
    """Decree 30: pages are numbered from the second, centred at the top."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    run.font.size = Pt(13)
    _fonts(run._element)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
        else:
            field = OxmlElement("w:instrText")
            field.set(qn("xml:space"), "preserve")
            field.text = text
        run._r.append(field)


def _setup(doc):
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    _fonts(normal.element)
    normal.paragraph_format.space_after = Pt(0)
    _page_number_header(section)
    return section.page_width - section.left_margin - section.right_margin


def _heading(doc, unit, today):
    left, right = Mm(64), Mm(101)
    table = _table(doc, (left, right))
    names = _row(table, (left, right))
    _para(names[0], "UBND TỈNH ĐẮK LẮK", size=13)
    _para(names[0], "VĂN PHÒNG", size=13, bold=True)
    _rule(names[0], Mm(14), left)
    _para(names[1], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
    _para(names[1], "Độc lập - Tự do - Hạnh phúc", size=13, bold=True)
    _rule(names[1], Mm(58), right)
    number = _row(table, (left, right))
    # The number is the clerk's to fill when the letter is registered.
    _para(number[0], "Số:      /VP-TH", size=13, before=6)
    _para(number[1], date_line(today), size=14, italic=True, before=6)
    about = _row(table, (left, right))
    _para(about[0], "V/v đôn đốc thực hiện nhiệm vụ quá hạn, sắp đến hạn", size=12, before=3)
    _para(about[1])
    _para(doc, f"Kính gửi: {unit.name}.", size=14, before=12, after=12)


def _body(doc, unit, overdue, due_soon, today):
    counts = []
    if overdue:
        counts.append(f"{len(overdue)} nhiệm vụ quá hạn")
    if due_soon:
        counts.append(f"{len(due_soon)} nhiệm vụ sắp đến hạn")
    _para(doc, "Thực hiện Quy chế theo dõi, đôn đốc, kiểm tra việc thực hiện nhiệm vụ do UBND "
               "tỉnh, Chủ tịch UBND tỉnh giao, ban hành kèm theo Quyết định số 45/2016/QĐ-UBND "
               "ngày 30/12/2016 của UBND tỉnh; qua theo dõi trên Mục chỉ đạo điều hành, đến ngày "
               f"{dmy(today)}, {unit.name} còn {' và '.join(counts) or 'không có nhiệm vụ'} "
               "do UBND tỉnh, Chủ tịch UBND tỉnh giao chưa hoàn thành, cụ thể như sau:",
          align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=6, indent=Mm(10))


TASK_COLUMNS = (("STT", Mm(12)), ("Văn bản giao", Mm(34)), ("Nội dung nhiệm vụ", Mm(63)),
                ("Thời hạn", Mm(27)), ("Tình trạng", Mm(29)))
TABLE_SIZE = 12


def _task_row_maker(table, widths, bold_status):
    """A function adding a task row: a formatted row built once, copied per
    task (python-docx builds a row in milliseconds, too slow for a unit's
    hundreds of tasks in a zip of every unit)."""
    left, centre = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER
    cells = _row(table, widths)
    for i, cell in enumerate(cells):
        _para(cell, "-", size=TABLE_SIZE, before=3, after=3, align=left if i == 2 else centre,
              bold=bold_status and i == len(cells) - 1)
    prototype = cells[0]._tc.getparent()
    # A row stays on one page: a task is read in one piece.
    prototype.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    prototype.getparent().remove(prototype)

    def add(texts):
        row = copy.deepcopy(prototype)
        for run, text in zip(row.iter(qn("w:r")), texts):
            run.text = _xml_safe(text)  # CT_R.text: line breaks and tabs as Word's
        table._tbl.append(row)
    return add


def _task_table(doc, overdue, due_soon, today, calendar):
    widths = [w for _, w in TASK_COLUMNS]
    _para(doc, after=3)
    table = _table(doc, widths, style="Table Grid")
    head = _row(table, widths)
    for cell, (title, _) in zip(head, TASK_COLUMNS):
        _para(cell, title, size=TABLE_SIZE, bold=True, before=3, after=3)
    _repeat_header(table.rows[0])
    number = 0
    groups = (("I. NHIỆM VỤ QUÁ HẠN", overdue), ("II. NHIỆM VỤ SẮP ĐẾN HẠN", due_soon))
    if not (overdue and due_soon):
        groups = [(None, tasks) for _, tasks in groups]
    for (heading, tasks), late in zip(groups, (True, False)):
        if not tasks:
            continue
        if heading:
            _para(_row(table, widths, merged=True)[0], heading, size=TABLE_SIZE, bold=True,
                  align=WD_ALIGN_PARAGRAPH.LEFT, before=3, after=3)
        add = _task_row_maker(table, widths, bold_status=late)
        for task in tasks:
            number += 1
            source = task.document
            add((str(number), f"{source.number_symbol} ngày {dmy(source.issued_on)}",
                 task.content, deadline_text(task), status_text(task, today, calendar)))


def _closing(doc, unit):
    _para(doc, f"Văn phòng UBND tỉnh đề nghị {unit.name} khẩn trương tổ chức thực hiện các "
               "nhiệm vụ nêu trên, bảo đảm chất lượng và thời hạn; đồng thời cập nhật kết quả "
               "thực hiện trên Mục chỉ đạo điều hành theo quy định tại Điều 7 Quy chế ban hành "
               "kèm theo Quyết định số 45/2016/QĐ-UBND. Trường hợp không thể hoàn thành đúng "
               "thời hạn, đề nghị báo cáo, nêu rõ lý do và đề xuất gia hạn gửi UBND tỉnh (qua "
               "Văn phòng UBND tỉnh) để xem xét, quyết định.",
          align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=12, indent=Mm(10))
    _para(doc, f"Văn phòng UBND tỉnh thông báo để {unit.name} biết, thực hiện./.",
          align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=6, indent=Mm(10))


def _signature(doc):
    left, right = Mm(75), Mm(90)
    table = _table(doc, (left, right))
    cells = _row(table, (left, right))
    start = WD_ALIGN_PARAGRAPH.LEFT
    _para(cells[0], "Nơi nhận:", size=12, bold=True, italic=True, align=start, before=12)
    for line in ("- Như trên;", "- Lãnh đạo VP (b/c);", "- Lưu: VT, TH."):
        _para(cells[0], line, size=11, align=start)
    _para(cells[1], "KT. CHÁNH VĂN PHÒNG", size=14, bold=True, before=12)
    _para(cells[1], "PHÓ CHÁNH VĂN PHÒNG", size=14, bold=True)
    for _ in range(5):  # room to sign; the signer's name is written by hand
        _para(cells[1])


def urging_letter(unit, overdue, due_soon, today, calendar=None) -> bytes:
    """The urging letter to ``unit`` for its tasks, as .docx bytes."""
    calendar = calendar or load_calendar()
    doc = DocxDocument()
    _setup(doc)
    _heading(doc, unit, today)
    _body(doc, unit, overdue, due_soon, today)
    _task_table(doc, overdue, due_soon, today, calendar)
    _closing(doc, unit)
    _signature(doc)
    doc.core_properties.title = "V/v đôn đốc thực hiện nhiệm vụ quá hạn, sắp đến hạn"
    doc.core_properties.author = "Văn phòng UBND tỉnh Đắk Lắk"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- File names and several letters -------------------------------------------------------


def letter_filename(unit, today, ext="docx"):
    """An ASCII-only name from the unit's code (accents folded, the rest dashed)."""
    code = re.sub(r"[^A-Za-z0-9]+", "-", fold(unit.code or "")).strip("-").upper()
    return f"don-doc-{code or unit.id}-{today:%Y%m%d}.{ext}"


def urging_letters_zip(units_and_tasks, today) -> bytes:
    """One letter per ``(unit, overdue, due_soon)`` in a zip, each named by
    the unit's code (two codes folding to one name keep the unit's id apart)."""
    calendar = load_calendar()
    out = io.BytesIO()
    names = set()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for unit, overdue, due_soon in units_and_tasks:
            name = letter_filename(unit, today)
            if name in names:
                name = name.replace(".docx", f"-{unit.id}.docx")
            names.add(name)
            archive.writestr(name, urging_letter(unit, overdue, due_soon, today, calendar))
    return out.getvalue()
