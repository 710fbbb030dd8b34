"""The HTML the LTI routes send: the launched chat, the deep-linking picker, errors.

Plain server-rendered pages with a little inline script, so they work inside an
LMS iframe with no cookies and no external resources. Every value that came
from a launch or a user is escaped.
"""

from __future__ import annotations

import html
import json
from typing import Any

from .store import Launch

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2937;background:#fff}
main{max-width:860px;margin:0 auto;padding:16px}
header{display:flex;justify-content:space-between;align-items:baseline;gap:12px;flex-wrap:wrap;
 border-bottom:1px solid #e5e7eb;padding-bottom:8px;margin-bottom:12px}
h1{font-size:1.2rem;margin:0}.ca-course{color:#4b5563}.ca-role{background:#eef2ff;color:#3730a3;
 border-radius:999px;padding:2px 10px;font-size:.85rem}
.ca-msg{border-radius:10px;padding:10px 14px;margin:10px 0;line-height:1.45}
.ca-user{background:#eef2ff;margin-left:20%}.ca-bot{background:#f9fafb;border:1px solid #e5e7eb}
.ca-bot ol{padding-left:1.4em}.ca-meta{color:#6b7280;font-size:.9em}blockquote{margin:4px 0 4px 8px;
 padding-left:8px;border-left:3px solid #c7d2fe;color:#374151}
form.ca-ask{display:flex;gap:8px;margin-top:12px}textarea{flex:1;font:inherit;padding:8px;border-radius:8px;
 border:1px solid #d1d5db;min-height:2.6em}button{font:inherit;border:0;border-radius:8px;padding:8px 14px;
 background:#4f46e5;color:#fff;cursor:pointer}button.ca-rate{background:#e5e7eb;color:#111;padding:2px 8px}
table{border-collapse:collapse;width:100%;font-size:.92rem}td,th{border-bottom:1px solid #e5e7eb;
 padding:6px;text-align:left;vertical-align:top}.ca-error{max-width:640px;margin:48px auto;padding:24px;
 border:1px solid #fecaca;background:#fef2f2;border-radius:12px}
"""


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>{body}</body></html>"
    )


def error_page(message: str) -> str:
    """A refused login or launch: what went wrong and what to do, never a traceback."""
    return _page(
        "The advisor could not be opened",
        '<div class="ca-error" role="alert"><h1>The advisor could not be opened</h1>'
        f"<p>{html.escape(message)}</p>"
        "<p>Nothing was stored. Go back to your course and open the advisor again; if this keeps "
        "happening, tell your LMS administrator.</p></div>",
    )


def _question_cell(question: str | None) -> str:
    if question is None:  # the server keeps no question text (ADVISOR_STORE_QUESTIONS=false)
        return '<em class="ca-meta">(question not kept)</em>'
    return html.escape(question)


def report_html(rows: list[dict[str, Any]]) -> str:
    """The instructor's table of rated questions from their course (no student names)."""
    if not rows:
        return '<p class="ca-meta">No ratings from this course yet.</p>'
    body = "".join(
        f"<tr><td>{html.escape(r['when'])}</td><td>{'👍' if r['rating'] == 'up' else '👎'}</td>"
        f"<td>{_question_cell(r['question'])}</td></tr>"
        for r in rows
    )
    head = "<thead><tr><th>When (UTC)</th><th>Rating</th><th>Question</th></tr></thead>"
    ups = sum(r["rating"] == "up" for r in rows)
    summary = f'<p class="ca-meta">{len(rows)} rated answers: {ups} 👍, {len(rows) - ups} 👎.</p>'
    return f"{summary}<table>{head}<tbody>{body}</tbody></table>"


_CHAT_SCRIPT = """
const CA = JSON.parse(document.getElementById('ca-launch').textContent);
const log = document.getElementById('ca-log'), form = document.getElementById('ca-form');
const box = document.getElementById('ca-question'), turns = [];
function bubble(cls, html) { const d = document.createElement('div'); d.className = 'ca-msg ' + cls;
  d.innerHTML = html; log.appendChild(d); d.scrollIntoView({block: 'end'}); return d; }
function text(s) { const d = document.createElement('div'); d.textContent = s; return d.innerHTML; }
async function call(path, body) {
  const resp = await fetch(CA.base + path, {method: 'POST', body: JSON.stringify(body),
    headers: {'Content-Type': 'application/json', 'Authorization': 'Bearer ' + CA.token}});
  const data = await resp.json().catch(() => ({error: 'The advisor did not answer properly.'}));
  if (!resp.ok) throw new Error(data.error || 'The advisor could not answer.');
  return data;
}
async function ask(question) {
  bubble('ca-user', text(question));
  const wait = bubble('ca-bot', '<em>Thinking…</em>');
  try {
    const a = await call('/lti/api/ask', {question: question, history: turns.slice(-20)});
    wait.innerHTML = a.html;
    wait.setAttribute('data-testid', 'bot');
    const rate = document.createElement('div');
    for (const [r, label] of [['up', '👍'], ['down', '👎']]) {
      const b = document.createElement('button'); b.className = 'ca-rate'; b.textContent = label;
      b.setAttribute('aria-label', r === 'up' ? 'Like' : 'Dislike');
      b.onclick = async () => {
        try { await call('/lti/api/feedback', {answer_id: a.answer_id, rating: r});
          rate.textContent = 'Thanks!'; } catch (e) { rate.textContent = e.message; } };
      rate.appendChild(b);
    }
    wait.appendChild(rate);
    turns.push({role: 'user', content: question}, {role: 'assistant', content: a.text});
  } catch (e) { wait.textContent = e.message; }
}
form.addEventListener('submit', (ev) => { ev.preventDefault(); const q = box.value.trim();
  if (q) { box.value = ''; ask(q); } });
box.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' && !ev.shiftKey) {
  ev.preventDefault(); form.requestSubmit(); } });
if (CA.question) ask(CA.question);
"""


def _launch_json(launch: Launch, base: str) -> str:
    data = {"token": launch.token, "base": base, "question": launch.data.get("question", "")}
    # Inside <script type="application/json">: "<" escaped so no value can close the tag.
    return json.dumps(data).replace("<", "\\u003c")


def chat_page(launch: Launch, base: str, report: str | None) -> str:
    """The launched chat: course title and role from the launch; instructors also get the report."""
    course = html.escape(launch.course or "your course")
    role = html.escape(launch.data.get("role", ""))
    title = html.escape(launch.data.get("link_title") or "Career advisor")
    report_block = (
        f'<section id="ca-report"><h2>Course feedback</h2>{report}</section>' if report is not None else ""
    )
    body = (
        f'<main><header><div><h1>{title}</h1><div class="ca-course">Course: <strong>{course}</strong></div>'
        f'</div><span class="ca-role">{role}</span></header>'
        '<p class="ca-meta">Ask about becoming an AI architect. Answers come only from the advisor\'s '
        "sources (two articles and certification fact sheets); each claim is numbered and linked.</p>"
        '<div id="ca-log" aria-live="polite"></div>'
        '<form id="ca-form" class="ca-ask"><textarea id="ca-question" aria-label="Your question" '
        'placeholder="e.g. Which certifications should I get?" maxlength="1000"></textarea>'
        '<button type="submit">Ask</button></form>'
        f"{report_block}</main>"
        f'<script type="application/json" id="ca-launch">{_launch_json(launch, base)}</script>'
        f"<script>{_CHAT_SCRIPT}</script>"
    )
    return _page(f"{launch.data.get('link_title') or 'Career advisor'} · {launch.course}", body)


def deep_link_page(launch: Launch, base: str) -> str:
    """The instructor's picker: add the advisor to the course, optionally with a first question."""
    course = html.escape(launch.course or "this course")
    body = (
        f"<main><header><h1>Add the Career advisor to {course}</h1></header>"
        f'<form method="post" action="{html.escape(base)}/lti/deep-link">'
        f'<input type="hidden" name="token" value="{html.escape(launch.token)}">'
        '<p><label>Title shown in the course<br><input name="title" value="Career advisor" '
        'maxlength="200" size="50"></label></p>'
        "<p><label>Starting question (optional; asked as soon as a student opens it)<br>"
        '<input name="question" maxlength="1000" size="70" '
        'placeholder="e.g. Which certifications should I get?"></label></p>'
        '<button type="submit">Add to course</button></form></main>'
    )
    return _page("Add the Career advisor", body)


def autopost_page(action: str, fields: dict[str, str]) -> str:
    """A form that posts itself (the deep-linking response back to the platform)."""
    inputs = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in fields.items()
    )
    return _page(
        "Returning to your course",
        f'<form id="ca-return" method="post" action="{html.escape(action)}">{inputs}'
        '<noscript><button type="submit">Continue</button></noscript></form>'
        "<script>document.getElementById('ca-return').submit();</script>",
    )


def registered_page(name: str) -> str:
    """End of dynamic registration: tell the LMS to close its registration dialog."""
    return _page(
        "Registered",
        f"<main><h1>The Career advisor is registered with {html.escape(name)}</h1>"
        "<p>You can close this window.</p></main>"
        "<script>(window.opener || window.parent).postMessage({subject: 'org.imsglobal.lti.close'}, '*');"
        "</script>",
    )


def setup_page(base: str) -> str:
    """For LMS administrators: the URLs to paste, in one place."""
    rows = [
        (
            "Dynamic registration (Moodle: Tool URL), with the key from the administrator",
            f"{base}/lti/register/<registration key>",
        ),
        ("Canvas developer key: JSON URL", f"{base}/lti/canvas.json"),
        ("Initiate login URL / OpenID Connect initiation URL", f"{base}/lti/login"),
        ("Tool URL, redirection URI, target link URI, content selection URL", f"{base}/lti/launch"),
        ("Public keyset URL (JWKS)", f"{base}/lti/jwks.json"),
    ]
    body = "".join(
        f"<tr><th>{html.escape(k)}</th><td><code>{html.escape(v)}</code></td></tr>" for k, v in rows
    )
    return _page(
        "Career advisor: LTI 1.3 set-up",
        f"<main><h1>Career advisor as an LTI 1.3 tool</h1><table>{body}</table></main>",
    )
