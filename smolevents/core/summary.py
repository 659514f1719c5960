"""The figures of a period ("Сводка"): events by section, quarter and partner country,
held abroad, the stated participant totals, events dated outside the period.

One narrow row per event comes from the store (report order, so the numbers are the
report's); the counting is done here. `smolevents summary`, the window's "Сводка" and
the Excel export's second sheet show the same `PeriodSummary`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from smolevents.core.country_codes import codes_of
from smolevents.core.domain import Quarter
from smolevents.core.periods import Period
from smolevents.core.store import Store


def quarter_key(quarter: Quarter) -> str:
    """"2023-q2": how the summary names a quarter (as Period.key does)."""
    return f"{quarter.year}-q{quarter.quarter}"


@dataclass(frozen=True)
class PeriodSummary:
    period: Period
    events: int
    by_section: dict[str, int]  # catalogue order, sections with events only
    by_section_quarter: dict[str, dict[str, int]]  # section → quarter key → events
    by_quarter: dict[str, int]  # every quarter of the period, in order
    by_country: dict[str, int]  # most events first, then by code
    abroad: int
    participants_stated: int  # events whose text states a total
    participants_total: int  # the sum of those totals
    outside_period: int
    # report number → codes, for the events that have partner countries
    event_countries: dict[int, tuple[str, ...]] = field(default_factory=dict)
    event_sections: dict[int, str] = field(default_factory=dict)  # report number → section title
    event_quarters: dict[int, str] = field(default_factory=dict)  # report number → quarter key
    event_ids: dict[int, int] = field(default_factory=dict)  # report number → the event's id

    def numbers_where(self, *, section: str | None = None, quarter: str | None = None,
                      country: str | None = None) -> list[int]:
        """Report numbers of the events a bar of a chart stands for."""
        return [
            number for number in self.event_sections
            if (section is None or self.event_sections[number] == section)
            and (quarter is None or self.event_quarters[number] == quarter)
            and (country is None or country in self.event_countries.get(number, ()))
        ]

    def as_json(self) -> dict:
        """The shape `smolevents summary --json` prints (documented in the README)."""
        return {
            "period": self.period.key,
            "events": self.events,
            "by_section": dict(self.by_section),
            "by_quarter": dict(self.by_quarter),
            "by_country": dict(self.by_country),
            "abroad": self.abroad,
            "participants_total": self.participants_total,
            "outside_period": self.outside_period,
            "event_countries": {str(number): list(codes) for number, codes in self.event_countries.items()},
        }


def summarize_period(store: Store, period: Period) -> PeriodSummary:
    quarter_keys = {quarter.quarter: quarter_key(quarter) for quarter in period.quarters}
    by_section: dict[str, int] = {}
    by_section_quarter: dict[str, dict[str, int]] = {}
    by_quarter = dict.fromkeys(quarter_keys.values(), 0)
    country_texts: Counter[str] = Counter()
    abroad = stated = total = outside = 0
    event_countries: dict[int, tuple[str, ...]] = {}
    event_sections: dict[int, str] = {}
    event_quarters: dict[int, str] = {}
    event_ids: dict[int, int] = {}
    parsed_codes: dict[str, tuple[str, ...]] = {"": ()}  # few distinct values among many events
    number = 0
    # Counted group by group (a section in a quarter), column by column: the summary
    # of 100 000 events must stay well under a second.
    for section, quarter, rows in store.period_summary_groups(period):
        key = quarter_keys[quarter]
        count = len(rows)
        by_section[section] = by_section.get(section, 0) + count
        by_section_quarter.setdefault(section, dict.fromkeys(quarter_keys.values(), 0))[key] = count
        by_quarter[key] += count
        ids, countries, abroad_flags, totals, outside_flags = zip(*rows)
        country_texts.update(countries)
        abroad += sum(abroad_flags)
        outside += sum(outside_flags)
        stated_totals = [value for value in totals if value is not None]
        stated += len(stated_totals)
        total += sum(stated_totals)
        for offset, text in enumerate(countries, start=number + 1):
            if text:
                codes = parsed_codes.get(text)
                if codes is None:
                    codes = parsed_codes[text] = codes_of(text)
                event_countries[offset] = codes
        for offset, event_id in enumerate(ids, start=number + 1):
            event_sections[offset] = section
            event_quarters[offset] = key
            event_ids[offset] = event_id
        number += count
    by_country: Counter[str] = Counter()
    for text, count in country_texts.items():
        for code in parsed_codes.get(text) or codes_of(text):
            by_country[code] += count
    return PeriodSummary(
        period=period,
        events=number,
        by_section=by_section,  # groups come in catalogue order, so do the keys
        by_section_quarter=by_section_quarter,
        by_quarter=by_quarter,
        by_country=dict(sorted(by_country.items(), key=lambda item: (-item[1], item[0]))),
        abroad=abroad,
        participants_stated=stated,
        participants_total=total,
        outside_period=outside,
        event_countries=event_countries,
        event_sections=event_sections,
        event_quarters=event_quarters,
        event_ids=event_ids,
    )
