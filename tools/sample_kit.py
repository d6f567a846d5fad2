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
