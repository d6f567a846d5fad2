#!/usr/bin/env python3
"""Loads an .xlsx sheet into rows with one of the Python readers gaizao is measured against.

usage: xlsx_peers.py calamine|openpyxl FILE.xlsx   (prints the row count)
"""
import sys

kind, path = sys.argv[1], sys.argv[2]
if kind == "calamine":
    from python_calamine import CalamineWorkbook
    rows = CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    print(len(rows))
else:
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    n = 0
    for row in wb.worksheets[0].iter_rows(values_only=True):
        n += 1
    print(n)
