#!/usr/bin/env python3
"""Writes a month's generated 两化改造项目清单 CSVs as ONE .xlsx, as Excel saves it: shared strings, numbers as
numbers, dates as serials in a date style. All rows are given to one town (the file's unit), so the sheet is one
ledger. Streams the sheet XML to disk; the shared strings are kept in memory, as Excel itself does.

usage: xlsx_from_csv.py CSV_FOLDER OUT.xlsx [TOWN]
"""
import csv, datetime, glob, os, sys, tempfile, zipfile
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from sample_kit import _col as col  # noqa: E402

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
parts = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="两化改造项目清单" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>',
}
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
