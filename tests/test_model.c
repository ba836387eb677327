/* SPDX-License-Identifier: MIT */
/*
 * test_model.c: the rules of the components, on tiny configs built in C from the
 * documented defaults. Each case sets up the few nodes a rule needs, runs it through the
 * public API only (metrics, snapshots, the incident log) and checks what the rule makes
 * exact: how round robin spreads, that sticky keeps a user where it logged in, when the
 * OOM killer fires and how long the process stays down, which thresholds a warning reads
 * out, how many connections a db hands out, who is logged out, and what a timeout costs.
 * Where arrivals are random, traffic is sent in a short burst and the run goes on long
 * enough for every request to end, so the counts add up exactly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "sim.h"

#define MB 1000000ULL

static struct sim_config cfg;

/* ---- building configs ---------------------------------------------------------------- */

static int
add_node(const char *name, enum sim_node_kind kind)
{
	struct sim_node_cfg *n = &cfg.nodes[cfg.n_nodes];

	sim_node_defaults(n, kind);
	snprintf(n->name, sizeof n->name, "%s", name);
	return cfg.n_nodes++;
}

static void
add_upstream(int lb, int app)
{
	struct sim_node_cfg *n = &cfg.nodes[lb];

	n->upstreams[n->n_upstreams++] = app;
}

/* An lb in front of n apps (indexes lb + 1 ... lb + n), the config's entry. */
static int
add_lb_with_apps(enum sim_lb_policy policy, int n)
{
	int lb = add_node("lb", SIM_NODE_LB), i;
	char name[SIM_NAME_MAX];

	cfg.nodes[lb].policy = policy;
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "app%d", i + 1);
		add_upstream(lb, add_node(name, SIM_NODE_APP));
	}
	cfg.entry = lb;
	return lb;
}

static struct sim_dist
constant(sim_time t)
{
	return (struct sim_dist){ SIM_DIST_CONST, (double)t, 0.0 };
}

static struct sim_dist
expo(sim_time mean)
{
	return (struct sim_dist){ SIM_DIST_EXP, (double)mean, 0.0 };
}

static struct sim_route_cfg *
add_route(const char *name, struct sim_dist cpu)
{
	struct sim_route_cfg *r = &cfg.routes[cfg.n_routes++];

	memset(r, 0, sizeof *r);
	snprintf(r->name, sizeof r->name, "%s", name);
	r->cpu = cpu;
	return r;
}

/* A workload of the config's one route at a constant level (requests/s or users). */
static struct sim_workload_cfg *
add_workload(enum sim_workload_kind kind, double level)
{
	struct sim_workload_cfg *w = &cfg.workloads[cfg.n_workloads++];

	memset(w, 0, sizeof *w);
	snprintf(w->name, sizeof w->name, "w%d", cfg.n_workloads);
	w->kind = kind;
	w->level.kind = SIM_CURVE_CONSTANT;
	w->level.base = level;
	w->think = expo(SIM_SEC);
	w->entry = -1;
	w->routes[0] = 0;
	w->weights[0] = 1.0;
	w->n_routes = 1;
	return w;
}

/* Open arrivals at rate per second from time 0 until t, none after. */
static void
add_burst(double rate, sim_time t)
{
	struct sim_workload_cfg *w = add_workload(SIM_WORKLOAD_OPEN, 0.0);

	w->level = (struct sim_curve){ SIM_CURVE_SPIKE, 0.0, rate, 0, 0, t };
}

static void
reset_config(sim_time duration)
{
	sim_config_defaults(&cfg);
	cfg.duration = duration;
}

/* ---- running and reading --------------------------------------------------------------- */

static struct sim *
start(uint64_t seed)
{
	char err[256] = "";
	struct sim *sim = sim_create(&cfg, seed, err, sizeof err);

	if (sim == NULL)
		print_error("sim_create: %s\n", err);
	assert_non_null(sim);
	return sim;
}

static struct sim *
run(uint64_t seed)
{
	struct sim *sim = start(seed);

	sim_run_until(sim, sim_end(sim));
	return sim;
}

static double
metric(const struct sim *sim, const char *name)
{
	double v = -1.0;

	if (sim_metric_get(sim, name, &v) != 0) {
		print_error("no metric %s\n", name);
		fail();
	}
	return v;
}

/* The metric as a whole count, so that assert_int_equal prints both sides. */
static long long
count(const struct sim *sim, const char *name)
{
	return (long long)metric(sim, name);
}

/* Index of the first log entry at or after from that contains needle, or -1. */
static long
log_find(const struct sim *sim, size_t from, const char *needle)
{
	size_t i;

	for (i = from; i < sim_log_count(sim); i++)
		if (strstr(sim_log_get(sim, i)->message, needle) != NULL)
			return (long)i;
	return -1;
}

static int
log_count(const struct sim *sim, const char *needle)
{
	long i = -1;
	int k = 0;

	while ((i = log_find(sim, (size_t)(i + 1), needle)) >= 0)
		k++;
	return k;
}

static void
print_log(const struct sim *sim)
{
	size_t i;

	for (i = 0; i < sim_log_count(sim); i++) {
		const struct sim_log_entry *e = sim_log_get(sim, i);

		print_message("  %lld %s %s\n", (long long)e->time, sim_level_name(e->level),
		              e->message);
	}
}

/* Requests the lb forwarded to node to since t = 0. */
static long long
edge(const struct sim *sim, int from, int to)
{
	struct sim_snapshot snap;
	int i;

	sim_snapshot(sim, &snap);
	for (i = 0; i < snap.n_edges; i++)
		if (snap.edges[i].from == from && snap.edges[i].to == to)
			return (long long)snap.edges[i].requests;
	return 0;
}

static int
node_up(const struct sim *sim, int node)
{
	struct sim_snapshot snap;

	sim_snapshot(sim, &snap);
	return snap.nodes[node].up;
}

/* ---- load balancing ------------------------------------------------------------------- */

/* Round robin starts at the first upstream and takes each in turn, so with N requests the
 * k-th of four upstreams gets exactly ceil((N - k) / 4). */
static void
test_model_lb_round_robin_even(void **state)
{
	struct sim *sim;
	long long n;
	int lb, k;

	(void)state;
	reset_config(60 * SIM_SEC);
	lb = add_lb_with_apps(SIM_LB_ROUND_ROBIN, 4);
	add_route("page", constant(1 * SIM_MS));
	add_workload(SIM_WORKLOAD_OPEN, 200.0);
	sim = run(1);

	n = count(sim, "requests");
	assert_true(n > 10000);
	assert_int_equal(edge(sim, -1, lb), n);
	for (k = 0; k < 4; k++)
		assert_int_equal(edge(sim, lb, lb + 1 + k), (n + 3 - k) / 4);
	assert_int_equal(count(sim, "failed"), 0);
	sim_destroy(sim);
}

/*
 * Sticky: apps keep sessions in memory and a cookie names the app that issued it, so any
 * request sent to another app than the one a user logged in on would be logged out. None
 * is, and each of the 200 users logs in exactly once, while all four apps get users.
 */
static void
test_model_lb_sticky_keeps_user(void **state)
{
	struct sim *sim;
	int lb, k;

	(void)state;
	reset_config(60 * SIM_SEC);
	lb = add_lb_with_apps(SIM_LB_STICKY, 4);
	for (k = 1; k <= 4; k++)
		cfg.nodes[lb + k].sessions = SIM_SESSION_LOCAL;
	add_route("page", constant(1 * SIM_MS))->needs_session = 1;
	add_workload(SIM_WORKLOAD_CLOSED, 200.0)->think = expo(200 * SIM_MS);
	sim = run(2);

	assert_true(count(sim, "requests") > 20000);
	assert_int_equal(count(sim, "logged_out"), 0);
	assert_int_equal(count(sim, "logins"), 200);
	assert_int_equal(count(sim, "users_peak"), 200);
	for (k = 1; k <= 4; k++)
		assert_true(edge(sim, lb, lb + k) > 1000);
	sim_destroy(sim);
}

/* ---- sessions ------------------------------------------------------------------------- */

/* Three apps behind round robin, 300 users who must be logged in; sessions kept as mode. */
static struct sim *
run_sessions(enum sim_session_mode mode, int apps)
{
	int lb, k, store = -1;

	reset_config(60 * SIM_SEC);
	lb = add_lb_with_apps(SIM_LB_ROUND_ROBIN, apps);
	if (mode == SIM_SESSION_STORE)
		store = add_node("redis", SIM_NODE_CACHE);
	for (k = 1; k <= apps; k++) {
		cfg.nodes[lb + k].sessions = mode;
		cfg.nodes[lb + k].session_store = store;
	}
	add_route("page", constant(1 * SIM_MS))->needs_session = 1;
	add_workload(SIM_WORKLOAD_CLOSED, 300.0);
	return run(3);
}

static void
test_model_sessions_local_logs_out(void **state)
{
	struct sim *sim;
	long long out;

	(void)state;
	sim = run_sessions(SIM_SESSION_LOCAL, 3);
	out = count(sim, "logged_out");
	/*
	 * A user with a cookie lands on the app that issued it one time in three, else is
	 * logged out and logs in again on the next request: in the long run 3/5 of the
	 * requests carry a cookie and 2/3 of those fail, 40% of all requests.
	 */
	assert_true(out > count(sim, "requests") * 35 / 100);
	assert_true(out < count(sim, "requests") * 45 / 100);
	/* Each 401 makes the user log in again on the next request. */
	assert_true(count(sim, "logins") >= out);
	assert_true(count(sim, "logins") <= out + 300);
	assert_true(log_find(sim, 0, "users logged out") >= 0);
	sim_destroy(sim);

	/* One app alone keeps everybody logged in: the spreading is the cause. */
	sim = run_sessions(SIM_SESSION_LOCAL, 1);
	assert_int_equal(count(sim, "logged_out"), 0);
	assert_int_equal(count(sim, "logins"), 300);
	sim_destroy(sim);
}

/* A shared store: every request asks it once, nobody is logged out, each user logs in once. */
static void
test_model_sessions_store_keeps_users(void **state)
{
	struct sim *sim;

	(void)state;
	sim = run_sessions(SIM_SESSION_STORE, 3);
	assert_true(count(sim, "requests") > 10000);
	assert_int_equal(count(sim, "logged_out"), 0);
	assert_int_equal(count(sim, "logins"), 300);
	assert_int_equal(count(sim, "cache_ops"), count(sim, "requests"));
	assert_int_equal(log_find(sim, 0, "users logged out"), -1);
	sim_destroy(sim);
}

/* A token the client carries: no store, nobody logged out. */
static void
test_model_sessions_jwt_keeps_users(void **state)
{
	struct sim *sim;

	(void)state;
	sim = run_sessions(SIM_SESSION_JWT, 3);
	assert_int_equal(count(sim, "logged_out"), 0);
	assert_int_equal(count(sim, "logins"), 300);
	assert_int_equal(count(sim, "cache_ops"), 0);
	sim_destroy(sim);
}

/* ---- memory --------------------------------------------------------------------------- */

/*
 * 100 MB of RAM, 10 MB at rest and 10 MB per request: nine requests fit exactly (100 MB is
 * not more than 100 MB), the tenth kills the process. CPU bursts of a minute keep every
 * request inside, so each kill takes exactly ten; while the process is down for its 5 s
 * restart, clients (no proxy in front) are refused at once.
 */
static void
oom_config(void)
{
	int app;

	reset_config(40 * SIM_SEC);
	app = add_node("app", SIM_NODE_APP);
	cfg.nodes[app].ram = 100 * MB;
	cfg.nodes[app].ram_baseline = 10 * MB;
	cfg.nodes[app].ram_per_request = 10 * MB;
	cfg.nodes[app].restart = 5 * SIM_SEC;
	cfg.entry = app;
	add_route("page", constant(60 * SIM_SEC));
	add_workload(SIM_WORKLOAD_OPEN, 10.0);
}

static void
test_model_app_oom_first_kill(void **state)
{
	const struct sim_log_entry *e;
	struct sim *sim;
	long i;

	(void)state;
	oom_config();
	sim = start(4);
	while (metric(sim, "oom_kills") == 0.0)
		assert_int_equal(sim_step(sim), 1);

	assert_int_equal(count(sim, "requests"), 10);
	assert_int_equal(count(sim, "refused"), 10);
	assert_int_equal(count(sim, "completed"), 0);
	assert_true(metric(sim, "ram_peak") == 1.0);
	assert_int_equal(node_up(sim, 0), 0);
	i = log_find(sim, 0, "out of memory");
	assert_true(i >= 0);
	e = sim_log_get(sim, (size_t)i);
	assert_int_equal(e->level, SIM_FATAL);
	assert_int_equal(e->node, 0);
	assert_int_equal(e->time, sim_now(sim));
	assert_non_null(strstr(e->message, "(110 MB of 100 MB, 10 requests in flight)"));
	assert_non_null(strstr(e->message, "OOM killer"));
	sim_destroy(sim);
}

/* Every kill is followed, 5 s later to the microsecond, by the restart, and so on. */
static void
test_model_app_oom_restarts(void **state)
{
	const struct sim_log_entry *kill, *back;
	struct sim *sim;
	long i = -1, j;
	int kills = 0;

	(void)state;
	oom_config();
	sim = run(4);
	while ((i = log_find(sim, (size_t)(i + 1), "out of memory")) >= 0) {
		kill = sim_log_get(sim, (size_t)i);
		assert_int_equal(kill->level, SIM_FATAL);
		assert_non_null(strstr(kill->message, "10 requests in flight"));
		kills++;
		j = log_find(sim, (size_t)i, "process restarted");
		if (j < 0) {
			/* only the last kill may still be down at the end */
			assert_true(kill->time + 5 * SIM_SEC > sim_end(sim));
			continue;
		}
		back = sim_log_get(sim, (size_t)j);
		assert_int_equal(back->time - kill->time, 5 * SIM_SEC);
	}
	assert_true(kills >= 4);
	assert_int_equal(count(sim, "oom_kills"), kills);
	assert_int_equal(count(sim, "completed"), 0);
	/* Ten lost with each kill, plus those who knocked while the process was down. */
	assert_true(count(sim, "refused") > 10LL * kills);
	sim_destroy(sim);
}

/* ---- monitors --------------------------------------------------------------------------- */

/*
 * users users, each asking once at 1 s (a constant think time) for a page of 100 s of CPU
 * on cores cores, so that every request stays in flight to the end: RAM is 10 MB at rest
 * and 10 MB per request of 100 MB, and a core busy from 1 s on reads 1 - 0.8^k after k
 * ticks of the smoothed CPU, 91% after eleven. The users were scheduled before the tick
 * at 1 s, so that tick already sees their requests.
 */
static void
monitor_config(int cores, double users)
{
	int app;

	reset_config(30 * SIM_SEC);
	app = add_node("app", SIM_NODE_APP);
	cfg.nodes[app].cores = cores;
	cfg.nodes[app].ram = 100 * MB;
	cfg.nodes[app].ram_baseline = 10 * MB;
	cfg.nodes[app].ram_per_request = 10 * MB;
	cfg.entry = app;
	add_route("page", constant(100 * SIM_SEC));
	add_workload(SIM_WORKLOAD_CLOSED, users)->think = constant(SIM_SEC);
}

/* Checks that warning i of the log says message at time t; returns the next index. */
static size_t
expect_warning(const struct sim *sim, size_t i, sim_time t, const char *message)
{
	const struct sim_log_entry *e;

	if (i >= sim_log_count(sim)) {
		print_log(sim);
		fail_msg("no log line %zu, expected '%s'", i, message);
	}
	e = sim_log_get(sim, i);
	assert_int_equal(e->level, SIM_WARNING);
	assert_string_equal(e->message, message);
	assert_int_equal(e->time, t);
	return i + 1;
}

/* Eight requests in flight fill 90 MB of 100: RAM alone crosses, and its line says RAM alone. */
static void
test_model_monitor_ram_alone(void **state)
{
	struct sim *sim;

	(void)state;
	monitor_config(64, 8.0);
	sim = run(1);
	assert_int_equal(expect_warning(sim, 0, SIM_SEC, "app: RAM 90%"), sim_log_count(sim));
	sim_destroy(sim);
}

/* Seven fill 80 MB: below the threshold, nothing is written. */
static void
test_model_monitor_below_threshold(void **state)
{
	struct sim *sim;

	(void)state;
	monitor_config(64, 7.0);
	sim = run(1);
	assert_true(metric(sim, "ram_peak") == 0.8);
	assert_int_equal(sim_log_count(sim), 0);
	sim_destroy(sim);
}

/* One busy core and one request (RAM 20%): CPU alone, once, though it stays busy. */
static void
test_model_monitor_cpu_alone(void **state)
{
	struct sim *sim;

	(void)state;
	monitor_config(1, 1.0);
	sim = run(1);
	assert_int_equal(expect_warning(sim, 0, 12 * SIM_SEC, "app: CPU 91%"),
	                 sim_log_count(sim));
	sim_destroy(sim);
}

/*
 * Both, one after the other: RAM crosses at once and is told alone; when CPU crosses eleven
 * seconds later, the line reads out both, as both are then at or above 90%.
 */
static void
test_model_monitor_ram_then_cpu(void **state)
{
	struct sim *sim;
	size_t i;

	(void)state;
	monitor_config(1, 8.0);
	sim = run(1);
	i = expect_warning(sim, 0, SIM_SEC, "app: RAM 90%");
	i = expect_warning(sim, i, 12 * SIM_SEC, "app: CPU 91% · RAM 90%");
	assert_int_equal(i, sim_log_count(sim));
	sim_destroy(sim);
}

/* ---- stepping ---------------------------------------------------------------------------- */

/*
 * The front ends' API on a run full of cancelled timers (every 1 s lb timeout is, as the
 * apps answer in milliseconds). sim_run_until() in uneven slices leaves the clock exactly
 * at each slice's end, so nothing after it ran, and a snapshot tells the same clock and
 * event count; the slices, one event at a time with sim_step() after sim_reset(), and one
 * call to the end all execute the same events.
 */
static void
test_model_stepping_api(void **state)
{
	struct sim_snapshot snap;
	struct sim *whole, *sim;
	uint64_t fp, events;
	sim_time t;

	(void)state;
	reset_config(60 * SIM_SEC);
	add_lb_with_apps(SIM_LB_ROUND_ROBIN, 2);
	cfg.nodes[0].timeout = 1 * SIM_SEC;
	add_route("page", expo(5 * SIM_MS));
	add_workload(SIM_WORKLOAD_OPEN, 200.0);
	whole = run(9);
	fp = sim_fingerprint(whole);
	events = sim_events(whole);
	assert_true(count(whole, "completed") > 10000);
	assert_int_equal(count(whole, "timeouts"), 0);

	sim = start(9);
	for (t = 1; t < sim_end(sim); t += 777777) {
		sim_run_until(sim, t);
		assert_int_equal(sim_now(sim), t);
		sim_snapshot(sim, &snap);
		assert_int_equal(snap.now, t);
		assert_int_equal(snap.events, sim_events(sim));
		assert_int_equal(snap.n_nodes, 3);
	}
	sim_run_until(sim, sim_end(sim));
	assert_true(sim_done(sim));
	assert_int_equal(sim_fingerprint(sim), fp);
	assert_int_equal(sim_events(sim), events);

	sim_reset(sim);
	assert_int_equal(sim_now(sim), 0);
	while (sim_step(sim))
		;
	assert_int_equal(sim_fingerprint(sim), fp);
	assert_int_equal(sim_events(sim), events);
	sim_destroy(sim);
	sim_destroy(whole);
}

/* ---- the database ----------------------------------------------------------------------- */

/* One app querying a db of many cores but max connections; one query of 1 s per request. */
static void
db_config(int max_conn, sim_time conn_wait, double rate, sim_time burst)
{
	int app, db;

	reset_config(60 * SIM_SEC);
	app = add_node("app", SIM_NODE_APP);
	db = add_node("db", SIM_NODE_DB);
	cfg.nodes[app].db = db;
	cfg.nodes[db].cores = 64;
	cfg.nodes[db].max_connections = max_conn;
	cfg.nodes[db].conn_wait = conn_wait;
	cfg.entry = app;
	add_route("page", constant(1 * SIM_MS))->queries = 1;
	cfg.routes[0].query = constant(SIM_SEC);
	add_burst(rate, burst);
}

/* conn_wait 0: the sixth concurrent query is refused, and its request fails with a 500. */
static void
test_model_db_refuses_beyond_max(void **state)
{
	struct sim *sim;
	long i;

	(void)state;
	db_config(5, 0, 50.0, 10 * SIM_SEC);
	sim = run(5);
	assert_int_equal(count(sim, "db_connections_peak"), 5);
	assert_true(count(sim, "db_refused") > 100);
	assert_int_equal(count(sim, "server_errors"), count(sim, "db_refused"));
	assert_int_equal(count(sim, "db_queries"), count(sim, "completed"));
	assert_int_equal(count(sim, "completed") + count(sim, "server_errors"),
	                 count(sim, "requests"));
	i = log_find(sim, 0, "db: connections exhausted (5/5)");
	assert_true(i >= 0);
	assert_int_equal(sim_log_get(sim, (size_t)i)->level, SIM_WARNING);
	sim_destroy(sim);
}

/* conn_wait 30 s: beyond 5 they queue, nobody is refused, and the queue drains at 5/s. */
static void
test_model_db_queues_beyond_max(void **state)
{
	struct sim *sim;
	long long n;

	(void)state;
	db_config(5, 30 * SIM_SEC, 20.0, 2 * SIM_SEC);
	sim = run(6);
	n = count(sim, "requests");
	assert_true(n > 20);
	assert_int_equal(count(sim, "db_connections_peak"), 5);
	assert_int_equal(count(sim, "db_refused"), 0);
	assert_int_equal(count(sim, "completed"), n);
	assert_int_equal(count(sim, "db_queries"), n);
	/*
	 * Five queries of 1 s at a time: the last of n to be served ends after ceil(n / 5) s
	 * or later, and it arrived within the 2 s burst.
	 */
	assert_true(metric(sim, "latency_max_ms") >= 1000.0 * (double)((n + 4) / 5 - 2));
	sim_destroy(sim);
}

/*
 * conn_wait bounds each wait for a connection, not their sum. Two users share one
 * connection for routes of ten 100 ms queries, taking it per query: each wait is at most
 * the other's query, 100 ms, far below the 500 ms allowed, so nobody may be refused even
 * though a request waits many times.
 */
static void
test_model_db_wait_is_per_wait(void **state)
{
	struct sim *sim;

	(void)state;
	reset_config(120 * SIM_SEC);
	cfg.entry = add_node("app", SIM_NODE_APP);
	cfg.nodes[0].db = add_node("db", SIM_NODE_DB);
	cfg.nodes[1].max_connections = 1;
	cfg.nodes[1].conn_wait = 500 * SIM_MS;
	add_route("page", constant(0))->queries = 10;
	cfg.routes[0].query = constant(100 * SIM_MS);
	add_workload(SIM_WORKLOAD_CLOSED, 2.0)->think = expo(500 * SIM_MS);
	sim = run(7);
	assert_int_equal(count(sim, "db_refused"), 0);
	assert_int_equal(count(sim, "server_errors"), 0);
	assert_int_equal(count(sim, "db_connections_peak"), 1);
	assert_true(count(sim, "requests") > 50);
	assert_true(metric(sim, "latency_max_ms") > 1500.0);    /* they did overlap */
	sim_destroy(sim);
}

/* ---- timeouts and refusals ------------------------------------------------------------ */

/*
 * An lb that waits 1 s for an app whose every request takes 5 s of CPU: every request
 * ends in a 504. The first writes nginx's line at once; the rest are folded into one
 * summary line with their count.
 */
static void
test_model_lb_timeout_504(void **state)
{
	const struct sim_log_entry *e;
	struct sim *sim;
	long long n;
	char more[64];
	long i;

	(void)state;
	reset_config(120 * SIM_SEC);
	add_lb_with_apps(SIM_LB_ROUND_ROBIN, 1);
	cfg.nodes[0].timeout = 1 * SIM_SEC;
	add_route("page", constant(5 * SIM_SEC));
	add_burst(5.0, 3 * SIM_SEC);
	sim = run(8);

	n = count(sim, "requests");
	assert_true(n > 5);
	assert_int_equal(count(sim, "timeouts"), n);
	assert_int_equal(count(sim, "failed"), n);
	assert_int_equal(count(sim, "completed"), 0);
	assert_true(metric(sim, "error_rate") == 1.0);

	i = log_find(sim, 0, "upstream timed out (110");
	if (i < 0)
		print_log(sim);
	assert_true(i >= 0);
	e = sim_log_get(sim, (size_t)i);
	assert_int_equal(e->level, SIM_ERROR);
	assert_int_equal(e->node, 0);
	assert_string_equal(e->message, "lb: upstream timed out (110: Connection timed out) "
	                    "while reading response header");
	assert_int_equal(log_count(sim, "upstream timed out (110"), 1);
	snprintf(more, sizeof more, "lb: %lld more upstream timeouts (110)", n - 1);
	if (log_find(sim, 0, more) < 0)
		print_log(sim);
	assert_true(log_find(sim, 0, more) >= 0);
	sim_destroy(sim);
}

/*
 * A crashed app does not refuse connections, it never answers: the lb waits its connect
 * timeout, 2 s, and answers 504 "while connecting to upstream".
 */
static void
test_model_lb_connect_timeout_dead_upstream(void **state)
{
	struct sim_fault_cfg *f;
	struct sim *sim;
	long i;

	(void)state;
	reset_config(60 * SIM_SEC);
	add_lb_with_apps(SIM_LB_ROUND_ROBIN, 1);
	cfg.nodes[0].connect_timeout = 2 * SIM_SEC;
	cfg.nodes[1].restart = 10 * 60 * SIM_SEC;
	add_route("page", constant(1 * SIM_MS));
	add_burst(5.0, 3 * SIM_SEC);
	f = &cfg.faults[cfg.n_faults++];
	memset(f, 0, sizeof *f);
	f->kind = SIM_FAULT_CRASH;
	f->node = 1;
	f->at = 0;
	sim = run(9);

	assert_int_equal(count(sim, "crashes"), 1);
	assert_int_equal(count(sim, "timeouts"), count(sim, "requests"));
	assert_true(metric(sim, "latency_max_ms") == 0.0);
	i = log_find(sim, 0, "app1: process crashed");
	assert_true(i >= 0);
	assert_int_equal(sim_log_get(sim, (size_t)i)->level, SIM_FATAL);
	assert_true(log_find(sim, 0, "upstream timed out (110: Connection timed out) while "
	                     "connecting to upstream") >= 0);
	sim_destroy(sim);
}

/*
 * Two workers and a backlog of three: with bursts of 10 s CPU every request that finds
 * five already inside is refused at once with a 502, and the five are served in turn.
 */
static void
test_model_app_backlog_refuses(void **state)
{
	struct sim *sim;
	long long n;
	int app;

	(void)state;
	reset_config(60 * SIM_SEC);
	app = add_node("app", SIM_NODE_APP);
	cfg.nodes[app].cores = 2;
	cfg.nodes[app].workers = 2;
	cfg.nodes[app].backlog = 3;
	cfg.entry = app;
	add_route("page", constant(10 * SIM_SEC));
	add_burst(50.0, 1 * SIM_SEC);
	sim = run(10);

	n = count(sim, "requests");
	assert_true(n > 5);
	assert_int_equal(count(sim, "completed"), 5);
	assert_int_equal(count(sim, "refused"), n - 5);
	/* two served at once, then two more, then the last: 10, 20 and 30 s after arriving */
	assert_true(metric(sim, "latency_max_ms") > 29000.0);
	assert_true(metric(sim, "latency_max_ms") <= 30000.0);
	sim_destroy(sim);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_lb_round_robin_even),
		cmocka_unit_test(test_model_lb_sticky_keeps_user),
		cmocka_unit_test(test_model_sessions_local_logs_out),
		cmocka_unit_test(test_model_sessions_store_keeps_users),
		cmocka_unit_test(test_model_sessions_jwt_keeps_users),
		cmocka_unit_test(test_model_app_oom_first_kill),
		cmocka_unit_test(test_model_app_oom_restarts),
		cmocka_unit_test(test_model_monitor_ram_alone),
		cmocka_unit_test(test_model_stepping_api),
		cmocka_unit_test(test_model_monitor_below_threshold),
		cmocka_unit_test(test_model_monitor_cpu_alone),
		cmocka_unit_test(test_model_monitor_ram_then_cpu),
		cmocka_unit_test(test_model_db_refuses_beyond_max),
		cmocka_unit_test(test_model_db_queues_beyond_max),
		cmocka_unit_test(test_model_db_wait_is_per_wait),
		cmocka_unit_test(test_model_lb_timeout_504),
		cmocka_unit_test(test_model_lb_connect_timeout_dead_upstream),
		cmocka_unit_test(test_model_app_backlog_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
