"""The run as one self-contained HTML file: verdict, metrics and plots, routing, latency, and every case."""

from __future__ import annotations

from html import escape

from evals.reports import COUNT_METRICS, METRIC_LABELS, check_for, fmt, fmt_delta, limit_for, ordered_metrics, svg

ROUTES = ("answer", "refer", "out_of_scope")

CSS = """
body{font-family:system-ui,sans-serif;margin:24px auto;max-width:1200px;color:#222;padding:0 16px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;vertical-align:top}
th{background:#f5f5f5;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#2e7d32;font-weight:bold}.fail{color:#c0392b;font-weight:bold}.dim{color:#888}
.verdict{padding:12px 16px;border-radius:6px;font-size:16px;margin:12px 0}
.verdict.ok{background:#e8f5e9;border:1px solid #2e7d32}.verdict.bad{background:#fdecea;border:1px solid #c0392b}
pre{white-space:pre-wrap;background:#fafafa;border:1px solid #eee;padding:8px;margin:4px 0;font-size:13px}
details{margin:2px 0}summary{cursor:pointer}.tag{background:#eef3fa;border-radius:3px;padding:0 4px;margin-right:3px;font-size:11px}
.better{color:#2e7d32}.worse{color:#c0392b}.charts{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.filters button{margin-right:6px}ul{margin:4px 0 4px 18px;padding:0}.rel{font-weight:bold}
"""

JS = """
function show(which){document.querySelectorAll('tr.case').forEach(function(r){
 var ok = which==='all' || (which==='failed' && r.dataset.passed==='0') || (which==='critical' && r.dataset.critical==='1');
 r.style.display = ok ? '' : 'none'; var d = document.getElementById('d-'+r.id.slice(2)); if(d){d.style.display = ok ? '' : 'none';}});}
"""


def _e(value) -> str:
    return escape("" if value is None else str(value))


def _verdict(doc: dict) -> str:
    gate = doc["gate"]
    if gate["exit_code"] == 0:
        return '<div class="verdict ok"><b>Gate passed</b>: every floor met, no critical case failed (exit 0).</div>'
    items = [f"{_e(c['metric'])} = {fmt(c['metric'], c['value'])} ({'below floor' if c['kind'] == 'min' else 'above ceiling'} "
             f"{c['limit']})" for c in gate["checks"] if c["passed"] is False]
    items += [f"critical case <b>{_e(cid)}</b> failed" for cid in gate["critical_failures"]]
    items += [f"error: {_e(e)}" for e in gate["errors"]]
    title = "Errors" if gate["exit_code"] == 2 else "Gate failed"
    return (f'<div class="verdict bad"><b>{title}</b> (exit {gate["exit_code"]}):<ul>'
            + "".join(f"<li>{i}</li>" for i in items) + "</ul></div>")


def _metrics_table(doc: dict) -> str:
    deltas = (doc.get("baseline") or {}).get("deltas", {})
    rows = []
    for name in ordered_metrics(doc["metrics"]):
        value = doc["metrics"][name]
        d = deltas.get(name, {})
        cls = "better" if d.get("better") else "worse" if d.get("better") is False else "dim"
        check = check_for(doc, name)
        if check is None:
            status = ""
        elif check["passed"] is None:
            status = '<span class="dim">not measured</span>'
        else:
            sign = "≥" if check["kind"] == "min" else "≤"
            status = (f'<span class="pass">ok</span> {sign} {check["limit"]}' if check["passed"]
                      else f'<span class="fail">FAIL</span> {sign} {check["limit"]}')
        rows.append(f"<tr><td>{_e(METRIC_LABELS.get(name, name))} <span class='dim'>{_e(name)}</span></td>"
                    f"<td class='num'>{fmt(name, value)}</td><td class='num'>{fmt(name, d.get('before')) if d else ''}</td>"
                    f"<td class='num {cls}'>{fmt_delta(name, d.get('delta')) if d else ''}</td><td>{status}</td></tr>")
    return ("<table><tr><th>metric</th><th>value</th><th>baseline</th><th>Δ</th><th>gate</th></tr>"
            + "".join(rows) + "</table>")


def _bars(doc: dict) -> str:
    deltas = (doc.get("baseline") or {}).get("deltas", {})
    rows = [(METRIC_LABELS.get(n, n), doc["metrics"][n], deltas.get(n, {}).get("before"), limit_for(doc, n))
            for n in ordered_metrics(doc["metrics"]) if n not in COUNT_METRICS]
    return svg.metric_bars(rows)


def _per_reason(doc: dict) -> str:
    rows = []
    for reason, s in doc["routing"]["per_reason"].items():
        missed = round((s["missed_rate"] or 0) * s["support"])
        rows.append(f"<tr><td>{_e(reason)}</td><td class='num'>{s['support']}</td><td class='num'>{s['correct']}</td>"
                    f"<td class='num'>{missed}</td><td class='num'>{s['wrong_reason']}</td><td class='num'>{s['predicted']}</td>"
                    f"<td class='num'>{fmt('', s['precision'])}</td><td class='num'>{fmt('', s['recall'])}</td>"
                    f"<td class='num'>{fmt('', s['f1'])}</td><td class='num'>{s['over_referrals']}</td></tr>")
    return ("<table><tr><th>reason</th><th>support</th><th>correct</th><th>missed</th><th>wrong reason</th>"
            "<th>predicted</th><th>precision</th><th>recall</th><th>F1</th><th>over-referrals</th></tr>"
            + "".join(rows) + "</table>")


def _latency(doc: dict) -> str:
    rows = "".join(f"<tr><td>{_e(stage)}</td><td class='num'>{s['p50']:.1f}</td><td class='num'>{s['p95']:.1f}</td>"
                   f"<td class='num'>{s['mean']:.1f}</td><td class='num'>{s['n']}</td></tr>"
                   for stage, s in doc["latency"].items())
    totals = [c["timings_ms"]["total"] for c in doc["cases"] if c.get("timings_ms", {}).get("total") is not None]
    total = doc["latency"].get("total", {})
    chart = svg.histogram(totals, marks={"p50": total.get("p50"), "p95": total.get("p95")})
    return (f"<div class='charts'><div><h3>Total time per question</h3>{chart}</div><div><h3>Per stage (ms)</h3>"
            f"<table><tr><th>stage</th><th>p50</th><th>p95</th><th>mean</th><th>n</th></tr>{rows}</table></div></div>")


def _flipped(doc: dict) -> str:
    base = doc.get("baseline")
    if not base:
        return "<p class='dim'>No baseline given (--baseline).</p>"
    f = base["flipped"]
    parts = [f"<p>Baseline: {_e(base['path'])} (commit {_e((base.get('run') or {}).get('git_commit', '?'))[:12]}, "
             f"{_e((base.get('run') or {}).get('started_at', ''))})</p>"]
    for key, title, cls in (("pass_to_fail", "Now failing (passed in the baseline)", "fail"),
                            ("fail_to_pass", "Now passing (failed in the baseline)", "pass")):
        items = "".join(f"<li><a href='#c-{_e(x['id'])}'>{_e(x['id'])}</a>: {_e('; '.join(x['failures']))}</li>" for x in f[key])
        parts.append(f"<p class='{cls}'>{title}: {len(f[key])}</p>" + (f"<ul>{items}</ul>" if items else ""))
    if f["added"] or f["removed"]:
        parts.append(f"<p class='dim'>Cases added: {_e(', '.join(f['added']) or '-')}; removed: {_e(', '.join(f['removed']) or '-')}</p>")
    return "".join(parts)


def _case_rows(doc: dict) -> str:
    rows = []
    for c in doc["cases"]:
        status = '<span class="pass">pass</span>' if c["passed"] else (
            '<span class="fail">CRITICAL</span>' if c.get("critical_failure") else '<span class="fail">fail</span>')
        expected = c["expected_route"] + (f" ({c['expected_reason']})" if c.get("expected_reason") else "")
        actual = (c.get("route") or "–") + (f" ({c['reason']})" if c.get("reason") else "")
        tags = "".join(f"<span class='tag'>{_e(t)}</span>" for t in c.get("tags", []))
        cid = _e(c["id"])
        rows.append(
            f"<tr class='case' id='c-{cid}' data-passed='{int(c['passed'])}' data-critical='{int(bool(c.get('critical')))}'>"
            f"<td>{status}</td><td><b>{cid}</b><br>{tags}</td><td>{_e(c['lang'])}</td><td>{_e(c['question'])}</td>"
            f"<td>{_e(expected)}</td><td>{_e(actual)}</td><td>{'<br>'.join(_e(x) for x in c['failures'])}</td></tr>")
        rows.append(f"<tr id='d-{cid}'><td></td><td colspan='6'><details><summary>answer, sources, retrieval</summary>"
                    f"{_case_details(c)}</details></td></tr>")
    return "".join(rows)


def _case_details(c: dict) -> str:
    parts = []
    if c.get("history"):
        parts.append("<b>History</b><ul>" + "".join(f"<li><i>{_e(t['role'])}</i>: {_e(t['content'])}</li>"
                                                   for t in c["history"]) + "</ul>")
    if c.get("error"):
        parts.append(f"<p class='fail'>Error: {_e(c['error'])}</p>")
    parts.append(f"<b>Answer</b> <span class='dim'>(language {_e(c.get('language'))}, reads as "
                 f"{_e(c.get('detected_language'))}; answerer {_e(c.get('answerer'))}"
                 f"{'; specialist ' + _e(c['specialist']) if c.get('specialist') else ''})</span>"
                 f"<pre>{_e(c.get('text'))}</pre>")
    if c.get("notice"):
        parts.append(f"<p class='dim'>Notice: {_e(c['notice'])}</p>")
    decision = c.get("decision")
    if decision:  # why the question got its route: "why was this referred?" without reading code
        scores = ", ".join(f"{_e(k)} {v:.2f}" for k, v in (decision.get("card_scores") or {}).items())
        probs = ", ".join(f"{_e(k)} {v:.2f}" for k, v in (decision.get("probabilities") or {}).items())
        parts.append(f"<p><b>Decision</b> {_e(decision.get('route'))}"
                     f"{' (' + _e(decision['reason']) + ')' if decision.get('reason') else ''} by "
                     f"<code>{_e(decision.get('rule'))}</code>; kind {_e(c.get('kind'))}"
                     f"{'; card ' + _e(c['card_id']) if c.get('card_id') else ''}"
                     f"<br><span class='dim'>cards: {scores or '–'} · classifier: {probs or '–'} · best passage "
                     f"cosine: {decision.get('retrieval_score')}</span></p>")
    if c.get("suggestions"):
        parts.append("<b>Suggested</b><ul>" + "".join(f"<li>{_e(q)}</li>" for q in c["suggestions"]) + "</ul>")
    if c.get("sources"):
        parts.append("<b>Sources</b><ul>" + "".join(f"<li>[{s['n']}] {_e(s['title'])} <span class='dim'>{_e(s['doc_id'])}</span></li>"
                                                   for s in c["sources"]) + "</ul>")
    if c.get("facts"):
        parts.append("<b>Key facts</b><ul>" + "".join(
            f"<li class='{'pass' if f['met'] else 'fail'}'>{'✓' if f['met'] else '✗'} {_e(' / '.join(f['phrasings']))}</li>"
            for f in c["facts"]) + "</ul>")
    relevant = set(c.get("relevant_docs") or [])
    if c.get("retrieved_docs"):
        docs = ", ".join(f"<span class='{'rel' if d in relevant else ''}'>{i}. {_e(d)}</span>"
                         for i, d in enumerate(c["retrieved_docs"], 1))
        parts.append(f"<b>Retrieved notes</b> (relevant in bold; expected: {_e(', '.join(sorted(relevant)) or '-')}): {docs}")
    scores = ", ".join(f"{_e(k)}={_e(round(v, 3) if isinstance(v, float) else v)}" for k, v in c.get("scores", {}).items())
    parts.append(f"<p class='dim'>Scores: {scores}</p>")
    if c.get("timings_ms"):
        parts.append("<p class='dim'>Timings (ms): " + ", ".join(f"{_e(k)} {v}" for k, v in c["timings_ms"].items()) + "</p>")
    if c.get("judge"):
        j = c["judge"]
        parts.append(f"<p>LLM judge: correctness {j['correctness']:.2f}, faithfulness {j['faithfulness']:.2f} — {_e(j['rationale'])}</p>")
    return "".join(parts)


def render(doc: dict) -> str:
    run = doc["run"]
    counts = doc["counts"]
    title = f"Evals · {run['dataset']['path']} · {run['started_at']}"
    head = (f"<p>Dataset <b>{_e(run['dataset']['path'])}</b> ({run['dataset']['cases']} cases, sha256 "
            f"{_e(run['dataset']['sha256'][:12])}) · answerer <b>{_e(run['answerer'])}</b> · k = {run.get('k')} · commit "
            f"{_e((run.get('git_commit') or '?')[:12])}{' (uncommitted changes)' if run.get('git_dirty') else ''} · "
            f"{run.get('duration_s')} s · judge: {_e(run.get('judge'))}</p>"
            f"<p>{counts['passed']} passed, {counts['failed']} failed, {counts['errors']} errors; by tag: "
            + ", ".join(f"{_e(t)} {v['passed']}/{v['cases']}" for t, v in sorted(counts["by_tag"].items()))
            + "; by language: " + ", ".join(f"{_e(t)} {v['passed']}/{v['cases']}"
                                            for t, v in sorted(counts.get("by_lang", {}).items())) + "</p>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title><style>{CSS}</style><script>{JS}</script></head>
<body>
<h1>{_e(title)}</h1>
{head}
{_verdict(doc)}
<h2>Metrics</h2>
<div class="charts"><div>{_metrics_table(doc)}</div><div>{_bars(doc)}</div></div>
<h2>Routing</h2>
<div class="charts"><div>{svg.confusion_matrix(doc['routing']['confusion'], ROUTES)}</div><div>{_per_reason(doc)}</div></div>
<h2>Latency</h2>
{_latency(doc)}
<h2>Against the baseline</h2>
{_flipped(doc)}
<h2>Cases</h2>
<p class="filters">Show: <button onclick="show('all')">all</button><button onclick="show('failed')">failed</button>
<button onclick="show('critical')">critical</button></p>
<table><tr><th></th><th>case</th><th>lang</th><th>question</th><th>expected</th><th>actual</th><th>what failed</th></tr>
{_case_rows(doc)}
</table>
</body></html>
"""
