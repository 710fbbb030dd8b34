"""Make the mixed-format copy of the registered-nurse corpus from its Markdown originals.

Each guide of ``corpora/registered-nurse`` is written here in one format, the way a
school would have it: a PDF printed by Chromium from the guide as a web page, a
Word file written by pandoc, a web page saved with its navigation, cookie banner,
sidebar, footer and scripts around the article, or left as Markdown or text. The
generated files are committed (they are small), so the evals need neither tool;
run this again after changing an original:

    python corpora/registered-nurse-mixed/build.py

Needs Debian's ``chromium`` and ``pandoc`` (``make formats-tools`` installs them).
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

HERE = Path(__file__).resolve().parent
ORIGINALS = HERE.parent / "registered-nurse"

# guide -> the format it is kept in here; every format is used
FORMATS = {
    "nclex-rn-exam.md": "pdf",
    "rn-pay-and-job-outlook.md": "pdf",
    "rn-vs-lpn-vs-np.md": "pdf",
    "rn-education-paths.md": "docx",
    "steps-to-become-an-rn.md": "docx",
    "nursing-specialties-and-certifications.md": "docx",
    "what-registered-nurses-do.md": "html",
    "nurse-licensure-compact.md": "html",
    "nursing-faq.md": "html",
    "becoming-an-aprn.md": "md",
    "rn-skills-and-qualities.txt": "txt",
}

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
{head}<style>
body {{ font-family: "Liberation Serif", serif; font-size: 12pt; margin: 0 auto; max-width: 48em; }}
table, th, td {{ border: 1px solid #888; border-collapse: collapse; padding: 3pt; }}
.cookie {{ background: #eee; padding: 1em; }}
</style>
</head>
<body>
{chrome_top}<main>
<article>
{body}
</article>
</main>
{chrome_bottom}</body>
</html>
"""

# What a saved careers-site page has around its article.
CHROME_TOP = """<div class="cookie-banner" id="cookies">We use cookies to improve your experience on our site.
By continuing to browse you agree to our use of cookies.
<button>Accept all</button> <button>Settings</button></div>
<header><a href="/">Riverside Community College</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/programs">Programs</a></li>
<li><a href="/careers">Career Center</a></li><li><a href="/apply">Apply now</a></li>
<li><a href="/contact">Contact us</a></li></ul></nav></header>
"""
CHROME_BOTTOM = """<aside><h3>Related pages</h3><ul><li><a href="/careers/lpn">Practical nursing</a></li>
<li><a href="/careers/emt">Emergency medical technician</a></li></ul></aside>
<footer><p>Riverside Community College Career Center, 100 College Way. Call us at 555-0100.</p>
<p>Copyright 2026 Riverside Community College. All rights reserved.
Privacy policy. Accessibility.</p></footer>
<script>document.getElementById("cookies").addEventListener("click",
  function () { this.remove(); });</script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>
"""

_MD = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)


def split(text: str) -> tuple[dict, str]:
    """(front matter, Markdown body) of an original."""
    tokens = _MD.parse(text)
    if tokens and tokens[0].type == "front_matter":
        meta = yaml.safe_load(tokens[0].content) or {}
        body = "\n".join(text.split("\n")[tokens[0].map[1] :])
        return meta, body
    return {}, text


def page(meta: dict, body_md: str, saved: bool) -> str:
    title = str(meta.get("title") or _first_heading(body_md))
    head = ""
    if saved:
        if meta.get("url"):
            head += f'<link rel="canonical" href="{html.escape(str(meta["url"]))}">\n'
        if meta.get("publisher"):
            head += f'<meta name="author" content="{html.escape(str(meta["publisher"]))}">\n'
            head += f'<meta property="og:site_name" content="{html.escape(str(meta["publisher"]))}">\n'
        head += f'<meta property="og:title" content="{html.escape(title)}">\n'
    return PAGE.format(
        title=html.escape(title),
        head=head,
        body=_MD.render(body_md),
        chrome_top=CHROME_TOP if saved else "",
        chrome_bottom=CHROME_BOTTOM if saved else "",
    )


def _first_heading(body: str) -> str:
    return next((line[2:].strip() for line in body.splitlines() if line.startswith("# ")), "")


def build(out: Path = HERE) -> list[Path]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    pandoc = shutil.which("pandoc")
    made = [out / "advisor.yaml"]
    shutil.copyfile(ORIGINALS / "advisor.yaml", out / "advisor.yaml")  # the same corpus configuration
    with tempfile.TemporaryDirectory() as tmp:
        for name, fmt in FORMATS.items():
            original = ORIGINALS / name
            stem = original.stem
            text = original.read_text("utf-8")
            if fmt in ("md", "txt"):
                target = out / name
                target.write_text(text, "utf-8")
            elif fmt == "html":
                meta, body = split(text)
                target = out / f"{stem}.html"
                target.write_text(page(meta, body, saved=True), "utf-8")
            elif fmt == "pdf":
                if not chromium:
                    sys.exit("chromium is not installed (make formats-tools)")
                meta, body = split(text)
                source = Path(tmp) / f"{stem}.html"
                source.write_text(page(meta, body, saved=False), "utf-8")
                target = out / f"{stem}.pdf"
                subprocess.run(
                    [
                        chromium,
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--no-pdf-header-footer",
                        f"--print-to-pdf={target}",
                        source.as_uri(),
                    ],
                    check=True,
                    capture_output=True,
                    timeout=120,
                )
            else:  # docx
                if not pandoc:
                    sys.exit("pandoc is not installed (make formats-tools)")
                meta, _ = split(text)
                target = out / f"{stem}.docx"
                args = [pandoc, str(original), "-f", "markdown", "-o", str(target)]
                if meta.get("publisher"):
                    args += ["-M", f"author={meta['publisher']}"]
                subprocess.run(args, check=True, capture_output=True, timeout=120)
            made.append(target)
    return made


if __name__ == "__main__":
    for path in build():
        print(f"{path.relative_to(HERE)}  {path.stat().st_size:,} bytes")
