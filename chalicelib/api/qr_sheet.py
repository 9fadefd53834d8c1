"""The printable QR sheet of a branch: one self-contained HTML page (A4, six cards a page,
each with its code, the table's label and the URL), served from the API.

It carries its own Content-Security-Policy: nothing may load or run; the one stylesheet is
allowed by its hash, so the page keeps that policy whether opened from the API or saved."""
from __future__ import annotations

import base64
import hashlib
from html import escape

from ..services.qr_codes import QrSheet, qr_svg_fragment

CARDS_PER_PAGE = 6  # 2 x 3 on A4

STYLESHEET = """
@page { size: A4 portrait; margin: 12mm; }
* { box-sizing: border-box; }
html { background: #e9e4de; color: #1f1a17; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
body { margin: 0; padding: 16px 0 40px; }
.intro { width: 210mm; margin: 0 auto 16px; padding: 0 4mm; }
.intro h1 { margin: 0 0 4px; font-size: 22px; }
.intro p { margin: 0; color: #5b524c; }
.page { width: 210mm; height: 297mm; margin: 0 auto 16px; padding: 12mm; background: #fff;
  display: grid; grid-template-columns: repeat(2, 1fr); grid-template-rows: repeat(3, 1fr); gap: 6mm;
  box-shadow: 0 2px 10px rgba(0, 0, 0, 0.15); }
.card { margin: 0; border: 0.4mm dashed #b9aea4; border-radius: 4mm; padding: 5mm; display: flex; flex-direction: column;
  align-items: center; justify-content: center; text-align: center; break-inside: avoid; }
.card svg { width: 55mm; height: 55mm; display: block; }
.card__label { margin: 3mm 0 1mm; font-size: 20pt; font-weight: 700; line-height: 1.1; }
.card__branch { font-size: 10pt; color: #5b524c; }
.card__hint { margin-top: 2mm; font-size: 11pt; font-weight: 600; }
.card__url { margin-top: 1mm; font-size: 7.5pt; color: #5b524c; overflow-wrap: anywhere; }
@media print {
  html { background: #fff; }
  body { padding: 0; }
  .intro { display: none; }
  .page { width: auto; height: 273mm; margin: 0; padding: 0; box-shadow: none; break-after: page; }
  .page:last-child { break-after: auto; }
}
"""


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


# `default-src 'none'`: no script, no fetch, no frame; the inline SVGs need nothing more.
CONTENT_SECURITY_POLICY = (f"default-src 'none'; style-src '{_hash(STYLESHEET)}'; img-src data:; "
                           "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
_META_POLICY = CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", "")  # not allowed in <meta>


def render_sheet(sheet: QrSheet, language: str = "en") -> str:
    words = _WORDS.get(language, _WORDS["en"])
    branch = escape(sheet.branch.name)
    cards = [
        '<figure class="card">'
        f'{qr_svg_fragment(code.url, words["scan"].format(label=code.table.label))}'
        f'<figcaption><div class="card__label">{escape(code.table.label)}</div>'
        f'<div class="card__branch">{branch}</div>'
        f'<div class="card__hint">{escape(words["scan_hint"])}</div><div class="card__url">{escape(code.url)}</div></figcaption>'
        "</figure>"
        for code in sheet.codes
    ]
    pages = ["<section class=\"page\">" + "".join(cards[start:start + CARDS_PER_PAGE]) + "</section>"
             for start in range(0, len(cards), CARDS_PER_PAGE)]
    return (
        f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(_META_POLICY, quote=False)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(words['title'])} · {branch}</title><style>{STYLESHEET}</style></head><body>"
        f'<header class="intro"><h1>{escape(words["title"])} · {branch}</h1>'
        f"<p>{escape(words['intro'].format(count=len(sheet.codes)))}</p></header>"
        f"<main>{''.join(pages)}</main></body></html>\n"
    )


_WORDS = {
    "en": {"title": "Table QR codes", "scan": "QR code of {label}", "scan_hint": "Scan to order",
           "intro": "{count} tables, six to an A4 page. Print at 100 % scale, cut along the dashed lines."},
    "es": {"title": "Códigos QR de las mesas", "scan": "Código QR de {label}", "scan_hint": "Escanea para pedir",
           "intro": "{count} mesas, seis por hoja A4. Imprime a escala 100 % y corta por la línea discontinua."},
}
