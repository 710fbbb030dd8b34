// The staff page: fetches /api/admin/insights for the chosen period and draws it.
// Every value is put in the page as text (textContent), never as HTML.
(function () {
  "use strict";
  const main = document.querySelector("main[data-base]");
  const base = main.getAttribute("data-base");
  const form = document.getElementById("ca-period");
  const status = document.getElementById("ca-status");
  const charts = {};

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function list(items) {
    const ul = el("ul");
    for (const item of items) ul.appendChild(el("li", item));
    return ul;
  }

  function drawTable(name, header, rows, empty) {
    const box = document.querySelector('.ca-table[data-table="' + name + '"]');
    box.replaceChildren();
    if (!rows.length) {
      box.appendChild(el("p", empty, "ca-empty"));
      return;
    }
    const table = el("table");
    const head = el("tr");
    for (const h of header) head.appendChild(el("th", h));
    table.appendChild(el("thead")).appendChild(head);
    const body = el("tbody");
    for (const row of rows) {
      const tr = el("tr");
      for (const cell of row) {
        const td = el("td");
        if (cell instanceof Node) td.appendChild(cell);
        else td.textContent = cell === null || cell === undefined ? "" : String(cell);
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
    table.appendChild(body);
    box.appendChild(table);
  }

  function drawCharts(data) {
    const days = data.per_day.map((d) => d.day);
    const answered = "#4f46e5", declined = "#f59e0b";
    const perDay = {
      type: "bar",
      data: {
        labels: days,
        datasets: [
          { label: "Answered", data: data.per_day.map((d) => d.answered), backgroundColor: answered },
          { label: "Declined", data: data.per_day.map((d) => d.declined), backgroundColor: declined },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      },
    };
    const share = {
      type: "doughnut",
      data: {
        labels: ["Answered", "Declined"],
        datasets: [{ data: [data.totals.answered, data.totals.declined], backgroundColor: [answered, declined] }],
      },
      options: { animation: false, responsive: true, maintainAspectRatio: false },
    };
    for (const [id, config] of [["ca-chart-days", perDay], ["ca-chart-share", share]]) {
      if (charts[id]) charts[id].destroy();
      charts[id] = new Chart(document.getElementById(id), config);
    }
  }

  function draw(data) {
    const t = data.totals;
    const share = t.questions ? Math.round((100 * t.answered) / t.questions) : 0;
    const totals = document.getElementById("ca-totals");
    totals.replaceChildren(
      el("span", t.questions + " questions"),
      el("span", t.answered + " answered (" + share + "%)"),
      el("span", t.declined + " declined"),
      el("span", t.ratings_up + " 👍 · " + t.ratings_down + " 👎")
    );
    for (const note of data.notes) totals.appendChild(el("p", note, "ca-note"));
    drawCharts(data);
    const kept = data.questions_kept;
    drawTable(
      "unanswered",
      kept ? ["Questions", "Example wordings", "Last asked"] : ["Questions", "Group", "Last asked"],
      data.unanswered.map((g, i) => [
        g.count,
        kept ? list(g.examples) : "Group " + (i + 1) + " (question text not kept)",
        g.last_seen.replace("T", " ").slice(0, 16),
      ]),
      "No question was declined in this period."
    );
    drawTable(
      "worst_rated",
      kept ? ["Question", "👎", "👍", "Sources", "Comments"] : ["👎", "👍", "Sources", "Comments"],
      data.worst_rated.map((w) => {
        const row = [w.down, w.up, list(w.sources.length ? w.sources : ["(none: declined)"]), list(w.comments)];
        return kept ? [w.question, ...row] : row;
      }),
      "No answer was rated down in this period."
    );
    drawTable("cited", ["Document", "Answers citing it"], data.cited.map((c) => [c.title, c.answers]),
      "No answer cited a document in this period.");
    drawTable("never_cited", ["Document", "File"], data.never_cited.map((c) => [c.title, c.source]),
      "Every document was cited at least once.");
    drawTable(
      "courses",
      ["Course", "Platform", "Questions", "Declined", "👍", "👎"],
      data.courses.map((c) => [c.course || c.course_id, c.platform, c.questions, c.declined, c.ratings_up, c.ratings_down]),
      "No question came from an LMS course in this period."
    );
    drawTable("per_day", ["Day", "Answered", "Declined"], data.per_day.map((d) => [d.day, d.answered, d.declined]),
      "No days in this period.");
  }

  async function load() {
    const query = new URLSearchParams();
    for (const name of ["from", "to"]) {
      const value = form.elements[name].value;
      if (value) query.set(name, value);
    }
    const suffix = query.toString() ? "?" + query.toString() : "";
    for (const link of document.querySelectorAll("a.ca-csv")) {
      link.href = base + "/api/admin/insights/" + link.getAttribute("data-table") + ".csv" + suffix;
    }
    status.textContent = "Loading…";
    try {
      const resp = await fetch(base + "/api/admin/insights" + suffix, { credentials: "same-origin" });
      const data = await resp.json().catch(() => ({ error: "The server did not answer properly." }));
      if (resp.status === 401) {
        window.location.reload(); // the session ended: back to the sign-in form
        return;
      }
      if (!resp.ok) throw new Error(data.error || "The insights could not be loaded.");
      form.elements.from.value = data.period.from;
      form.elements.to.value = data.period.to;
      draw(data);
      status.textContent = "Showing " + data.period.from + " to " + data.period.to + ".";
      main.setAttribute("data-loaded", "true");
    } catch (e) {
      status.textContent = e.message;
    }
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    load();
  });
  load();
})();
