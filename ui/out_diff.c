/* SPDX-License-Identifier: MIT */
/*
 * out_diff.c: `gossipsim diff FILE1 FILE2`, what the later architecture changes: the
 * boxes it adds (name, kind, label), the boxes it removes, the values it changes in the
 * boxes both have, the monthly cost, and the later era's own words for why.
 *
 * Nodes are matched by name. A changed value is printed as people write it in the era
 * files ("8GB", "30s", "$40/month"), from a table of the node fields that matter to the
 * talk; fields of a kind the node is not (an lb's RAM) are skipped. An added box says
 * the pain it answers when its era gives it one (`answers:`); then comes the later file's
 * description (a scenario's, else its era's), or its title when it has none.
 */
#include "out_files.h"

#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include "report.h"

enum field_type { FT_INT, FT_TIME, FT_BYTES, FT_MONEY, FT_RATE, FT_TEXT, FT_KIND, FT_POLICY,
                  FT_SESSIONS, FT_REF, FT_UPSTREAMS, FT_HOLD };

struct field {
	const char *name;               /* as the era file spells the key */
	enum field_type type;
	size_t off;
	unsigned kinds;                 /* a bit per enum sim_node_kind; 0: every kind */
};

#define K(kind) (1u << (kind))
#define F(name, type, member, kinds) {name, type, offsetof(struct sim_node_cfg, member), kinds}

static const struct field fields[] = {
	F("kind", FT_KIND, kind, 0),
	F("label", FT_TEXT, label, 0),
	F("policy", FT_POLICY, policy, K(SIM_NODE_LB) | K(SIM_NODE_GATEWAY)),
	F("upstreams", FT_UPSTREAMS, upstreams, K(SIM_NODE_LB) | K(SIM_NODE_GATEWAY)),
	F("timeout", FT_TIME, timeout, K(SIM_NODE_LB)),
	F("connect_timeout", FT_TIME, connect_timeout, K(SIM_NODE_LB)),
	F("health_check.interval", FT_TIME, health_interval, K(SIM_NODE_LB)),
	F("cores", FT_INT, cores, K(SIM_NODE_APP) | K(SIM_NODE_DB) | K(SIM_NODE_CACHE)),
	F("instances", FT_INT, instances, K(SIM_NODE_APP)),
	F("autoscale.max", FT_INT, autoscale_max, K(SIM_NODE_APP)),
	F("workers", FT_INT, workers, K(SIM_NODE_APP)),
	F("backlog", FT_INT, backlog, K(SIM_NODE_APP)),
	F("ram", FT_BYTES, ram, K(SIM_NODE_APP)),
	F("ram_baseline", FT_BYTES, ram_baseline, K(SIM_NODE_APP)),
	F("ram_per_request", FT_BYTES, ram_per_request, K(SIM_NODE_APP)),
	F("ram_per_session", FT_BYTES, ram_per_session, K(SIM_NODE_APP)),
	F("local_cache", FT_BYTES, local_cache, K(SIM_NODE_APP)),
	F("restart", FT_TIME, restart, K(SIM_NODE_APP)),
	F("sessions", FT_SESSIONS, sessions, K(SIM_NODE_APP)),
	F("session_store", FT_REF, session_store, K(SIM_NODE_APP)),
	F("db", FT_REF, db, K(SIM_NODE_APP)),
	F("db_connection", FT_HOLD, hold_db_connection, K(SIM_NODE_APP)),
	F("max_connections", FT_INT, max_connections, K(SIM_NODE_DB)),
	F("conn_wait", FT_TIME, conn_wait, K(SIM_NODE_DB)),
	F("op_cost", FT_TIME, op_cost, K(SIM_NODE_CACHE)),
	F("memory", FT_BYTES, memory, K(SIM_NODE_CACHE)),
	F("rate_limit", FT_RATE, rate_limit, K(SIM_NODE_GATEWAY)),
	F("origin", FT_REF, origin, K(SIM_NODE_CDN)),
	F("latency", FT_TIME, latency, 0),
	F("cost", FT_MONEY, cost_per_month, 0),
};
#define N_FIELDS ((int)(sizeof(fields) / sizeof(fields[0])))

/* "8GB", "512KiB", "0": the largest unit that divides the value, decimal units first. */
static void fmt_bytes(char *buf, size_t len, uint64_t v)
{
	static const char *const dec[] = {"TB", "GB", "MB", "KB"};
	static const char *const bin[] = {"TiB", "GiB", "MiB", "KiB"};
	uint64_t d = 1000000000000ull, b = 1ull << 40;

	for (int i = 0; i < 4; i++, d /= 1000, b >>= 10) {
		if (v && v % d == 0) {
			snprintf(buf, len, "%" PRIu64 "%s", v / d, dec[i]);
			return;
		}
		if (v && v % b == 0) {
			snprintf(buf, len, "%" PRIu64 "%s", v / b, bin[i]);
			return;
		}
	}
	snprintf(buf, len, v ? "%" PRIu64 "B" : "%" PRIu64, v);
}

/* "2m", "30s", "200ms", "1500us", "0". */
static void fmt_time(char *buf, size_t len, sim_time t)
{
	static const struct { sim_time unit; const char *name; } units[] = {
		{3600 * SIM_SEC, "h"}, {60 * SIM_SEC, "m"}, {SIM_SEC, "s"}, {SIM_MS, "ms"},
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (t && t % units[i].unit == 0) {
			snprintf(buf, len, "%lld%s", (long long)(t / units[i].unit), units[i].name);
			return;
		}
	snprintf(buf, len, t ? "%lldus" : "%lld", (long long)t);
}

static void fmt_money(char *buf, size_t len, double v)
{
	char num[32];

	report_format_value(v, num, sizeof(num));
	snprintf(buf, len, "$%s/month", num);
}

/* "40/s", or "none" for no limit. */
static void fmt_rate(char *buf, size_t len, double v)
{
	char num[32];

	report_format_value(v, num, sizeof(num));
	if (v > 0)
		snprintf(buf, len, "%s/s", num);
	else
		snprintf(buf, len, "none");
}

static const char *ref_name(const struct sim_config *cfg, int i)
{
	return i >= 0 && i < cfg->n_nodes ? cfg->nodes[i].name : "none";
}

static void fmt_upstreams(char *buf, size_t len, const struct sim_config *cfg,
                          const struct sim_node_cfg *n)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < n->n_upstreams && used < len; i++) {
		int w = snprintf(buf + used, len - used, "%s%s", i ? ", " : "[",
		                 ref_name(cfg, n->upstreams[i]));
		used += w > 0 ? (size_t)w : 0;
	}
	if (used < len)
		snprintf(buf + used, len - used, n->n_upstreams ? "]" : "[]");
}

/* The field f of node n (of cfg), written as in an era file. */
static void fmt_field(char *buf, size_t len, const struct field *f, const struct sim_config *cfg,
                      const struct sim_node_cfg *n)
{
	static const char *const policies[] = {"round_robin", "sticky", "least_conn"};
	static const char *const sessions[] = {"none", "local", "store", "jwt"};
	const char *p = (const char *)n + f->off;
	sim_time t;
	uint64_t u;
	double d;
	int i = 0;

	/* memcpy reads each member as its own type, without aliasing casts */
	if (f->type != FT_TEXT && f->type != FT_TIME && f->type != FT_BYTES &&
	    f->type != FT_MONEY && f->type != FT_RATE)
		memcpy(&i, p, sizeof(i));
	switch (f->type) {
	case FT_INT:
		snprintf(buf, len, "%d", i);
		break;
	case FT_TIME:
		memcpy(&t, p, sizeof(t));
		fmt_time(buf, len, t);
		break;
	case FT_BYTES:
		memcpy(&u, p, sizeof(u));
		fmt_bytes(buf, len, u);
		break;
	case FT_MONEY:
		memcpy(&d, p, sizeof(d));
		fmt_money(buf, len, d);
		break;
	case FT_RATE:
		memcpy(&d, p, sizeof(d));
		fmt_rate(buf, len, d);
		break;
	case FT_TEXT:
		snprintf(buf, len, "%s", p[0] ? p : "(none)");
		break;
	case FT_KIND:
		snprintf(buf, len, "%s", sim_node_kind_name(n->kind));
		break;
	case FT_POLICY:
		snprintf(buf, len, "%s", i >= 0 && i < 3 ? policies[i] : "?");
		break;
	case FT_SESSIONS:
		snprintf(buf, len, "%s", i >= 0 && i < 4 ? sessions[i] : "?");
		break;
	case FT_REF:
		snprintf(buf, len, "%s", ref_name(cfg, i));
		break;
	case FT_UPSTREAMS:
		fmt_upstreams(buf, len, cfg, n);
		break;
	case FT_HOLD:
		snprintf(buf, len, "%s", i ? "per_request" : "per_query");
		break;
	}
}

static const struct sim_node_cfg *find_node(const struct sim_config *cfg, const char *name)
{
	for (int i = 0; i < cfg->n_nodes; i++)
		if (strcmp(cfg->nodes[i].name, name) == 0)
			return &cfg->nodes[i];
	return NULL;
}

static void put_box(FILE *out, char sign, const struct sim_node_cfg *n, int width)
{
	fprintf(out, "  %c %-*s  ", sign, width, n->name);
	if (n->label[0] && strcmp(n->label, n->name) != 0)
		fprintf(out, "%-7s  %s\n", sim_node_kind_name(n->kind), n->label);
	else
		fprintf(out, "%s\n", sim_node_kind_name(n->kind));
	if (sign == '+' && n->answers[0])
		fprintf(out, "      %*s  answers: %s\n", width, "", n->answers);
}

/* The nodes of `in` that `other` lacks, with sign; returns how many. */
static int put_missing(FILE *out, const char *title, char sign, const struct sim_config *in,
                       const struct sim_config *other, int width)
{
	int n = 0;

	for (int i = 0; i < in->n_nodes; i++)
		n += !find_node(other, in->nodes[i].name);
	if (n == 0)
		return 0;
	fprintf(out, "%s (%d)\n", title, n);
	for (int i = 0; i < in->n_nodes; i++)
		if (!find_node(other, in->nodes[i].name))
			put_box(out, sign, &in->nodes[i], width);
	return n;
}

/* The fields of a node both eras have that differ, under a "~ name" line; 1 if any. */
static int put_changed_node(FILE *out, const struct sim_config *a, const struct sim_node_cfg *na,
                            const struct sim_config *b, const struct sim_node_cfg *nb,
                            int *heading)
{
	char va[256], vb[256];
	int any = 0;

	for (int f = 0; f < N_FIELDS; f++) {
		unsigned kinds = fields[f].kinds;

		if (kinds && !(kinds & K(na->kind)) && !(kinds & K(nb->kind)))
			continue;
		fmt_field(va, sizeof(va), &fields[f], a, na);
		fmt_field(vb, sizeof(vb), &fields[f], b, nb);
		if (strcmp(va, vb) == 0)
			continue;
		if (!*heading)
			fprintf(out, "changed\n");
		if (!any)
			fprintf(out, "  ~ %s\n", nb->name);
		fprintf(out, "      %-22s %s -> %s\n", fields[f].name, va, vb);
		*heading = any = 1;
	}
	return any;
}

static double total_cost(const struct sim_config *cfg)
{
	double sum = 0;

	for (int i = 0; i < cfg->n_nodes; i++)
		sum += cfg->nodes[i].cost_per_month;
	return sum;
}

static void put_title(FILE *out, const char *lead, const struct cfg_scenario *sc,
                      const struct sim_config *cfg)
{
	fprintf(out, "%s%s", lead, cfg->era_name);
	if (cfg->era_year)
		fprintf(out, " (%d)", cfg->era_year);
	fprintf(out, ": %s  [%s]\n", cfg->era_title, sc->path);
}

/* The later file's words for why it exists: its description, its era's, or its title. */
static void put_why(FILE *out, const struct cfg_scenario *sc, const struct sim_config *cfg)
{
	const char *text = sc->description[0] ? sc->description :
	                   cfg->era_description[0] ? cfg->era_description : cfg->era_title;

	fprintf(out, "what it answers\n  ");
	for (const char *s = text; *s; s++) {
		fputc(*s, out);
		if (*s == '\n' && s[1])
			fputs("  ", out);
	}
	if (!text[0] || text[strlen(text) - 1] != '\n')
		fputc('\n', out);
}

static void put_diff(FILE *out, const struct cfg_scenario *sa, const struct cfg_scenario *sb)
{
	const struct sim_config *a = &sa->variants[0].cfg, *b = &sb->variants[0].cfg;
	char ca[64], cb[64];
	int width = 4, heading = 0, changes = 0;

	for (int i = 0; i < a->n_nodes; i++)
		width = (int)strlen(a->nodes[i].name) > width ? (int)strlen(a->nodes[i].name) : width;
	for (int i = 0; i < b->n_nodes; i++)
		width = (int)strlen(b->nodes[i].name) > width ? (int)strlen(b->nodes[i].name) : width;

	put_title(out, "from ", sa, a);
	put_title(out, "to   ", sb, b);
	fputc('\n', out);
	changes += put_missing(out, "added", '+', b, a, width);
	changes += put_missing(out, "removed", '-', a, b, width);
	for (int i = 0; i < b->n_nodes; i++) {
		const struct sim_node_cfg *na = find_node(a, b->nodes[i].name);

		if (na)
			changes += put_changed_node(out, a, na, b, &b->nodes[i], &heading);
	}
	if (strcmp(ref_name(a, a->entry), ref_name(b, b->entry)) != 0)
		fprintf(out, "entry: %s -> %s\n", ref_name(a, a->entry), ref_name(b, b->entry));
	if (changes == 0)
		fprintf(out, "no box added, removed or changed\n");
	fmt_money(ca, sizeof(ca), total_cost(a));
	fmt_money(cb, sizeof(cb), total_cost(b));
	fprintf(out, "cost: %s -> %s\n\n", ca, cb);
	put_why(out, sb, b);
}

int out_diff_command(const struct cli_options *opt, FILE *out, FILE *err)
{
	struct cfg_scenario sa, sb;
	int rc = report_load(opt->files[0], opt, &sa, err);

	if (rc != CLI_EXIT_OK)
		return rc;
	rc = report_load(opt->files[1], opt, &sb, err);
	if (rc == CLI_EXIT_OK) {
		put_diff(out, &sa, &sb);
		cfg_scenario_fini(&sb);
	}
	cfg_scenario_fini(&sa);
	return rc;
}
