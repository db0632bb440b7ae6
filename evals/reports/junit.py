"""The run as JUnit XML: one testcase per eval case, plus a `gate` suite with one testcase per floor."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from evals.reports import fmt


def _case_body(c: dict) -> str:
    lines = [f"question: {c['question']}", f"expected: {c['expected_route']}"
             + (f" ({c['expected_reason']})" if c.get("expected_reason") else ""),
             f"actual: {c.get('route')}" + (f" ({c['reason']})" if c.get("reason") else ""), "", *c["failures"], "",
             "answer:", c.get("text") or ""]
    return "\n".join(lines)


def render(doc: dict) -> str:
    cases = doc["cases"]
    suite_name = "evals." + doc["run"]["dataset"]["path"].rsplit("/", 1)[-1].removesuffix(".jsonl")
    root = ET.Element("testsuites", name="evals")
    suite = ET.SubElement(root, "testsuite", name=suite_name, tests=str(len(cases)),
                          failures=str(sum(1 for c in cases if not c["passed"] and not c.get("error"))),
                          errors=str(sum(1 for c in cases if c.get("error"))), skipped="0",
                          time=f"{sum(c.get('seconds', 0) for c in cases):.3f}", timestamp=doc["run"]["started_at"])
    props = ET.SubElement(suite, "properties")
    for key, value in (("git_commit", doc["run"].get("git_commit")), ("dataset_sha256", doc["run"]["dataset"]["sha256"]),
                       ("answerer", doc["run"]["answerer"]), ("schema_version", doc["schema_version"])):
        ET.SubElement(props, "property", name=key, value=str(value))
    for c in cases:
        classname = f"{suite_name}.{(c.get('tags') or ['case'])[0]}"
        tc = ET.SubElement(suite, "testcase", classname=classname, name=c["id"], time=f"{c.get('seconds', 0):.3f}")
        if c.get("error"):
            ET.SubElement(tc, "error", message=c["error"][:500], type="EvalError").text = _case_body(c)
        elif not c["passed"]:
            kind = "CriticalEvalFailure" if c.get("critical_failure") else "EvalFailure"
            ET.SubElement(tc, "failure", message="; ".join(c["failures"])[:500], type=kind).text = _case_body(c)
        ET.SubElement(tc, "system-out").text = c.get("text") or ""

    checks = doc["gate"]["checks"]
    gate = ET.SubElement(root, "testsuite", name="evals.gate", tests=str(len(checks) + 1),
                         failures=str(sum(1 for c in checks if c["passed"] is False) + int(bool(doc["gate"]["critical_failures"]))),
                         errors="0", skipped=str(sum(1 for c in checks if c["passed"] is None)))
    for check in checks:
        sign = ">=" if check["kind"] == "min" else "<="
        tc = ET.SubElement(gate, "testcase", classname="evals.gate", name=f"{check['metric']} {sign} {check['limit']}")
        if check["passed"] is False:
            ET.SubElement(tc, "failure", message=f"{check['metric']} = {fmt(check['metric'], check['value'])}",
                          type="FloorFailure")
        elif check["passed"] is None:
            ET.SubElement(tc, "skipped", message="not measured by this dataset")
    tc = ET.SubElement(gate, "testcase", classname="evals.gate", name="critical cases")
    if doc["gate"]["critical_failures"]:
        ET.SubElement(tc, "failure", message="critical cases failed: " + ", ".join(doc["gate"]["critical_failures"]),
                      type="CriticalEvalFailure")
    root.set("tests", str(len(cases) + len(checks) + 1))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
