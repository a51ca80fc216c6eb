"""Strings for the trainer dashboard, the AAR and the exports (added with the finishing work of issue 20)."""
from __future__ import annotations

FINISH_TRAINER_STRINGS: dict[str, dict[str, str]] = {
    # --- the roster import (sim/store/roster.py) ---
    "report.csv.duplicate_no_id": {
        "en": "{name!r} is listed twice (first on line {line}); if they are two people, add an id column "
              "(employee number or email) to tell them apart",
        "zh": "{name!r} 重复出现（首次出现在第 {line} 行）；如果是同名的两个人，请加一列“工号”（或邮箱）加以区分"},
    "report.csv.same_name_no_id": {
        "en": "{name!r} is listed more than once, so this person needs an entry in the '{column}' column",
        "zh": "{name!r} 出现了不止一次，因此需要在“{column}”列中填写此人的编号"},
    # --- the Excel workbook (sim/reports/export.py) ---
    "report.xlsx.sheet.results": {"en": "Results", "zh": "成绩"},
    "report.xlsx.sheet.steps": {"en": "Plan steps", "zh": "预案步骤"},
    "report.xlsx.sheet.plan": {"en": "Improvement plan", "zh": "改进计划"},
    "report.xlsx.status": {"en": "Status", "zh": "状态"},
    "report.xlsx.finished": {"en": "finished", "zh": "已完成"},
    "report.xlsx.score": {"en": "Score (%)", "zh": "得分（%）"},
    "report.xlsx.share": {"en": "Share of points (%)", "zh": "得分率（%）"},
    "report.xlsx.yes": {"en": "yes", "zh": "是"},
    "report.xlsx.no": {"en": "no", "zh": "否"},
    "report.cli.help_xlsx": {"en": "also write the results, plan steps and improvement plan as an Excel workbook (.xlsx)",
                             "zh": "同时将成绩、预案步骤和改进计划写入 Excel 工作簿（.xlsx）"},
    "report.cli.xlsx_name": {"en": "--xlsx {path}: give a file name ending in .xlsx",
                             "zh": "--xlsx {path}：请提供以 .xlsx 结尾的文件名"},
    "report.cli.wrote_xlsx": {"en": "Wrote the Excel workbook {path}.", "zh": "已写入 Excel 工作簿 {path}。"},
    # --- the trainer dashboard's downloads (sim/ui/trainer.py) ---
    "report.app.xlsx": {"en": "and an Excel workbook", "zh": "同时导出 Excel 工作簿"},
    "report.app.download_aar": {"en": "Download the report", "zh": "下载总结报告"},
    "report.app.download_csv": {"en": "Download the CSV files", "zh": "下载 CSV 文件"},
    "report.app.download_xlsx": {"en": "Download the Excel workbook", "zh": "下载 Excel 工作簿"},
    "report.app.saved_on_server": {
        "en": "The links save the files on your computer; a copy stays on the server where the dashboard runs:",
        "zh": "点击链接即可将文件保存到您的电脑；服务器（运行本面板之处）上另存有一份："},
    "report.app.too_big": {
        "en": "{name} is {mb:.1f} MB, too large to offer in the page: take it from the server at {path} "
              "(JupyterLab's file browser: right-click, Download)",
        "zh": "{name} 大小为 {mb:.1f} MB，过大，无法在页面中直接下载：请从服务器上的 {path} 获取"
              "（JupyterLab 文件浏览器：右键，下载）"},
}
