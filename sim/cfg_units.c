/* SPDX-License-Identifier: MIT */
/*
 * cfg_units.c: values as people write them ("200ms", "8GiB", "40/s", "$640/month",
 * "exp(1s)") turned into the engine's units (microseconds, bytes, per second, dollars per
 * month). Numbers are read digit by digit rather than with strtod so that a whole number
 * of microseconds or bytes is exact and an overflow is caught, never wrapped. Every parser
 * accepts the whole string or nothing, and says what it expected when it refuses.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cfg.h"

/* A non-negative decimal "12" or "1.25", split into a whole part and a fraction. */
struct decimal {
	int negative;
	uint64_t whole;
	double frac;
	int overflow;                   /* the whole part does not fit in 64 bits */
};

struct unit {
	const char *name;
	uint64_t scale;
};

static const char *
skip_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

/* Reads a decimal at s; returns the first byte after it, or NULL when there is none. */
static const char *
read_decimal(const char *s, struct decimal *d)
{
	double place = 0.1;

	memset(d, 0, sizeof(*d));
	s = skip_spaces(s);
	if (*s == '-' || *s == '+')
		d->negative = *s++ == '-';
	if (!isdigit((unsigned char)*s))
		return NULL;
	for (; isdigit((unsigned char)*s); s++) {
		unsigned digit = (unsigned)(*s - '0');

		if (d->whole > (UINT64_MAX - digit) / 10)
			d->overflow = 1;
		else
			d->whole = d->whole * 10 + digit;
	}
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return NULL;
		for (; isdigit((unsigned char)*s); s++, place /= 10)
			d->frac += (*s - '0') * place;
	}
	return s;
}

static double
decimal_value(const struct decimal *d)
{
	double v = (double)d->whole + d->frac;

	return d->negative ? -v : v;
}

static const struct unit *
find_unit(const char *s, const struct unit *units)
{
	for (; units->name != NULL; units++) {
		if (strcmp(s, units->name) == 0)
			return units;
	}
	return NULL;
}

static int
refuse(char *why, size_t len, const char *what)
{
	snprintf(why, len, "%s", what);
	return -1;
}

/* whole * scale + frac * scale, rounded, into *out; -1 when it passes max. */
static int
scale_exact(const struct decimal *d, uint64_t scale, uint64_t max, uint64_t *out)
{
	uint64_t part;
	double extra = floor(d->frac * (double)scale + 0.5);

	if (d->overflow || (d->whole != 0 && d->whole > max / scale))
		return -1;
	part = d->whole * scale;
	if (extra > (double)(max - part))
		return -1;
	*out = part + (uint64_t)extra;
	return 0;
}

static const struct unit duration_units[] = {
	{ "us", 1 }, { "ms", 1000 }, { "s", 1000000 }, { "m", 60000000 },
	{ "min", 60000000 }, { "h", 3600000000ULL }, { NULL, 0 }
};

int
cfg_parse_duration(const char *s, sim_time *out, char *why, size_t len)
{
	static const char expected[] = "a duration like 200ms, 30s, 10m or 2h";
	struct decimal d;
	const struct unit *unit;
	const char *rest = read_decimal(s, &d);
	uint64_t us;

	if (rest == NULL)
		return refuse(why, len, expected);
	rest = skip_spaces(rest);
	if (*rest == 0 && d.whole == 0 && d.frac == 0 && !d.overflow) {
		*out = 0;
		return 0;
	}
	unit = find_unit(rest, duration_units);
	if (unit == NULL)
		return refuse(why, len, expected);
	if (d.negative)
		return refuse(why, len, "a duration that is not negative");
	if (scale_exact(&d, unit->scale, (uint64_t)SIM_TIME_MAX, &us) < 0)
		return refuse(why, len, "a duration under 292000 years");
	*out = (sim_time)us;
	return 0;
}

/* "02:47:09" or "2:47": one or two digits a part, hours below 24. */
int
cfg_parse_clock(const char *s, sim_time *out, char *why, size_t len)
{
	static const char expected[] = "a time of day like 02:47:09";
	int parts[3] = { 0, 0, 0 }, n = 0, digits = 0;

	for (; *s; s++) {
		if (*s == ':' && digits > 0 && n < 2) {
			n++;
			digits = 0;
		} else if (*s >= '0' && *s <= '9' && digits < 2) {
			parts[n] = parts[n] * 10 + (*s - '0');
			digits++;
		} else {
			return refuse(why, len, expected);
		}
	}
	if (n < 1 || digits == 0 || parts[0] > 23 || parts[1] > 59 || parts[2] > 59)
		return refuse(why, len, expected);
	*out = ((sim_time)parts[0] * 3600 + parts[1] * 60 + parts[2]) * SIM_SEC;
	return 0;
}

static const struct unit size_units[] = {
	{ "B", 1 }, { "KB", 1000 }, { "MB", 1000000 }, { "GB", 1000000000ULL },
	{ "TB", 1000000000000ULL }, { "KiB", 1ULL << 10 }, { "MiB", 1ULL << 20 },
	{ "GiB", 1ULL << 30 }, { "TiB", 1ULL << 40 }, { NULL, 0 }
};

int
cfg_parse_size(const char *s, uint64_t *out, char *why, size_t len)
{
	static const char expected[] = "a size like 512KiB, 4MB or 8GiB";
	struct decimal d;
	const struct unit *unit;
	const char *rest = read_decimal(s, &d);

	if (rest == NULL)
		return refuse(why, len, expected);
	rest = skip_spaces(rest);
	if (*rest == 0 && d.whole == 0 && d.frac == 0 && !d.overflow) {
		*out = 0;
		return 0;
	}
	unit = find_unit(rest, size_units);
	if (unit == NULL)
		return refuse(why, len, expected);
	if (d.negative)
		return refuse(why, len, "a size that is not negative");
	if (scale_exact(&d, unit->scale, UINT64_MAX, out) < 0)
		return refuse(why, len, "a size under 16EiB");
	return 0;
}

/* Per-period units: how many seconds one period lasts. */
static const struct unit period_units[] = {
	{ "s", 1 }, { "sec", 1 }, { "second", 1 }, { "m", 60 }, { "min", 60 },
	{ "minute", 60 }, { "h", 3600 }, { "hour", 3600 }, { NULL, 0 }
};

int
cfg_parse_rate(const char *s, double *out, char *why, size_t len)
{
	static const char expected[] = "a rate like 40/s, 10000/min or 3/h";
	struct decimal d;
	const struct unit *unit;
	const char *rest = read_decimal(s, &d);

	if (rest == NULL || d.overflow)
		return refuse(why, len, expected);
	rest = skip_spaces(rest);
	if (*rest++ != '/')
		return refuse(why, len, expected);
	unit = find_unit(skip_spaces(rest), period_units);
	if (unit == NULL)
		return refuse(why, len, expected);
	if (d.negative)
		return refuse(why, len, "a rate that is not negative");
	*out = decimal_value(&d) / (double)unit->scale;
	return 0;
}

/*
 * A bandwidth is a size per second ("100MB/s", "700KB/s"), kept as bytes per second in a
 * double. Only seconds are accepted: a link's capacity per minute is not how anyone says it.
 */
int
cfg_parse_bandwidth(const char *s, double *out, char *why, size_t len)
{
	static const char expected[] = "a bandwidth like 100MB/s or 700KB/s";
	const char *slash = strrchr(s, '/');
	char size[64];
	uint64_t bytes;

	/* a bare 0, like a bare 0 size, needs no unit */
	if (strcmp(skip_spaces(s), "0") == 0) {
		*out = 0;
		return 0;
	}
	if (slash == NULL || (size_t)(slash - s) >= sizeof(size) ||
	    strcmp(skip_spaces(slash + 1), "s") != 0)
		return refuse(why, len, expected);
	/* "1.5MB / s": the size parser takes no spaces after its unit */
	memcpy(size, s, (size_t)(slash - s));
	size[slash - s] = 0;
	for (size_t n = strlen(size); n > 0 && size[n - 1] == ' '; n--)
		size[n - 1] = 0;
	if (*skip_spaces(size) == '-')
		return refuse(why, len, "a bandwidth that is not negative");
	if (cfg_parse_size(size, &bytes, why, len) < 0)
		return refuse(why, len, expected);
	*out = (double)bytes;
	return 0;
}

/* Money periods: how many of them make a month (730 hours, 30.42 days). */
struct money_period {
	const char *name;
	double per_month;
};

static const struct money_period money_periods[] = {
	{ "month", 1 }, { "mo", 1 }, { "year", 1.0 / 12 }, { "yr", 1.0 / 12 },
	{ "day", 365.0 / 12 }, { "hour", 730 }, { "h", 730 }, { NULL, 0 }
};

int
cfg_parse_money(const char *s, double *out, char *why, size_t len)
{
	static const char expected[] = "money like $640/month or $5";
	struct decimal d;
	const char *rest;
	double per_month = 1;

	s = skip_spaces(s);
	if (*s++ != '$')
		return refuse(why, len, expected);
	rest = read_decimal(s, &d);
	if (rest == NULL || d.overflow)
		return refuse(why, len, expected);
	rest = skip_spaces(rest);
	if (*rest == '/') {
		const struct money_period *p = money_periods;

		rest = skip_spaces(rest + 1);
		while (p->name != NULL && strcmp(p->name, rest) != 0)
			p++;
		if (p->name == NULL)
			return refuse(why, len, expected);
		per_month = p->per_month;
	} else if (*rest != 0) {
		return refuse(why, len, expected);
	}
	if (d.negative)
		return refuse(why, len, "money that is not negative");
	*out = decimal_value(&d) * per_month;
	return 0;
}

/* A plain number with nothing after it, as the shape of a pareto. */
static int
parse_plain(const char *s, double *out)
{
	struct decimal d;
	const char *rest = read_decimal(s, &d);

	if (rest == NULL || d.overflow || *skip_spaces(rest) != 0)
		return -1;
	*out = decimal_value(&d);
	return 0;
}

struct dist_form {
	const char *name;
	enum sim_dist_kind kind;
	int args;
	const char *expected;           /* also says which values are allowed */
};

static const struct dist_form dist_forms[] = {
	{ "exp", SIM_DIST_EXP, 1, "exp(mean) with a mean above 0, like exp(1s)" },
	{ "uniform", SIM_DIST_UNIFORM, 2,
	  "uniform(low, high) with low <= high, like uniform(100ms, 300ms)" },
	{ "normal", SIM_DIST_NORMAL, 2, "normal(mean, deviation), like normal(200ms, 20ms)" },
	{ "lognormal", SIM_DIST_LOGNORMAL, 2,
	  "lognormal(mean, deviation) with a mean above 0, like lognormal(200ms, 50ms)" },
	{ "pareto", SIM_DIST_PARETO, 2,
	  "pareto(minimum, shape) with a minimum above 0 and a shape above 1, "
	  "like pareto(10ms, 2.5)" },
	{ NULL, SIM_DIST_CONST, 0, NULL }
};

/* Splits "a, b)" into at most two arguments; returns how many, or -1. */
static int
split_args(const char *s, char args[2][64])
{
	int n = 0;
	size_t used = 0;

	for (; *s != 0 && *s != ')'; s++) {
		if (*s == ',') {
			if (++n == 2)
				return -1;
			used = 0;
			continue;
		}
		if (used + 1 >= sizeof(args[0]))
			return -1;
		args[n][used++] = *s;
		args[n][used] = 0;
	}
	if (*s != ')' || *skip_spaces(s + 1) != 0)
		return -1;
	return n + 1;
}

static int
dist_values_ok(const struct sim_dist *d)
{
	switch (d->kind) {
	case SIM_DIST_EXP:
		return d->a > 0;
	case SIM_DIST_UNIFORM:
		return d->a <= d->b;
	case SIM_DIST_LOGNORMAL:
		return d->a > 0;
	case SIM_DIST_PARETO:
		return d->a > 0 && d->b > 1;
	default:
		return 1;
	}
}

/* The arguments of a named form: durations, except the shape of a pareto. */
static int
parse_dist_args(const struct dist_form *form, const char *open, struct sim_dist *out)
{
	char args[2][64] = { "", "" };
	sim_time t;
	char why[80];

	if (split_args(open, args) != form->args)
		return -1;
	if (cfg_parse_duration(args[0], &t, why, sizeof(why)) < 0)
		return -1;
	out->a = (double)t;
	if (form->args == 2 && form->kind == SIM_DIST_PARETO) {
		if (parse_plain(args[1], &out->b) < 0)
			return -1;
	} else if (form->args == 2) {
		if (cfg_parse_duration(args[1], &t, why, sizeof(why)) < 0)
			return -1;
		out->b = (double)t;
	}
	return dist_values_ok(out) ? 0 : -1;
}

int
cfg_parse_dist(const char *s, struct sim_dist *out, char *why, size_t len)
{
	static const char expected[] =
		"a duration or a distribution like exp(1s) or uniform(100ms, 300ms)";
	struct sim_dist d = { SIM_DIST_CONST, 0, 0 };
	const char *open = strchr(s, '(');
	sim_time t;

	if (open == NULL) {
		if (cfg_parse_duration(s, &t, why, len) < 0)
			return -1;
		d.a = (double)t;
		*out = d;
		return 0;
	}
	for (const struct dist_form *f = dist_forms; f->name != NULL; f++) {
		size_t n = strlen(f->name);
		const char *name = skip_spaces(s);

		if (strncmp(name, f->name, n) != 0 || skip_spaces(name + n) != open)
			continue;
		d.kind = f->kind;
		if (parse_dist_args(f, open + 1, &d) < 0)
			return refuse(why, len, f->expected);
		*out = d;
		return 0;
	}
	return refuse(why, len, expected);
}
