"""Drives plan-eval's workbench in a real browser (Debian's chromium, through Playwright):
the year's work as a planning officer does it, with a screenshot of every page.

    python3 workbench.py URL WORK_DIR SCREENSHOTS_DIR BUNDLED_DATA_DIR YEAR

The server at URL serves a data folder without YEAR's figures. The script downloads every
unit's form as one zip, fills them with openpyxl (tests/integration/common/fill_forms.py,
a writer independent of plan-eval), uploads one broken return (refused, nothing written),
uploads the 19 returns at once and sees the 报送情况 table filled, uploads a changed return
and sees the confirmation listing the figure it would replace (then cancels), runs the
check, makes the report, downloads its PDF, Word and Markdown into WORK_DIR, archives it,
verifies the archive, reproduces the version, and re-typesets the Markdown. It fails on
the first thing that is not as a user would expect. The Rust test that runs it reads the
PDF it downloaded.
"""

import os
import sys
import zipfile

import openpyxl
from playwright.sync_api import expect, sync_playwright

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration", "common"))
import fill_forms  # noqa: E402

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # As on an office desktop: the browser's own words (file picker, date field) in Chinese.
    "--lang=zh-CN",
]


def shot(page, out, name):
    page.screenshot(path=os.path.join(out, name), full_page=True)


def heading(page, text):
    expect(page.locator("h1")).to_have_text(text)


def download(page, selector, to):
    with page.expect_download() as info:
        page.click(selector)
    info.value.save_as(to)
    return to


def forms_and_returns(page, url, work, bundled, year, shots):
    page.goto(f"{url}f/0/forms?year={year}")
    heading(page, "填报表")
    expect(page.locator("table.status")).to_contain_text("尚未报送")
    shot(page, shots, "02-forms.png")
    zipped = download(page, "text=下载全部填报表", os.path.join(work, "forms.zip"))
    forms = os.path.join(work, "forms")
    with zipfile.ZipFile(zipped) as z:
        z.extractall(forms)
    names = sorted(n for n in os.listdir(forms) if n.endswith(".xlsx"))
    assert len(names) == 19, names
    filled = os.path.join(work, "filled")
    fill_forms.main(
        forms,
        os.path.join(bundled, "readings.csv"),
        os.path.join(bundled, "task_progress.csv"),
        str(year),
        filled,
    )
    returns = [os.path.join(filled, n) for n in names]
    return returns


def edited(source, to, value):
    book = openpyxl.load_workbook(source)
    sheet = book["指标"]
    headers = [c.value for c in sheet[1]]
    col = headers.index(f"{YEAR}年数值") + 1
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, col).value is not None:
            sheet.cell(row, col).value = value(sheet.cell(row, col).value)
            break
    book.save(to)
    return to


def upload(page, files):
    page.set_input_files("#files", files)
    expect(page.locator("#chosen")).to_contain_text(f"已选择 {len(files)} 个文件")
    page.click("text=上传并检查")


def collect(page, url, work, returns, shots):
    # The development and reform bureau reports five indicators: one of them is edited.
    drc = next(i for i, r in enumerate(returns) if "发展和改革局" in r)
    others = returns[:drc] + returns[drc + 1 :]
    broken = edited(returns[drc], os.path.join(work, "有误的回执.xlsx"), lambda v: "待定")
    upload(page, [broken] + others)
    heading(page, "填报表未汇总")
    expect(page.locator("table.problems")).to_contain_text("有误的回执.xlsx")
    shot(page, shots, "03-forms-refused.png")
    page.goto(f"{url}f/0/forms?year={YEAR}")
    expect(page.locator("table.status")).to_contain_text("尚未报送")
    upload(page, returns)
    heading(page, f"{YEAR} 年度填报表已汇总")
    expect(page.locator("body")).to_contain_text("已读取 19 份填报表")
    # As `plan-eval check` says of the bundled data: one figure and one task report unpublished.
    expect(page.locator("p.summary")).to_have_text(AFTER)
    shot(page, shots, "04-forms-collected.png")
    changed = edited(returns[drc], os.path.join(work, "更正的回执.xlsx"), lambda v: v + 1)
    page.goto(f"{url}f/0/forms?year={YEAR}")
    upload(page, [changed])
    heading(page, "请确认替换已有数值")
    expect(page.locator("table").nth(1)).to_contain_text("更正的回执.xlsx")
    shot(page, shots, "05-forms-confirm.png")
    page.click("text=取消，不做改动")
    heading(page, "填报表")


def report(page, url, work, shots):
    page.goto(f"{url}f/0/check?year={YEAR}")
    heading(page, "数据检查")
    expect(page.locator("p.summary")).to_contain_text("检查通过")
    shot(page, shots, "06-check.png")
    page.click("text=下一步：生成报告")
    heading(page, "生成报告")
    page.select_option("select[name=year]", str(YEAR))
    shot(page, shots, "07-report-form.png")
    page.click("button:has-text('生成报告')")
    expect(page.locator("h1")).to_have_text(f"{YEAR} 年度评估报告（草稿）", timeout=300_000)
    page.wait_for_timeout(1500)
    shot(page, shots, "08-report-draft.png")
    download(page, "a:has-text('PDF')", os.path.join(work, "report.pdf"))
    download(page, "a:has-text('Word')", os.path.join(work, "report.docx"))
    download(page, "a:has-text('Markdown')", os.path.join(work, "report.md"))
    page.fill("input[name=reason]", "浏览器测试：首次归档")
    page.click("button:has-text('归档')")
    expect(page.locator("p.done")).to_contain_text("已归档为新版本")
    heading(page, f"{YEAR} 年度评估报告（已归档）")
    page.wait_for_timeout(1500)
    shot(page, shots, "09-report-archived.png")


def archive(page, url, work, shots):
    page.goto(f"{url}f/0/archive")
    heading(page, "归档")
    expect(page.locator("table.versions")).to_contain_text("浏览器测试：首次归档")
    expect(page.locator("table.versions")).to_contain_text("完好")
    shot(page, shots, "10-archive.png")
    bag = download(page, "text=整个版本（zip）", os.path.join(work, "bag.zip"))
    with zipfile.ZipFile(bag) as z:
        charts = [n for n in z.namelist() if "/data/charts/" in n]
        for n in charts:
            with open(os.path.join(work, os.path.basename(n)), "wb") as f:
                f.write(z.read(n))
    page.click("text=核验全部版本")
    heading(page, "核验结果")
    expect(page.locator("pre.result")).to_contain_text("共核验 1 个版本，0 个有问题；登记簿 register.txt：1 个版本均已登记，链值相符。")
    shot(page, shots, "11-archive-verified.png")
    page.goto(f"{url}f/0/archive")
    page.click("button:has-text('重现')")
    expect(page.locator("pre.result")).to_contain_text("全部文件均可由归档输入逐字节重现。", timeout=300_000)
    shot(page, shots, "12-archive-reproduced.png")
    return [os.path.join(work, os.path.basename(n)) for n in charts]


def typeset(page, url, work, charts, shots):
    page.goto(f"{url}f/0/typeset")
    heading(page, "重新排版")
    shot(page, shots, "13-typeset.png")
    md = os.path.join(work, "报告（修改稿）.md")
    with open(os.path.join(work, "report.md"), encoding="utf-8") as f:
        text = f.read()
    with open(md, "w", encoding="utf-8") as f:
        f.write(text.replace("评估报告", "评估报告", 1))
    page.set_input_files("#files", [md] + charts)
    page.click("button:has-text('排版')")
    expect(page.locator("p.done")).to_contain_text("已重新排版", timeout=300_000)
    page.wait_for_timeout(1500)
    shot(page, shots, "14-typeset-done.png")
    download(page, "a:has-text('报告（修改稿）.pdf')", os.path.join(work, "retypeset.pdf"))


def main(url, work, shots, bundled, year):
    global YEAR
    YEAR = int(year)
    os.makedirs(shots, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            os.path.join(work, "chromium-profile"),
            executable_path="/usr/bin/chromium",
            args=ARGS,
            headless=True,
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
            locale="zh-CN",
        )
        page = browser.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{url}f/0/?year={YEAR}")
        heading(page, "概况")
        expect(page.locator("p.summary")).to_have_text(BEFORE)
        shot(page, shots, "01-overview.png")
        returns = forms_and_returns(page, url, work, bundled, YEAR, shots)
        collect(page, url, work, returns, shots)
        page.goto(f"{url}f/0/?year={YEAR}")
        expect(page.locator("p.summary")).to_have_text(AFTER)
        report(page, url, work, shots)
        charts = archive(page, url, work, shots)
        typeset(page, url, work, charts, shots)
        page.goto(url)
        shot(page, shots, "15-overview-after.png")
        browser.close()
    print("workbench: all steps passed")


YEAR = 0
BEFORE = "2024 年度 19 个牵头单位中，0 个已报齐，19 个尚未报齐，共缺 55 项。"
AFTER = "2024 年度 19 个牵头单位中，18 个已报齐，1 个尚未报齐，共缺 1 项。"

if __name__ == "__main__":
    main(*sys.argv[1:])
