"""Is a person on duty now, and when next: Leicester wall-clock hours, closures and the clock
changes, each read at a fixed moment."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from webapp.duty.hours import Closed, OnDuty, WeeklyHours, on_duty

WEEKDAYS_9_TO_5 = [WeeklyHours(day, time(9), time(17)) for day in range(5)]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_within_weekday_hours_someone_is_on_duty_until_the_end_of_the_day() -> None:
    # Tuesday 8 December 2026, 10:00 in Leicester (GMT in winter).
    assert on_duty(WEEKDAYS_9_TO_5, [], utc(2026, 12, 8, 10)) == OnDuty(
        now=True, until=utc(2026, 12, 8, 17)
    )


def test_before_the_day_starts_the_next_start_is_that_morning() -> None:
    assert on_duty(WEEKDAYS_9_TO_5, [], utc(2026, 12, 8, 7, 30)) == OnDuty(
        now=False, next_start=utc(2026, 12, 8, 9)
    )


def test_the_end_time_itself_is_out_of_hours() -> None:
    assert on_duty(WEEKDAYS_9_TO_5, [], utc(2026, 12, 8, 17)).now is False


def test_on_friday_evening_the_next_start_is_monday_morning() -> None:
    assert on_duty(WEEKDAYS_9_TO_5, [], utc(2026, 12, 11, 18)).next_start == utc(2026, 12, 14, 9)


def test_hours_are_leicester_wall_clock_time_in_summer_too() -> None:
    # Wednesday 1 July 2026: 09:00 in Leicester is 08:00 UTC (BST).
    assert on_duty(WEEKDAYS_9_TO_5, [], utc(2026, 7, 1, 8, 30)).now is True
    assert on_duty(WEEKDAYS_9_TO_5, [], utc(2026, 7, 1, 7, 30)).next_start == utc(2026, 7, 1, 8)


def test_across_the_spring_clock_change_the_next_start_moves_by_an_hour_in_utc() -> None:
    # Friday 27 March 2026 evening (GMT); clocks go forward on Sunday 29 March.
    assert on_duty(WEEKDAYS_9_TO_5, [], utc(2026, 3, 27, 20)).next_start == utc(2026, 3, 30, 8)


def test_a_closure_skips_its_days_whole() -> None:
    christmas = [Closed(date(2026, 12, 24), date(2026, 12, 28))]
    at = utc(2026, 12, 24, 10)  # a Thursday, within the usual hours
    assert on_duty(WEEKDAYS_9_TO_5, christmas, at) == OnDuty(
        now=False, next_start=utc(2026, 12, 29, 9)
    )


def test_split_hours_the_same_day_give_the_afternoon_start_at_lunchtime() -> None:
    split = [WeeklyHours(0, time(9), time(12)), WeeklyHours(0, time(13), time(16))]
    monday_lunch = utc(2026, 12, 7, 12, 30)
    assert on_duty(split, [], monday_lunch).next_start == utc(2026, 12, 7, 13)


def test_overlapping_hours_join_into_one_span() -> None:
    overlapping = [WeeklyHours(0, time(9), time(13)), WeeklyHours(0, time(12), time(18))]
    assert on_duty(overlapping, [], utc(2026, 12, 7, 12, 30)).until == utc(2026, 12, 7, 18)


def test_a_team_with_no_hours_has_no_next_start() -> None:
    assert on_duty([], [], utc(2026, 12, 8, 10)) == OnDuty(now=False)


def test_a_long_closure_past_the_horizon_gives_no_next_start() -> None:
    closed = [Closed(date(2026, 12, 1), date(2027, 6, 1))]
    assert on_duty(WEEKDAYS_9_TO_5, closed, utc(2026, 12, 8, 10)) == OnDuty(now=False)


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        on_duty(WEEKDAYS_9_TO_5, [], datetime(2026, 12, 8, 10))
