"""What every sample generator in tools/ shares: credit codes, dates and CSV text, written once."""
import datetime

CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"   # GB 32100-2015 alphabet
W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(rng, prefix):
    """An 18-character 统一社会信用代码: `prefix` (kind + area), random body, valid check digit."""
    body = prefix + "".join(rng.choice(CHARS) for _ in range(17 - len(prefix)))
    c = 31 - sum(CHARS.index(ch) * W[i] for i, ch in enumerate(body)) % 31
    return body + CHARS[0 if c == 31 else c]


def month_end(d):
    nxt = datetime.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - datetime.timedelta(days=1)


def rand_date(rng, start, end):
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def tag(month):
    return f"{month.year}年{month.month}月"


def esc(v):
    s = str(v)
    return '"' + s.replace('"', '""') + '"' if any(c in s for c in ',"\n') else s


def csv_text(header, rows):
    return "\r\n".join([",".join(header)] + [",".join(esc(v) for v in r) for r in rows]) + "\r\n"


def done_by(p, day, advance=0.05, rest=0.92):
    """累计完成投资 at a day: `advance` of the plan when work starts, then linear to advance + rest at completion."""
    if day < p["start"]:
        return 0.0
    span = max((p["end"] - p["start"]).days, 1)
    return round(p["plan"] * (advance + rest * min(1.0, (day - p["start"]).days / span)), 1)


def _col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def form_cells(header, rows, title, unit_line, footer):
    """A ledger as a town's filled form: a title, a 填报单位 line, the header, the rows (numbers and dates typed as
    such where they read as one), a blank row and the footer."""
    import datetime as _dt
    out = [[title], [unit_line], list(header)]
    for r in rows:
        cells = []
        for v in r:
            t = v.replace(",", "")
            try:
                cells.append(float(t) if t and t.lstrip("-").replace(".", "", 1).isdigit() else v)
                continue
            except ValueError:
                pass
            if len(v) == 10 and v[4] == "-" and v[7] == "-":
                try:
                    cells.append(_dt.date(int(v[:4]), int(v[5:7]), int(v[8:])))
                    continue
                except ValueError:
                    pass
            cells.append(v)
        out.append(cells)
    return out + [[], footer]


def xlsx_parts(sheet):
    """The fixed parts of a one-sheet .xlsx (content types, relationships, workbook, styles with a date style 1)."""
    from xml.sax.saxutils import escape
    return {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>',
    }


def write_xlsx(path, sheet, cells, merges=()):
    """Writes an .xlsx with the standard library only: shared strings, numbers, dates as serials in a date style."""
    import datetime as _dt, zipfile
    from xml.sax.saxutils import escape
    strings, index = [], {}
    def sst(s):
        if s not in index:
            index[s] = len(strings)
            strings.append(s)
        return index[s]
    xml = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, row in enumerate(cells, 1):
        xml.append(f'<row r="{r}">')
        for c, v in enumerate(row):
            ref = f"{_col(c)}{r}"
            if isinstance(v, float):
                xml.append(f'<c r="{ref}"><v>{v!r}</v></c>')
            elif isinstance(v, _dt.date):
                xml.append(f'<c r="{ref}" s="1"><v>{(v - _dt.date(1899, 12, 30)).days}</v></c>')
            elif v != "":
                xml.append(f'<c r="{ref}" t="s"><v>{sst(v)}</v></c>')
        xml.append("</row>")
    xml.append("</sheetData>")
    if merges:
        xml.append(f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>")
    xml.append("</worksheet>")
    parts = xlsx_parts(sheet)
    parts["xl/worksheets/sheet1.xml"] = "".join(xml)
    parts["xl/sharedStrings.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">'
                                     + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2023, 7, 1, 0, 0, 0))   # fixed: the same bytes every run
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


def write_xls(path, sheet, cells, merges=()):
    """Writes a BIFF8 .xls with xlwt (Debian: python3-xlwt), as an office still on Excel 2003 saves it."""
    import datetime as _dt, xlwt
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    date = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for r, row in enumerate(cells):
        for c, v in enumerate(row):
            if isinstance(v, _dt.date):
                ws.write(r, c, v, date)
            elif v != "":
                ws.write(r, c, v)
    wb.save(path)
