"""A position as a schema.org JobPosting in JSON-LD, for job boards and search engines.

Built from the rendering context, like every other view. Properties the record cannot support
are left out rather than guessed.
"""

from __future__ import annotations

import json
import re
from typing import Any

_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_EXPERIENCE = re.compile(
    r"\b(\d+|" + "|".join(_NUMBERS) + r")\s+(year|month)s?\s+of\b[^.]*\bexperience\b", re.IGNORECASE
)
_SUBSTITUTION = re.compile(r"substitut|in lieu of|in place of", re.IGNORECASE)
# Phrases a work schedule may hold -> schema.org employmentType values.
_EMPLOYMENT_TYPES = (
    (re.compile(r"\bfull[- ]?time\b", re.IGNORECASE), "FULL_TIME"),
    (re.compile(r"\bpart[- ]?time\b", re.IGNORECASE), "PART_TIME"),
    (re.compile(r"\btemporary\b", re.IGNORECASE), "TEMPORARY"),
    (re.compile(r"\bintern(ship)?\b", re.IGNORECASE), "INTERN"),
)
# A salary as people write it: "$42,000–$48,000 a year", "$21.50 an hour", "52000 annually".
_AMOUNT = re.compile(r"\$?\s*(\d[\d,]*(?:\.\d+)?)\s*([kK]\b)?")
_SALARY_UNITS = (
    (re.compile(r"\b(year|annual|annually|yr)\b", re.IGNORECASE), "YEAR"),
    (re.compile(r"\b(hour|hourly|hr)\b", re.IGNORECASE), "HOUR"),
    (re.compile(r"\b(month|monthly|mo)\b", re.IGNORECASE), "MONTH"),
    (re.compile(r"\b(week|weekly|wk)\b", re.IGNORECASE), "WEEK"),
)
# Characters that would let a value close the <script> element a JSON-LD block is embedded in.
_HTML_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def job_posting(context: dict[str, Any]) -> dict[str, Any]:
    position, job_class, group = context["position"], context["job_class"], context["class_group"]
    requirements = context["minimum_requirements"] + context["extra_requirements"]
    posting = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": position["working_title"] or job_class["title"],
        "description": "\n\n".join(p for p in (job_class["level_of_work"], group["concept"]) if p),
        "responsibilities": [task["text"] for task in context["tasks"]],
        "qualifications": requirements,
        "occupationalCategory": job_class["title"] + (f" ({job_class['code']})" if job_class["code"] else ""),
    }
    experience = [_experience(found) for line in requirements if (found := _EXPERIENCE.search(line))]
    if experience:
        posting["experienceRequirements"] = experience[0] if len(experience) == 1 else experience
    if any(
        _SUBSTITUTION.search(line) and "education" in line.lower() and "experience" in line.lower()
        for line in requirements
    ):
        posting["experienceInPlaceOfEducation"] = True
    if position["agency"]:
        organization = {"@type": "Organization", "name": position["agency"]}
        if position["unit"]:
            organization["department"] = {"@type": "Organization", "name": position["unit"]}
        posting["hiringOrganization"] = organization
    if position["location"]:
        posting["jobLocation"] = {"@type": "Place", "address": position["location"]}
    if position["number"]:
        identifier = {"@type": "PropertyValue", "propertyID": "position number", "value": position["number"]}
        posting["identifier"] = (
            {**identifier, "name": position["agency"]} if position["agency"] else identifier
        )
    schedule = f"{position['appointment']} {position['work_schedule']}"
    employment = [kind for pattern, kind in _EMPLOYMENT_TYPES if pattern.search(schedule)]
    if employment:
        posting["employmentType"] = employment[0] if len(employment) == 1 else employment
    if position["work_schedule"]:
        posting["workHours"] = position["work_schedule"]
    if position["created"] or position["modified"]:
        posting["datePosted"] = position["created"] or position["modified"]
    if salary := _salary(position["salary"]):
        posting["baseSalary"] = salary
    if position["closing_date"]:
        posting["validThrough"] = position["closing_date"]
    return posting


def _salary(text: str) -> dict[str, Any] | None:
    """A salary text as a MonetaryAmount in US dollars: one amount or a range, per year, hour … when it says.

    None for a text with no dollar sign and no period ("pay grade 21"): its number is no amount.
    """
    unit = next((unit for pattern, unit in _SALARY_UNITS if pattern.search(text)), None)
    amounts = [float(number.replace(",", "")) * (1000 if k else 1) for number, k in _AMOUNT.findall(text)]
    if not amounts or ("$" not in text and unit is None):
        return None
    value: dict[str, Any] = {"@type": "QuantitativeValue"}
    numbers = [int(a) if a.is_integer() else a for a in amounts[:2]]
    if len(numbers) == 2:
        value.update(minValue=numbers[0], maxValue=numbers[1])
    else:
        value["value"] = numbers[0]
    if unit:
        value["unitText"] = unit
    return {"@type": "MonetaryAmount", "currency": "USD", "value": value}


def _experience(found: re.Match[str]) -> dict[str, Any]:
    """A requirement like "Three years of experience in ..." as OccupationalExperienceRequirements."""
    amount = found[1].lower()
    count = int(amount) if amount.isdigit() else _NUMBERS[amount]
    months = count * 12 if found[2].lower() == "year" else count
    return {
        "@type": "OccupationalExperienceRequirements",
        "monthsOfExperience": months,
        "description": found.string,
    }


def to_jsonld(context: dict[str, Any]) -> str:
    """The JobPosting as JSON text that is safe to paste inside an HTML <script> element."""
    text = json.dumps(job_posting(context), indent=2, ensure_ascii=False)
    return re.sub("[<>&]", lambda m: _HTML_UNSAFE[m[0]], text) + "\n"
