"""Guide files made by real tools from known text: Chromium prints PDFs, pandoc and
python-docx write Word files; and the bad files schools also have."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from servers import CHROMIUM, CHROMIUM_ARGS

PANDOC = shutil.which("pandoc")

# A guide as a web page: headings, a numbered list, a nested bulleted list, a table,
# and a section that starts on page 2.
GUIDE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Becoming a Welder</title>
<style>table, td, th { border: 1px solid #777; border-collapse: collapse; }</style></head>
<body>
<h1>Becoming a Welder</h1>
<p>Welders join metal parts using heat. Most work in manufacturing and construction.</p>
<h2>The steps</h2>
<p>The steps are:</p>
<ol>
<li>Finish high school or a GED.</li>
<li>Complete a welding programme at a trade school or college.</li>
<li>Pass a certification test.</li>
</ol>
<h2>What to bring</h2>
<ul>
<li>Protective gear:
  <ul><li>a welding helmet</li><li>leather gloves</li></ul>
</li>
<li>Steel-toe boots</li>
</ul>
<h2>Certifications</h2>
<table>
<tr><th>Certification</th><th>Issuer</th><th>Renewal</th></tr>
<tr><td>Certified Welder</td><td>American Welding Society</td><td>every 6 months</td></tr>
<tr><td>CWI</td><td>American Welding Society</td><td>every 3 years</td></tr>
</table>
<h2 style="break-before: page">Welder pay</h2>
<p>Apprentice welders earn about half of a journeyman welder's hourly rate in their first year.</p>
</body></html>
"""

GUIDE_MD = """---
title: Welding Safety
---
# Welding Safety

Welding is safe when the right gear is worn. Burns and eye injuries are the common risks.

## Gear to wear

- A welding helmet with a dark lens.
- Leather gloves and a jacket.
- Steel-toe boots.

## Steps before a weld

1. Clear the area of anything that burns.
2. Check the gas lines for leaks.
3. Put on the gear.

| Risk | Protection |
|---|---|
| Arc eye | helmet with a dark lens |
| Burns | leather gloves and jacket |
"""


def require(tool: Path | str | None, name: str) -> None:
    if not tool or not Path(tool).exists():
        pytest.skip(f"{name} is missing: `make formats-tools` installs it from Debian's packages")


def print_pdf(html: str, out: Path, header_footer: bool = False) -> Path:
    """``html`` printed to ``out`` by Chromium, as a browser's "Save as PDF" does
    (``header_footer``: with the date, title, address and page numbers in the margins)."""
    require(CHROMIUM, "chromium")
    page = out.with_suffix(".print.html")
    page.write_text(html, "utf-8")
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            *CHROMIUM_ARGS,
            *([] if header_footer else ["--no-pdf-header-footer"]),
            f"--print-to-pdf={out}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    page.unlink()
    return out


def pandoc_docx(markdown: str, out: Path) -> Path:
    require(PANDOC, "pandoc")
    source = out.with_suffix(".source.md")
    source.write_text(markdown, "utf-8")
    subprocess.run([PANDOC, str(source), "-o", str(out)], check=True, capture_output=True, timeout=120)
    source.unlink()
    return out


def python_docx(out: Path) -> Path:
    """A Word file as a counsellor writes it: heading styles, bullets, numbers, a table."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Pipefitting Careers"
    document.core_properties.author = "Career Center"
    document.add_heading("Pipefitting Careers", level=1)
    document.add_paragraph("Pipefitters install and repair pipe systems that carry water, steam and gas.")
    document.add_heading("How to start", level=2)
    document.add_paragraph("The usual path is:")
    for step in ("Finish high school.", "Join a union apprenticeship.", "Pass the journeyman exam."):
        document.add_paragraph(step, style="List Number")
    document.add_heading("Tools", level=2)
    document.add_paragraph("Hand tools:", style="List Bullet")
    for tool in ("pipe wrench", "tube cutter"):
        document.add_paragraph(tool, style="List Bullet 2")
    document.add_paragraph("Power tools", style="List Bullet")
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(
        table.rows, (("Level", "Hourly pay"), ("Apprentice", "$20"), ("Journeyman", "$38"))
    ):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.save(out)
    return out


def saved_page(article: str, title: str = "Welding jobs") -> str:
    """A careers-site page as a browser saves it: the article among banners, menus and scripts."""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Example College</title>
<link rel="canonical" href="https://careers.example.edu/welding-jobs">
<meta name="author" content="Example College Career Center">
<meta property="og:site_name" content="Example College">
<meta property="article:published_time" content="2025-03-14">
<script>var tracker = "cookie consent tracking code";</script></head>
<body>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/admissions">Admissions</a></li>
<li><a href="/careers">Careers</a></li></ul></nav></header>
<main><article>{article}</article></main>
<aside><h3>Related</h3><ul><li><a href="/a">Plumbing</a></li><li><a href="/b">Electrical</a></li></ul></aside>
<footer><p>Copyright 2026 Example College. All rights reserved. Privacy policy.</p></footer>
<script>window.analytics = "page view sent";</script>
</body></html>"""


ARTICLE = """<h1>Welding jobs</h1>
<p>Welding jobs are found in shipyards, factories and on pipelines across the country.</p>
<h2>Where welders work</h2>
<p>Most welders work for manufacturers, and many others work for construction firms.</p>
<ul><li>Shipyards</li><li>Car plants</li><li>Pipeline crews</li></ul>
<h2>Hours</h2>
<p>Most welders work full time, and overtime is common when a project runs late.</p>
"""


# A section whose parts are marked by the bold run that opens each paragraph.
RUN_IN_MD = """# Welding jobs

## Kinds of welders

Shops sort welders into a few kinds.

**Pipe welders** join pipes for plants and pipelines.

**Structural welders.** They join beams on building sites.

**Production welders** repeat one weld on a line.

**Tack welders:** hold parts in place for the final weld.

Read the posting closely.
"""


def run_in_docx(out: Path, strong: bool = False) -> Path:
    """RUN_IN_MD as Word writes it when typed: a bold heading split into runs, then plain runs
    (``strong``: made bold by the "Strong" character style, not by the runs' own formatting)."""
    import docx

    document = docx.Document()
    document.add_heading("Welding jobs", level=1)
    document.add_heading("Kinds of welders", level=2)
    document.add_paragraph("Shops sort welders into a few kinds.")
    for lead, rest in (
        (("Pipe", " welders"), " join pipes for plants and pipelines."),
        (("Structural", " ", "welders."), " They join beams on building sites."),
        (("Production welders",), " repeat one weld on a line."),
        (("Tack welders:",), " hold parts in place for the final weld."),
    ):
        paragraph = document.add_paragraph()
        for text in lead:
            if strong:
                paragraph.add_run(text, style="Strong")
            else:
                paragraph.add_run(text).bold = True
        paragraph.add_run(rest)
    document.add_paragraph("Read the posting closely.")
    document.save(out)
    return out


def zip_bomb(out: Path, inflated: int) -> Path:
    """A .docx whose document part inflates to ``inflated`` bytes (it compresses ~1000:1)."""
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            for _ in range(inflated // len(chunk)):
                part.write(chunk)
    return out


def encrypted(pdf: Path, out: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(pdf).pages:
        writer.add_page(page)
    writer.encrypt(user_password="open-sesame", owner_password="owner", algorithm="AES-256")
    with out.open("wb") as f:
        writer.write(f)
    return out
