"""Fills plan-eval's yearly forms with openpyxl, a writer independent of ours.

    python3 fill_forms.py FORMS_DIR READINGS_CSV PROGRESS_CSV YEAR OUT_DIR

Every form in FORMS_DIR gets, for YEAR, the figures of READINGS_CSV and the
task reports of PROGRESS_CSV (long layout, English headers, `#` comments),
and, on its 重大项目 sheet when it has one, the major projects' reports of the
project_progress.csv beside READINGS_CSV (when there is one); it is saved under
the same name in OUT_DIR. Cells are found by their
headers, rows by the id in the first column, as a person filling it would.
"""

import csv
import os
import sys

import openpyxl


def table(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        lines = [l for l in f if not l.startswith("#")]
    return list(csv.DictReader(lines))


def number(text):
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def main(forms, readings_csv, progress_csv, year, out):
    readings = {(r["year"], r["indicator"]): r for r in table(readings_csv)}
    progress = {(r["year"], r["task"]): r for r in table(progress_csv)}
    projects_csv = os.path.join(os.path.dirname(readings_csv), "project_progress.csv")
    projects = {}
    if os.path.exists(projects_csv):
        projects = {(r["year"], r["project"]): r for r in table(projects_csv)}
    os.makedirs(out, exist_ok=True)
    for name in sorted(os.listdir(forms)):
        if not name.endswith(".xlsx"):
            continue
        book = openpyxl.load_workbook(os.path.join(forms, name))
        sheet = book["指标"]
        headers = [c.value for c in sheet[1]]
        value = headers.index(f"{year}年数值") + 1
        quota = headers.index(f"{year}年上级下达目标") + 1
        source = headers.index("数据来源") + 1
        note = headers.index("备注") + 1
        for row in range(2, sheet.max_row + 1):
            found = readings.get((year, sheet.cell(row, 1).value))
            if not found or not found["value"].strip():
                continue
            sheet.cell(row, value).value = number(found["value"])
            if found["quota"].strip():
                sheet.cell(row, quota).value = number(found["quota"])
            sheet.cell(row, source).value = found["source"] or None
            sheet.cell(row, note).value = found["note"] or None
        sheet = book["任务"]
        headers = [c.value for c in sheet[1]]
        status = headers.index(f"{year}年进展状态") + 1
        summary = headers.index(f"{year}年进展情况") + 1
        for row in range(2, sheet.max_row + 1):
            if sheet.cell(row, 4).value != "牵头":
                continue
            found = progress.get((year, sheet.cell(row, 1).value))
            if not found:
                continue
            sheet.cell(row, status).value = found["status"]
            sheet.cell(row, summary).value = found["summary"] or None
        if "重大项目" in book.sheetnames:
            fill_projects(book["重大项目"], projects, year)
        book.save(os.path.join(out, name))


def fill_projects(sheet, projects, year):
    headers = [c.value for c in sheet[1]]
    status = headers.index(f"{year}年进展状态") + 1
    investment = headers.index(f"{year}年完成投资（亿元）") + 1
    note = headers.index("原因及说明") + 1
    for row in range(2, sheet.max_row + 1):
        found = projects.get((year, sheet.cell(row, 1).value))
        if not found:
            continue
        sheet.cell(row, status).value = found["status"]
        if found["investment"].strip():
            sheet.cell(row, investment).value = number(found["investment"])
        sheet.cell(row, note).value = found["note"] or None


if __name__ == "__main__":
    main(*sys.argv[1:])
