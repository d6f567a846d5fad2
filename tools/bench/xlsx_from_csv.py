#!/usr/bin/env python3
"""Writes a month's generated 两化改造项目清单 CSVs as ONE .xlsx, as Excel saves it: shared strings, numbers as
numbers, dates as serials in a date style. All rows are given to one town (the file's unit), so the sheet is one
ledger. Streams the sheet XML to disk; the shared strings are kept in memory, as Excel itself does.

usage: xlsx_from_csv.py CSV_FOLDER OUT.xlsx [TOWN]
"""
import csv, datetime, glob, os, sys, tempfile, zipfile
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from sample_kit import _col as col, xlsx_parts  # noqa: E402

src, out = sys.argv[1], sys.argv[2]
town = sys.argv[3] if len(sys.argv) > 3 else "梧桐街道"
NUM = {6, 7, 8, 9, 10}
DATE = {11, 12}
EPOCH = datetime.date(1899, 12, 30)


strings, index = [], {}
def sst(s):
    i = index.get(s)
    if i is None:
        i = index[s] = len(strings)
        strings.append(s)
    return i


tmp = tempfile.NamedTemporaryFile("w", encoding="utf-8", delete=False, suffix=".xml")
tmp.write('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
r = 0
header = None
for path in sorted(glob.glob(os.path.join(src, "*.csv"))):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f)
        first = next(rows)
        if header is None:
            header = first
            r += 1
            tmp.write(f'<row r="{r}">' + "".join(f'<c r="{col(c)}{r}" t="s"><v>{sst(v)}</v></c>' for c, v in enumerate(header)) + "</row>")
        for row in rows:
            r += 1
            cells = []
            for c, v in enumerate(row):
                if v == "":
                    continue
                ref = f"{col(c)}{r}"
                if c == 4:
                    v = town
                t = v.replace(",", "")
                if c in NUM and t.replace(".", "", 1).lstrip("-").isdigit():
                    cells.append(f'<c r="{ref}"><v>{t}</v></c>')
                    continue
                if c in DATE and len(v) == 10 and v[4] == "-":
                    try:
                        d = datetime.date(int(v[:4]), int(v[5:7]), int(v[8:]))
                        cells.append(f'<c r="{ref}" s="1"><v>{(d - EPOCH).days}</v></c>')
                        continue
                    except ValueError:
                        pass
                cells.append(f'<c r="{ref}" t="s"><v>{sst(v)}</v></c>')
            tmp.write(f'<row r="{r}">' + "".join(cells) + "</row>")
tmp.write("</sheetData></worksheet>")
tmp.close()
parts = xlsx_parts("两化改造项目清单")
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
    for name, text in parts.items():
        z.writestr(name, text)
    z.write(tmp.name, "xl/worksheets/sheet1.xml")
    with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
        f.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">'.encode())
        for s in strings:
            f.write(f"<si><t>{escape(s)}</t></si>".encode())
        f.write(b"</sst>")
os.unlink(tmp.name)
print(f"{out}: {r - 1} rows, {len(strings)} shared strings")
