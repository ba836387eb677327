/* SPDX-License-Identifier: MIT */
/*
 * test_cfg_eras.c: the loader on the talk's later eras. Regions and the network between
 * them, gateways, brokers, CDNs, tables and replicas, breakers, consumers, route steps,
 * direct clients and the new faults, each loaded from small YAML files written into a
 * temporary folder into the fields the engine reads; and each mistake with its exact
 * message, every one of a file reported, nothing loaded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cfg.h"

static char tmpdir[256];

/* ---- helpers ---- */

static void
write_file(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static const char *
tmp_path(const char *name)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return path;
}

/* The message with the temporary folder cut off, so expectations stay readable. */
static const char *
rel(const char *msg)
{
	size_t n = strlen(tmpdir);

	if (strncmp(msg, tmpdir, n) == 0 && msg[n] == '/')
		return msg + n + 1;
	return msg;
}

/* Loads file, which must load; every message is printed when it does not. */
static void
load_ok(const char *file, const struct cfg_set *sets, int n_sets, struct cfg_scenario *sc)
{
	struct cfg_errors errs;
	enum cfg_result rc;

	cfg_errors_init(&errs);
	rc = cfg_scenario_load(tmp_path(file), sets, n_sets, sc, &errs);
	for (int i = 0; i < errs.n; i++)
		print_message("unexpected: %s\n", rel(errs.msgs[i]));
	assert_int_equal(rc, CFG_OK);
	assert_int_equal(errs.n, 0);
	cfg_errors_fini(&errs);
}

/* Loads file and expects exactly these messages, in this order, and nothing loaded. */
static void
load_errors(const char *file, const struct cfg_set *sets, int n_sets,
            const char *const *want, int n)
{
	struct cfg_scenario sc;
	struct cfg_errors errs;

	cfg_errors_init(&errs);
	assert_int_equal(cfg_scenario_load(tmp_path(file), sets, n_sets, &sc, &errs), CFG_EDATA);
	if (errs.n != n) {
		for (int i = 0; i < errs.n; i++)
			print_message("got: %s\n", rel(errs.msgs[i]));
	}
	for (int i = 0; i < errs.n && i < n; i++)
		assert_string_equal(rel(errs.msgs[i]), want[i]);
	assert_int_equal(errs.n, n);
	assert_int_equal(sc.n_variants, 0);
	assert_null(sc.variants);
	cfg_errors_fini(&errs);
}

static int
node_named(const struct sim_config *c, const char *name)
{
	for (int i = 0; i < c->n_nodes; i++) {
		if (strcmp(c->nodes[i].name, name) == 0)
			return i;
	}
	fail_msg("no node called %s", name);
	return -1;
}

static int
route_named(const struct sim_config *c, const char *name)
{
	for (int i = 0; i < c->n_routes; i++) {
		if (strcmp(c->routes[i].name, name) == 0)
			return i;
	}
	fail_msg("no route called %s", name);
	return -1;
}

/* ---- the platform era: every new key, written once ---- */

/*
 * The routes come before the nodes on purpose: steps name nodes, tables and topics that
 * are written later in the file.
 */
static const char platform_era[] =
	"era: 2026_platform\n"
	"year: 2026\n"
	"title: The platform\n"
	"entry: cdn\n"
	"regions: [us, tokyo, singapore]\n"
	"network:\n"
	"  local: {latency: 1ms, bandwidth: 100MB/s}\n"
	"  links:\n"
	"    - {between: [us, tokyo], latency: 60ms}\n"
	"    - {between: [tokyo, singapore], latency: 35ms, bandwidth: 700KB/s}\n"
	"routes:\n"
	"  feed:\n"
	"    steps:\n"
	"      - {cache: feed, store: redis, keys: 5000, zipf: 0.9, ttl: 60s, size: 20KB}\n"
	"      - query: {table: posts, by: user_id}\n"
	"    response: 20KB\n"
	"  post:\n"
	"    steps:\n"
	"      - cpu: exp(5ms)\n"
	"      - query: 200ms\n"
	"      - write: feed\n"
	"      - {publish: post.created, broker: kafka}\n"
	"      - {call: notify, node: notif, timeout: 10s, optional: true}\n"
	"      - cache: feed\n"
	"      - {query: {table: posts}, repeat: 3}\n"
	"    counts: posts_created\n"
	"  notify:\n"
	"    steps: [{sleep: 3200ms}]\n"
	"    fail: 1%\n"
	"    counts: notifications_delivered\n"
	"  pay:\n"
	"    steps:\n"
	"      - charge: 50ms\n"
	"      - {outbox: payment.charged, broker: kafka}\n"
	"      - post: 20ms\n"
	"      - refund: exp(30ms)\n"
	"    session: required\n"
	"    reject: 2%\n"
	"nodes:\n"
	"  cdn:\n"
	"    kind: cdn\n"
	"    origin: gw\n"
	"    edges: [tokyo, singapore]\n"
	"    ttl: 1h\n"
	"    objects: 500\n"
	"  gw:\n"
	"    kind: gateway\n"
	"    region: us\n"
	"    routes: {feed: feed_svc, post: [feed_svc, feed_lb], pay: pay_svc}\n"
	"    rate_limit: {rate: 100/s, burst: 50, per: user}\n"
	"    jwt_cost: 200us\n"
	"    timeout: 30s\n"
	"    policy: least_conn\n"
	"  feed_lb:\n"
	"    kind: lb\n"
	"    upstreams: [feed_svc]\n"
	"  feed_svc:\n"
	"    kind: app\n"
	"    db: db\n"
	"    local_cache: 64MB\n"
	"    instances: 2\n"
	"    autoscale: {min: 2, max: 20, cpu: 70%, delay: 60s}\n"
	"    breaker:\n"
	"      window: time\n"
	"      size: 20\n"
	"      min_calls: 10\n"
	"      failure_rate: 40%\n"
	"      slow_rate: 0.8\n"
	"      slow_call: 2s\n"
	"      wait: 10s\n"
	"      half_open_calls: 3\n"
	"      max_wait_half_open: 5s\n"
	"  pay_svc:\n"
	"    kind: app\n"
	"    db: db\n"
	"    outbox_relay: 250ms\n"
	"    breaker: {size: 5}\n"
	"    jwt_cost: 1ms\n"
	"  notif:\n"
	"    kind: app\n"
	"    region: singapore\n"
	"    consumes:\n"
	"      - broker: kafka\n"
	"        topic: post.created\n"
	"        route: notify\n"
	"        group: notifications\n"
	"        retries: 5\n"
	"        backoff: 2s\n"
	"        idempotent: true\n"
	"      - {broker: kafka, topic: payment.charged, route: notify}\n"
	"      - broker: kafka\n"
	"        topic: payment.charged\n"
	"        route: notify\n"
	"        compensate: audit\n"
	"        commit_interval: 0\n"
	"  kafka:\n"
	"    kind: broker\n"
	"    topics: {post.created: {partitions: 3}, payment.charged: 2, audit: {}}\n"
	"    publish_cost: 2ms\n"
	"    cores: 8\n"
	"  db:\n"
	"    kind: db\n"
	"    tables:\n"
	"      posts: {rows: 2000000, indexes: [user_id, created_at]}\n"
	"      users: {rows: 5000}\n"
	"    scan_rate: 5000000/s\n"
	"    lookup_cost: 30us\n"
	"    replicas: [db_asia]\n"
	"    cap: ap\n"
	"  db_asia:\n"
	"    kind: db\n"
	"    region: tokyo\n"
	"    cap: cp\n"
	"  redis:\n"
	"    kind: cache\n"
	"    memory: 64MB\n";

static void
test_cfg_eras_bandwidth(void **state)
{
	static const char *const bad[][2] = {
		{ "100MB", "a bandwidth like 100MB/s or 700KB/s" },
		{ "100/s", "a bandwidth like 100MB/s or 700KB/s" },
		{ "5MB/min", "a bandwidth like 100MB/s or 700KB/s" },
		{ "5mb/s", "a bandwidth like 100MB/s or 700KB/s" },
		{ "fast", "a bandwidth like 100MB/s or 700KB/s" },
		{ "/s", "a bandwidth like 100MB/s or 700KB/s" },
		{ "-5MB/s", "a bandwidth that is not negative" },
	};
	double v;
	char why[128];

	assert_int_equal(cfg_parse_bandwidth("100MB/s", &v, why, sizeof(why)), 0);
	assert_true(v == 100e6);
	assert_int_equal(cfg_parse_bandwidth("700KB/s", &v, why, sizeof(why)), 0);
	assert_true(v == 700e3);
	assert_int_equal(cfg_parse_bandwidth("1GiB/s", &v, why, sizeof(why)), 0);
	assert_true(v == 1073741824.0);
	assert_int_equal(cfg_parse_bandwidth("1.5MB / s", &v, why, sizeof(why)), 0);
	assert_true(v == 1.5e6);
	assert_int_equal(cfg_parse_bandwidth("0", &v, why, sizeof(why)), 0);
	assert_true(v == 0);
	assert_int_equal(cfg_parse_bandwidth("0/s", &v, why, sizeof(why)), 0);
	assert_true(v == 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 77;
		why[0] = 0;
		assert_int_equal(cfg_parse_bandwidth(bad[i][0], &v, why, sizeof(why)), -1);
		assert_string_equal(why, bad[i][1]);
		assert_true(v == 77);
	}
}

static void
test_cfg_eras_regions_network(void **state)
{
	struct cfg_scenario sc;
	const struct sim_config *c;

	write_file("platform.yaml", platform_era);
	load_ok("platform.yaml", NULL, 0, &sc);
	c = &sc.variants[0].cfg;
	assert_int_equal(c->n_regions, 3);
	assert_string_equal(c->regions[0], "us");
	assert_string_equal(c->regions[2], "singapore");
	assert_int_equal(c->region_latency, SIM_MS);
	assert_true(c->region_bandwidth == 100e6);
	assert_int_equal(c->n_links, 2);
	assert_int_equal(c->links[0].a, 0);
	assert_int_equal(c->links[0].b, 1);
	assert_int_equal(c->links[0].latency, 60 * SIM_MS);
	assert_true(c->links[0].bandwidth == 0);
	assert_int_equal(c->links[1].a, 1);
	assert_int_equal(c->links[1].b, 2);
	assert_int_equal(c->links[1].latency, 35 * SIM_MS);
	assert_true(c->links[1].bandwidth == 700e3);
	/* a region where one is given, -1 elsewhere */
	assert_int_equal(c->nodes[node_named(c, "gw")].region, 0);
	assert_int_equal(c->nodes[node_named(c, "notif")].region, 2);
	assert_int_equal(c->nodes[node_named(c, "db_asia")].region, 1);
	assert_int_equal(c->nodes[node_named(c, "redis")].region, -1);
	assert_int_equal(c->entry, node_named(c, "cdn"));
	cfg_scenario_fini(&sc);
}

static void
test_cfg_eras_gateway(void **state)
{
	struct cfg_scenario sc;
	const struct sim_config *c;
	const struct sim_node_cfg *gw;

	write_file("platform.yaml", platform_era);
	load_ok("platform.yaml", NULL, 0, &sc);
	c = &sc.variants[0].cfg;
	gw = &c->nodes[node_named(c, "gw")];
	assert_int_equal(gw->kind, SIM_NODE_GATEWAY);
	assert_int_equal(gw->n_upstreams, 0);
	assert_int_equal(gw->n_route_map, 3);
	assert_int_equal(gw->route_map[0].route, route_named(c, "feed"));
	assert_int_equal(gw->route_map[0].n_upstreams, 1);
	assert_int_equal(gw->route_map[0].upstreams[0], node_named(c, "feed_svc"));
	assert_int_equal(gw->route_map[1].route, route_named(c, "post"));
	assert_int_equal(gw->route_map[1].n_upstreams, 2);
	assert_int_equal(gw->route_map[1].upstreams[1], node_named(c, "feed_lb"));
	assert_int_equal(gw->route_map[2].route, route_named(c, "pay"));
	assert_true(gw->rate_limit == 100);
	assert_int_equal(gw->rate_burst, 50);
	assert_int_equal(gw->limit_scope, SIM_LIMIT_USER);
	assert_int_equal(gw->jwt_cost, 200);
	assert_int_equal(gw->timeout, 30 * SIM_SEC);
	assert_int_equal(gw->policy, SIM_LB_LEAST_CONN);
	/* the lb defaults a gateway shares */
	assert_int_equal(gw->connect_timeout, 60 * SIM_SEC);
	assert_int_equal(gw->fall, 2);
	cfg_scenario_fini(&sc);
}

static void
test_cfg_eras_broker_cdn(void **state)
{
	struct cfg_scenario sc;
	const struct sim_config *c;
	const struct sim_node_cfg *kafka, *cdn;

	write_file("platform.yaml", platform_era);
	load_ok("platform.yaml", NULL, 0, &sc);
	c = &sc.variants[0].cfg;
	kafka = &c->nodes[node_named(c, "kafka")];
	assert_int_equal(kafka->kind, SIM_NODE_BROKER);
	assert_int_equal(kafka->n_topics, 3);
	assert_string_equal(kafka->topics[0].name, "post.created");
	assert_int_equal(kafka->topics[0].partitions, 3);
	assert_string_equal(kafka->topics[1].name, "payment.charged");
	assert_int_equal(kafka->topics[1].partitions, 2);
	assert_int_equal(kafka->topics[2].partitions, 1);
	assert_int_equal(kafka->publish_cost, 2 * SIM_MS);
	assert_int_equal(kafka->cores, 8);

	cdn = &c->nodes[node_named(c, "cdn")];
	assert_int_equal(cdn->kind, SIM_NODE_CDN);
	assert_int_equal(cdn->origin, node_named(c, "gw"));
	assert_int_equal(cdn->n_edges, 2);
	assert_int_equal(cdn->edges[0], 1);
	assert_int_equal(cdn->edges[1], 2);
	assert_int_equal(cdn->object_ttl, 3600 * SIM_SEC);
	assert_int_equal(cdn->objects, 500);
	cfg_scenario_fini(&sc);
}

static void
test_cfg_eras_db_cache(void **state)
{
	struct cfg_scenario sc;
	const struct sim_config *c;
	const struct sim_node_cfg *db, *asia, *redis;

	write_file("platform.yaml", platform_era);
	load_ok("platform.yaml", NULL, 0, &sc);
	c = &sc.variants[0].cfg;
	db = &c->nodes[node_named(c, "db")];
	assert_int_equal(db->n_tables, 2);
	assert_string_equal(db->tables[0].name, "posts");
	assert_int_equal(db->tables[0].rows, 2000000);
	assert_int_equal(db->tables[0].n_indexes, 2);
	assert_string_equal(db->tables[0].indexes[1], "created_at");
	assert_string_equal(db->tables[1].name, "users");
	assert_int_equal(db->tables[1].n_indexes, 0);
	assert_true(db->scan_rate == 5e6);
	assert_int_equal(db->lookup_cost, 30);
	assert_int_equal(db->n_replicas, 1);
	assert_int_equal(db->replicas[0], node_named(c, "db_asia"));
	assert_int_equal(db->cap, SIM_CAP_AP);

	/* what a db that says nothing of them starts from */
	asia = &c->nodes[node_named(c, "db_asia")];
	assert_int_equal(asia->cap, SIM_CAP_CP);
	assert_int_equal(asia->n_tables, 0);
	assert_int_equal(asia->n_replicas, 0);
	assert_true(asia->scan_rate == 2.5e6);
	assert_int_equal(asia->lookup_cost, 20);

	redis = &c->nodes[node_named(c, "redis")];
	assert_int_equal(redis->memory, 64000000);
	assert_int_equal(redis->op_cost, 100);
	cfg_scenario_fini(&sc);
}

static void
test_cfg_eras_app(void **state)
{
	struct cfg_scenario sc;
	const struct sim_config *c;
	const struct sim_node_cfg *feed, *pay, *notif;

	write_file("platform.yaml", platform_era);
	load_ok("platform.yaml", NULL, 0, &sc);
	c = &sc.variants[0].cfg;
	feed = &c->nodes[node_named(c, "feed_svc")];
	assert_int_equal(feed->local_cache, 64000000);
	assert_int_equal(feed->instances, 2);
	assert_int_equal(feed->autoscale_min, 2);
	assert_int_equal(feed->autoscale_max, 20);
	assert_true(feed->autoscale_cpu == 0.7);
	assert_int_equal(feed->autoscale_delay, 60 * SIM_SEC);
	assert_int_equal(feed->outbox_relay, 0);
	assert_int_equal(feed->breaker.enabled, 1);
	assert_int_equal(feed->breaker.window, SIM_WINDOW_TIME);
	assert_int_equal(feed->breaker.window_size, 20);
	assert_int_equal(feed->breaker.min_calls, 10);
	assert_true(feed->breaker.failure_rate == 0.4);
	assert_true(feed->breaker.slow_rate == 0.8);
	assert_int_equal(feed->breaker.slow_call, 2 * SIM_SEC);
	assert_int_equal(feed->breaker.wait_open, 10 * SIM_SEC);
	assert_int_equal(feed->breaker.half_open_calls, 3);
	assert_int_equal(feed->breaker.max_wait_half_open, 5 * SIM_SEC);

	/* a breaker that gives one key keeps the others' defaults */
	pay = &c->nodes[node_named(c, "pay_svc")];
	assert_int_equal(pay->outbox_relay, 1);
	assert_int_equal(pay->relay_interval, 250 * SIM_MS);
	assert_int_equal(pay->breaker.enabled, 1);
	assert_int_equal(pay->breaker.window, SIM_WINDOW_COUNT);
	assert_int_equal(pay->breaker.window_size, 5);
	assert_int_equal(pay->breaker.min_calls, 100);
	assert_true(pay->breaker.failure_rate == 0.5);
	assert_int_equal(pay->breaker.wait_open, 60 * SIM_SEC);
	assert_int_equal(pay->jwt_cost, SIM_MS);
	assert_int_equal(pay->instances, 1);
	assert_int_equal(pay->autoscale_max, 0);

	notif = &c->nodes[node_named(c, "notif")];
	assert_int_equal(notif->breaker.enabled, 0);
	assert_int_equal(notif->local_cache, 0);
	assert_int_equal(notif->n_consumes, 3);
	assert_int_equal(notif->consumes[0].broker, node_named(c, "kafka"));
	assert_int_equal(notif->consumes[0].topic, 0);
	assert_int_equal(notif->consumes[0].route, route_named(c, "notify"));
	assert_string_equal(notif->consumes[0].group, "notifications");
	assert_int_equal(notif->consumes[0].retries, 5);
	assert_int_equal(notif->consumes[0].backoff, 2 * SIM_SEC);
	assert_int_equal(notif->consumes[0].idempotent, 1);
	/* the defaults: the app's name as the group, 3 retries from 1 s */
	assert_int_equal(notif->consumes[1].topic, 1);
	assert_string_equal(notif->consumes[1].group, "notif");
	assert_int_equal(notif->consumes[1].retries, 3);
	assert_int_equal(notif->consumes[1].backoff, SIM_SEC);
	assert_int_equal(notif->consumes[1].idempotent, 0);
	assert_int_equal(notif->consumes[1].compensate, -1);
	assert_int_equal(notif->consumes[1].commit_interval, 5 * SIM_SEC);
	/* a parked message tells another topic of the same broker; 0 commits every message */
	assert_int_equal(notif->consumes[2].compensate, 2);
	assert_int_equal(notif->consumes[2].commit_interval, 0);
	cfg_scenario_fini(&sc);
}

static void
test_cfg_eras_steps(void **state)
{
	struct cfg_scenario sc;
	const struct sim_config *c;
	const struct sim_route_cfg *feed, *post, *notify, *pay;

	write_file("platform.yaml", platform_era);
	load_ok("platform.yaml", NULL, 0, &sc);
	c = &sc.variants[0].cfg;
	feed = &c->routes[route_named(c, "feed")];
	assert_int_equal(feed->n_steps, 2);
	assert_int_equal(feed->steps[0].kind, SIM_STEP_CACHE);
	assert_string_equal(feed->steps[0].space, "feed");
	assert_int_equal(feed->steps[0].node, node_named(c, "redis"));
	assert_int_equal(feed->steps[0].keys, 5000);
	assert_true(feed->steps[0].zipf == 0.9);
	assert_int_equal(feed->steps[0].ttl, 60 * SIM_SEC);
	assert_int_equal(feed->steps[0].size, 20000);
	assert_int_equal(feed->steps[0].pos.line, 14);
	assert_int_equal(feed->steps[0].pos.col, 9);
	assert_int_equal(feed->steps[1].kind, SIM_STEP_QUERY);
	assert_string_equal(feed->steps[1].table, "posts");
	assert_string_equal(feed->steps[1].by, "user_id");
	assert_int_equal(feed->response, 20000);
	assert_int_equal(feed->queries, 0);

	post = &c->routes[route_named(c, "post")];
	assert_int_equal(post->n_steps, 7);
	assert_int_equal(post->steps[0].kind, SIM_STEP_CPU);
	assert_int_equal(post->steps[0].cost.kind, SIM_DIST_EXP);
	assert_true(post->steps[0].cost.a == 5000);
	assert_int_equal(post->steps[1].kind, SIM_STEP_QUERY);
	assert_true(post->steps[1].cost.a == 200000);
	assert_string_equal(post->steps[1].table, "");
	assert_int_equal(post->steps[2].kind, SIM_STEP_WRITE);
	assert_string_equal(post->steps[2].space, "feed");
	assert_int_equal(post->steps[2].keys, 1);
	assert_true(post->steps[2].zipf == 1.0);
	assert_int_equal(post->steps[3].kind, SIM_STEP_PUBLISH);
	assert_int_equal(post->steps[3].node, node_named(c, "kafka"));
	assert_int_equal(post->steps[3].topic, 0);
	assert_int_equal(post->steps[4].kind, SIM_STEP_CALL);
	assert_int_equal(post->steps[4].route, route_named(c, "notify"));
	assert_int_equal(post->steps[4].node, node_named(c, "notif"));
	assert_int_equal(post->steps[4].timeout, 10 * SIM_SEC);
	assert_int_equal(post->steps[4].optional, 1);
	/* the step defaults: the app's local cache, no route, no topic, one key */
	assert_int_equal(post->steps[5].kind, SIM_STEP_CACHE);
	assert_int_equal(post->steps[5].node, -1);
	assert_int_equal(post->steps[5].route, -1);
	assert_int_equal(post->steps[5].topic, -1);
	assert_int_equal(post->steps[5].keys, 1);
	assert_int_equal(post->steps[5].timeout, 0);
	assert_int_equal(post->steps[5].optional, 0);
	assert_string_equal(post->steps[6].by, "");
	assert_int_equal(post->steps[6].repeat, 3);
	assert_int_equal(post->steps[1].repeat, 0);
	assert_string_equal(post->counts, "posts_created");
	assert_true(post->fail == 0);

	notify = &c->routes[route_named(c, "notify")];
	assert_int_equal(notify->n_steps, 1);
	assert_int_equal(notify->steps[0].kind, SIM_STEP_SLEEP);
	assert_true(notify->steps[0].cost.a == 3200000);
	assert_true(notify->fail == 0.01);
	assert_string_equal(notify->counts, "notifications_delivered");

	pay = &c->routes[route_named(c, "pay")];
	assert_int_equal(pay->steps[0].kind, SIM_STEP_CHARGE);
	assert_true(pay->steps[0].cost.a == 50000);
	assert_int_equal(pay->steps[1].kind, SIM_STEP_OUTBOX);
	assert_int_equal(pay->steps[1].node, node_named(c, "kafka"));
	assert_int_equal(pay->steps[1].topic, 1);
	assert_int_equal(pay->steps[2].kind, SIM_STEP_POST);
	assert_true(pay->steps[2].cost.a == 20000);
	assert_int_equal(pay->steps[3].kind, SIM_STEP_REFUND);
	assert_int_equal(pay->steps[3].cost.kind, SIM_DIST_EXP);
	assert_true(pay->reject == 0.02);
	assert_true(post->reject == 0);
	assert_int_equal(pay->needs_session, 1);
	assert_int_equal(pay->response, 0);
	cfg_scenario_fini(&sc);
}

static const char platform_scenario[] =
	"scenario: platform\n"
	"title: A night on the platform\n"
	"year: 2026\n"
	"era: platform.yaml\n"
	"duration: 10m\n"
	"workloads:\n"
	"  app:\n"
	"    kind: open\n"
	"    rate: 10/s\n"
	"    routes: {feed: 0.9, pay: 0.1}\n"
	"    region: tokyo\n"
	"    retry: {times: 2, backoff: 2s}\n"
	"    idempotency: true\n"
	"    direct: {feed: feed_svc, pay: [pay_svc], post: feed_svc}\n"
	"  web:\n"
	"    kind: closed\n"
	"    users: 10\n"
	"    routes: feed\n"
	"    retry: {times: 1}\n"
	"    entry: gw\n"
	"faults:\n"
	"  - {at: 1m, kind: crash, node: notif}\n"
	"  - {at: 1m, kind: slow, node: db, factor: 3}\n"
	"  - {at: 1m, kind: errors, node: pay_svc, rate: 5%, for: 1m}\n"
	"  - {at: 1m, kind: down, node: notif, for: 1m}\n"
	"  - {at: 1m, kind: hang, node: notif, hold: 1500ms, for: 1m}\n"
	"  - {at: 1m, kind: move, node: pay_svc}\n"
	"  - {at: 1m, kind: partition, regions: [singapore, tokyo], for: 1m}\n"
	"  - {at: 1m, kind: region_loss, region: singapore, for: 1m}\n"
	"  - {at: 1m, kind: deploy, node: notif, route: notify, factor: 10, for: 2h}\n"
	"expect: [refunds == dlq, requests > 10, charged_without_post <= posts_created]\n"
	"variants:\n"
	"  pain:\n"
	"    set:\n"
	"      nodes.feed_svc.breaker.enabled: false\n"
	"      routes.notify: {cpu: 1ms}\n"
	"  fix:\n"
	"    set:\n"
	"      nodes.db.tables.posts.indexes: [user_id]\n"
	"      nodes.pay_svc.breaker: {window: time, size: 30}\n"
	"      routes.notify.steps: [{sleep: 1s}, {call: pay, node: gw}]\n"
	"      routes.feed.steps.0.keys: 100\n"
	"      nodes.gw.rate_limit.per: global\n"
	"      faults.6.regions: [us, tokyo]\n";

static void
test_cfg_eras_workloads(void **state)
{
	struct cfg_scenario sc;
	const struct sim_config *c;
	const struct sim_workload_cfg *app, *web;

	write_file("platform.yaml", platform_era);
	write_file("s.yaml", platform_scenario);
	load_ok("s.yaml", NULL, 0, &sc);
	c = &sc.variants[0].cfg;
	app = &c->workloads[0];
	assert_int_equal(app->region, 1);
	assert_int_equal(app->retries, 2);
	assert_int_equal(app->retry_backoff, 2 * SIM_SEC);
	assert_int_equal(app->idempotency, 1);
	assert_int_equal(app->direct, 1);
	assert_int_equal(app->n_targets, 3);
	assert_int_equal(app->targets[0].route, route_named(c, "feed"));
	assert_int_equal(app->targets[0].upstreams[0], node_named(c, "feed_svc"));
	assert_int_equal(app->targets[1].route, route_named(c, "pay"));
	assert_int_equal(app->targets[1].n_upstreams, 1);
	assert_int_equal(app->targets[1].upstreams[0], node_named(c, "pay_svc"));

	/* what a workload says nothing of */
	web = &c->workloads[1];
	assert_int_equal(web->region, -1);
	assert_int_equal(web->retries, 1);
	assert_int_equal(web->retry_backoff, 0);
	assert_int_equal(web->idempotency, 0);
	assert_int_equal(web->direct, 0);
	assert_int_equal(web->n_targets, 0);
	assert_int_equal(web->entry, node_named(c, "gw"));

	/* a claim may compare two metrics */
	assert_int_equal(sc.variants[0].n_claims, 3);
	assert_string_equal(sc.variants[0].claims[0].metric, "refunds");
	assert_int_equal(sc.variants[0].claims[0].op, SIM_OP_EQ);
	assert_string_equal(sc.variants[0].claims[0].rhs, "dlq");
	assert_string_equal(sc.variants[0].claims[1].rhs, "");
	assert_true(sc.variants[0].claims[1].value == 10);
	assert_string_equal(sc.variants[0].claims[2].rhs, "posts_created");
	assert_int_equal(sc.variants[0].claims[2].op, SIM_OP_LE);
	cfg_scenario_fini(&sc);
}

static void
test_cfg_eras_faults(void **state)
{
	struct cfg_scenario sc;
	const struct sim_config *c;
	const struct sim_fault_cfg *f;

	write_file("platform.yaml", platform_era);
	write_file("s.yaml", platform_scenario);
	load_ok("s.yaml", NULL, 0, &sc);
	c = &sc.variants[0].cfg;
	f = c->faults;
	assert_int_equal(c->n_faults, 9);
	for (int i = 0; i < 9; i++)
		assert_int_equal(f[i].kind, (enum sim_fault_kind)i);
	assert_int_equal(f[0].node, node_named(c, "notif"));
	assert_int_equal(f[0].duration, SIM_TIME_MAX);
	assert_int_equal(f[0].route, -1);
	assert_int_equal(f[0].region, -1);
	assert_int_equal(f[1].duration, SIM_TIME_MAX);
	assert_true(f[1].value == 3);
	assert_true(f[2].value == 0.05);
	assert_int_equal(f[2].duration, 60 * SIM_SEC);
	assert_int_equal(f[3].duration, 60 * SIM_SEC);
	assert_true(f[4].value == 1.5);
	assert_int_equal(f[5].node, node_named(c, "pay_svc"));
	assert_int_equal(f[5].duration, SIM_TIME_MAX);
	assert_int_equal(f[6].node, -1);
	assert_int_equal(f[6].region, 2);
	assert_int_equal(f[6].region2, 1);
	assert_int_equal(f[7].region, 2);
	assert_int_equal(f[7].region2, -1);
	assert_int_equal(f[7].node, -1);
	assert_int_equal(f[8].route, route_named(c, "notify"));
	assert_true(f[8].value == 10);
	assert_int_equal(f[8].duration, 7200 * SIM_SEC);
	assert_int_equal(f[8].at, 60 * SIM_SEC);
	cfg_scenario_fini(&sc);
}

/* Set paths reach into the new keys: a table's indexes, a breaker, a route's steps. */
static void
test_cfg_eras_sets(void **state)
{
	static const struct cfg_set cli[] = {
		{ "nodes.kafka.topics", "{post.created: 6, payment.charged: 1, audit: 2}" },
		{ "nodes.notif.consumes.0.retries", "0" },
		{ "regions", "[us, tokyo, singapore, eu]" },
	};
	struct cfg_scenario sc;
	const struct sim_config *pain, *fix;
	const struct sim_route_cfg *notify;

	write_file("platform.yaml", platform_era);
	write_file("s.yaml", platform_scenario);
	load_ok("s.yaml", cli, 3, &sc);
	pain = &sc.variants[0].cfg;
	fix = &sc.variants[1].cfg;
	assert_int_equal(pain->nodes[node_named(pain, "feed_svc")].breaker.enabled, 0);
	/* the rest of a breaker turned off is still what the era says */
	assert_int_equal(pain->nodes[node_named(pain, "feed_svc")].breaker.window_size, 20);
	/* a whole route replaced turns steps back into cpu */
	notify = &pain->routes[route_named(pain, "notify")];
	assert_int_equal(notify->n_steps, 0);
	assert_true(notify->cpu.a == 1000);
	assert_string_equal(notify->counts, "");
	assert_int_equal(pain->nodes[node_named(pain, "db")].tables[0].n_indexes, 2);

	assert_int_equal(fix->nodes[node_named(fix, "db")].tables[0].n_indexes, 1);
	assert_string_equal(fix->nodes[node_named(fix, "db")].tables[0].indexes[0], "user_id");
	assert_int_equal(fix->nodes[node_named(fix, "pay_svc")].breaker.window, SIM_WINDOW_TIME);
	assert_int_equal(fix->nodes[node_named(fix, "pay_svc")].breaker.window_size, 30);
	notify = &fix->routes[route_named(fix, "notify")];
	assert_int_equal(notify->n_steps, 2);
	assert_true(notify->steps[0].cost.a == 1000000);
	assert_int_equal(notify->steps[1].route, route_named(fix, "pay"));
	assert_int_equal(notify->steps[1].node, node_named(fix, "gw"));
	assert_true(notify->fail == 0.01);
	assert_int_equal(fix->routes[route_named(fix, "feed")].steps[0].keys, 100);
	assert_int_equal(fix->nodes[node_named(fix, "gw")].limit_scope, SIM_LIMIT_GLOBAL);
	assert_int_equal(fix->faults[6].region, 0);
	assert_int_equal(fix->faults[6].region2, 1);

	for (int v = 0; v < 2; v++) {
		const struct sim_config *c = &sc.variants[v].cfg;
		const struct sim_node_cfg *kafka = &c->nodes[node_named(c, "kafka")];

		assert_int_equal(kafka->n_topics, 3);
		assert_int_equal(kafka->topics[0].partitions, 6);
		assert_int_equal(c->nodes[node_named(c, "notif")].consumes[0].retries, 0);
		assert_int_equal(c->n_regions, 4);
		assert_string_equal(c->regions[3], "eu");
	}
	cfg_scenario_fini(&sc);
}

/* An era from the 2007 chapters says nothing of the new keys and gets their defaults. */
static void
test_cfg_eras_old_era_defaults(void **state)
{
	static const char era[] =
		"era: e\n"
		"year: 2007\n"
		"title: E\n"
		"entry: app\n"
		"nodes:\n"
		"  app: {kind: app, db: db}\n"
		"  db: {kind: db}\n"
		"  redis: {kind: cache}\n"
		"routes:\n"
		"  page: {cpu: 10ms, queries: 2, query: 1ms}\n";
	struct cfg_scenario sc;
	const struct sim_config *c;

	write_file("old.yaml", era);
	load_ok("old.yaml", NULL, 0, &sc);
	c = &sc.variants[0].cfg;
	assert_int_equal(c->n_regions, 0);
	assert_int_equal(c->n_links, 0);
	assert_int_equal(c->region_latency, 0);
	assert_true(c->region_bandwidth == 0);
	for (int i = 0; i < c->n_nodes; i++) {
		assert_int_equal(c->nodes[i].region, -1);
		assert_int_equal(c->nodes[i].origin, -1);
		assert_int_equal(c->nodes[i].breaker.enabled, 0);
		assert_int_equal(c->nodes[i].n_consumes, 0);
	}
	assert_int_equal(c->nodes[0].instances, 1);
	assert_int_equal(c->nodes[0].outbox_relay, 0);
	assert_int_equal(c->nodes[2].memory, 1ULL << 30);
	assert_int_equal(c->routes[0].n_steps, 0);
	assert_int_equal(c->routes[0].queries, 2);
	assert_int_equal(c->routes[0].response, 0);
	assert_int_equal(c->workloads[0].region, -1);
	cfg_scenario_fini(&sc);
}

/* A variant may run on an era of its own: the synchronous chain, then the events. */
static void
test_cfg_eras_variant_era(void **state)
{
	static const char sync_era[] =
		"era: sync\n"
		"year: 2011\n"
		"title: Sync\n"
		"entry: app\n"
		"nodes:\n"
		"  app: {kind: app}\n"
		"routes:\n"
		"  publish: {steps: [{sleep: 9s}]}\n";
	static const char scen[] =
		"scenario: s\n"
		"title: S\n"
		"year: 2011\n"
		"era: sync.yaml\n"
		"duration: 1m\n"
		"workloads:\n"
		"  w: {kind: open, rate: 1/s, routes: publish}\n"
		"variants:\n"
		"  pain: {}\n"
		"  fix:\n"
		"    era: platform.yaml\n"
		"    set: {nodes.kafka.cores: 2}\n";
	static const char *const want[] = {
		"s.yaml:11:10: variants.fix.era: cannot load 'gone.yaml'",
		"gone.yaml: cannot open: No such file or directory",
	};
	struct cfg_scenario sc;
	struct cfg_errors errs;
	const struct sim_config *fix;

	/* the workloads are bound against each variant's era: the platform has no publish */
	write_file("sync.yaml", sync_era);
	write_file("platform.yaml", platform_era);
	write_file("s.yaml", scen);
	cfg_errors_init(&errs);
	assert_int_equal(cfg_scenario_load(tmp_path("s.yaml"), NULL, 0, &sc, &errs), CFG_EDATA);
	assert_int_equal(errs.n, 1);
	assert_string_equal(rel(errs.msgs[0]),
	                    "s.yaml:7:38: workloads.w.routes: no route called 'publish'");
	cfg_errors_fini(&errs);

	write_file("s.yaml", "scenario: s\ntitle: S\nyear: 2011\nera: sync.yaml\nduration: 1m\n"
	           "workloads:\n  w: {kind: open, rate: 1/s, routes: {notify: 1}}\n"
	           "variants:\n  pain: {set: {routes.notify: {cpu: 1ms}}}\n  fix:\n"
	           "    era: platform.yaml\n    set: {nodes.kafka.cores: 2}\n");
	load_ok("s.yaml", NULL, 0, &sc);
	assert_string_equal(rel(sc.era_path), "sync.yaml");
	assert_string_equal(rel(sc.variants[0].era_path), "sync.yaml");
	assert_string_equal(rel(sc.variants[1].era_path), "platform.yaml");
	assert_string_equal(sc.variants[0].cfg.era_name, "sync");
	fix = &sc.variants[1].cfg;
	assert_string_equal(fix->era_name, "2026_platform");
	assert_int_equal(fix->nodes[node_named(fix, "kafka")].cores, 2);
	assert_int_equal(fix->workloads[0].routes[0], route_named(fix, "notify"));
	cfg_scenario_fini(&sc);

	/* an era that is not there is a file that cannot be opened, as for the scenario's */
	write_file("s.yaml", "scenario: s\ntitle: S\nyear: 2011\nera: sync.yaml\nduration: 1m\n"
	           "workloads:\n  w: {kind: open, rate: 1/s, routes: publish}\n"
	           "variants:\n  pain: {}\n  fix:\n    era: gone.yaml\n");
	cfg_errors_init(&errs);
	assert_int_equal(cfg_scenario_load(tmp_path("s.yaml"), NULL, 0, &sc, &errs), CFG_EOPEN);
	assert_int_equal(errs.n, 2);
	assert_string_equal(rel(errs.msgs[0]), want[0]);
	assert_string_equal(rel(errs.msgs[1]), want[1]);
	assert_int_equal(sc.n_variants, 0);
	cfg_errors_fini(&errs);
}

/* An era alone runs every route it has, as far as a workload's mix can hold them. */
static void
test_cfg_eras_alone_many_routes(void **state)
{
	char text[4096];
	size_t n = 0;
	struct cfg_scenario sc;

	n += (size_t)snprintf(text + n, sizeof(text) - n, "era: e\nyear: 2014\ntitle: E\n"
	                      "entry: app\nnodes:\n  app: {kind: app}\nroutes:\n");
	for (int i = 0; i < SIM_MAX_MIX + 3; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "  r%d: {cpu: 1ms}\n", i);
	write_file("many.yaml", text);
	load_ok("many.yaml", NULL, 0, &sc);
	assert_int_equal(sc.variants[0].cfg.n_routes, SIM_MAX_MIX + 3);
	assert_int_equal(sc.variants[0].cfg.workloads[0].n_routes, SIM_MAX_MIX);
	cfg_scenario_fini(&sc);
}

/* Loads a shipped file by its path in the repository; it must load. */
static void
load_shipped(const char *file, struct cfg_scenario *sc)
{
	char path[1024];
	struct cfg_errors errs;

	snprintf(path, sizeof(path), "%s/%s", TEST_DATADIR, file);
	cfg_errors_init(&errs);
	assert_int_equal(cfg_scenario_load(path, NULL, 0, sc, &errs), CFG_OK);
	cfg_errors_fini(&errs);
}

/* The names of workload w's routes, in its mix's order, joined by spaces. */
static const char *
mix_names(const struct sim_config *c, int w, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int k = 0; k < c->workloads[w].n_routes && n < len; k++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", k ? " " : "",
		                      c->routes[c->workloads[w].routes[k]].name);
	return buf;
}

/*
 * The 2026 platform alone: its gateways route login, feed, post and pay, and media, which
 * no gateway routes, is fetched from the CDN by a workload of its own, so the CDN and
 * object storage carry traffic on the era's slide; 5 requests a second in all, a fifth of
 * them media, the rest split between the two regions with a gateway (asia holds only a
 * replica), so that both serve on the era's slide. The 2017 era has a gateway but no CDN:
 * its refund route stays unsent.
 */
static void
test_cfg_eras_alone_media_through_cdn(void **state)
{
	struct cfg_scenario sc;
	const struct sim_config *c;
	char names[256];

	(void)state;
	load_shipped("eras/2026_platform.yaml", &sc);
	c = &sc.variants[0].cfg;
	assert_int_equal(c->n_workloads, 3);
	for (int w = 0; w < 2; w++) {
		assert_string_equal(c->workloads[w].name, w == 0 ? "default_us" : "default_eu");
		assert_string_equal(c->regions[c->workloads[w].region], w == 0 ? "us" : "eu");
		assert_string_equal(mix_names(c, w, names, sizeof(names)), "login feed post pay");
		assert_int_equal(c->workloads[w].entry, -1);
		assert_true(c->workloads[w].level.base == 2.0);
	}
	assert_string_equal(c->workloads[2].name, "media");
	assert_string_equal(mix_names(c, 2, names, sizeof(names)), "media");
	assert_true(c->workloads[2].entry >= 0);
	assert_string_equal(c->nodes[c->workloads[2].entry].name, "cdn");
	assert_true(c->workloads[2].level.base == 1.0);
	cfg_scenario_fini(&sc);

	load_shipped("eras/2017_distributed.yaml", &sc);
	c = &sc.variants[0].cfg;
	assert_int_equal(c->n_workloads, 1);
	assert_true(c->workloads[0].level.base == 5.0);
	assert_null(strstr(mix_names(c, 0, names, sizeof(names)), "refund"));
	cfg_scenario_fini(&sc);
}

/* ---- mistakes: every one of a file, each with its place and exact words ---- */

static void
test_cfg_eras_network_errors(void **state)
{
	static const char era[] =
		"era: e\n"
		"year: 2026\n"
		"title: E\n"
		"entry: app\n"
		"regions: [us, tokyo, us, a.b]\n"
		"network:\n"
		"  local: {latency: 1ms, bandwidth: 100MB}\n"
		"  links:\n"
		"    - {between: [us, tokio], latency: 35ms}\n"
		"    - {between: [us, us], latency: 1ms}\n"
		"    - {between: [tokyo, us], latency: 1ms, bandwidth: -1MB/s}\n"
		"    - {between: [us, tokyo], latency: 2ms}\n"
		"    - {between: us}\n"
		"  wan: fast\n"
		"nodes:\n"
		"  app: {kind: app, region: mars}\n"
		"  cdn: {kind: cdn, origin: app, edges: tokyo}\n"
		"routes:\n"
		"  page: {cpu: 1ms}\n";
	static const char *const want[] = {
		"e.yaml:5:22: regions: 'us' is listed twice",
		"e.yaml:5:26: regions: 'a.b' is not a valid name (letters, digits, _ and - only)",
		("e.yaml:7:36: network.local.bandwidth: expected a bandwidth like 100MB/s or "
		 "700KB/s, got '100MB'"),
		("e.yaml:9:22: network.links[0].between: no region called 'tokio' "
		 "(did you mean 'tokyo'?)"),
		("e.yaml:10:22: network.links[1].between: expected two different regions, got "
		 "'us' twice"),
		("e.yaml:11:55: network.links[2].bandwidth: expected a bandwidth that is not "
		 "negative, got '-1MB/s'"),
		("e.yaml:12:7: network.links[3]: us and tokyo are already linked by "
		 "network.links[2]"),
		"e.yaml:13:7: network.links[4]: missing required key 'latency'",
		("e.yaml:13:17: network.links[4].between: expected two regions, like [us, "
		 "eu], got 'us'"),
		"e.yaml:14:3: unknown key 'wan' in network",
		"e.yaml:16:28: nodes.app.region: no region called 'mars'",
		("e.yaml:17:40: nodes.cdn.edges: expected a list of regions, like [tokyo, "
		 "singapore], got 'tokyo'"),
	};

	write_file("e.yaml", era);
	load_errors("e.yaml", NULL, 0, want, 12);
}

static void
test_cfg_eras_no_regions(void **state)
{
	static const char era[] =
		"era: e\n"
		"year: 2026\n"
		"title: E\n"
		"entry: app\n"
		"nodes:\n"
		"  app: {kind: app, region: tokyo}\n"
		"routes:\n"
		"  page: {cpu: 1ms}\n";
	static const char *const want[] = {
		("e.yaml:6:28: nodes.app.region: no region called 'tokyo' (the era lists "
		 "no regions)"),
	};

	write_file("e.yaml", era);
	load_errors("e.yaml", NULL, 0, want, 1);
}

static void
test_cfg_eras_node_errors(void **state)
{
	static const char era[] =
		"era: e\n"
		"year: 2026\n"
		"title: E\n"
		"entry: db\n"
		"nodes:\n"
		"  gw:\n"
		"    kind: gateway\n"
		"    routes: {paymnt: pay, page: [pay, kafka]}\n"
		"    rate_limit: {rate: 100/s, per: everyone}\n"
		"    cores: 2\n"
		"  gw2:\n"
		"    kind: gateway\n"
		"  pay:\n"
		"    kind: app\n"
		"    breaker: {size: 0, failure_rate: 150%, enabled: yes}\n"
		"    autoscale: {min: 5, max: 2, cpu: 70%}\n"
		"    consumes:\n"
		"      - {broker: kafka, topic: post.create, route: page}\n"
		"      - {broker: db, topic: x, route: page}\n"
		"      - {topic: post.created, route: pages}\n"
		"    outbox_relay: 0\n"
		"  kafka:\n"
		"    kind: broker\n"
		"    topics: {post.created: 0, bad/name: 1}\n"
		"  broker2: {kind: broker}\n"
		"  cdn:\n"
		"    kind: cdn\n"
		"    edges: [tokyo]\n"
		"  db:\n"
		"    kind: db\n"
		"    tables: {posts: {rows: 10, indexes: [user_id, user_id]}, users: {}}\n"
		"    replicas: [db, pay]\n"
		"    cap: maybe\n"
		"    scan_rate: 0/s\n"
		"  redis: {kind: cache, memory: 0}\n"
		"routes:\n"
		"  page: {cpu: 1ms}\n";
	static const char *const want[] = {
		"e.yaml:4:8: entry: 'db' is a db node, expected an lb, app, gateway or cdn node",
		"e.yaml:8:14: nodes.gw.routes: no route called 'paymnt'",
		("e.yaml:8:39: nodes.gw.routes.page: 'kafka' is a broker node, expected an lb or "
		 "app node"),
		("e.yaml:9:36: nodes.gw.rate_limit.per: expected one of global, user, got "
		 "'everyone'"),
		("e.yaml:10:5: unknown key 'cores' in nodes.gw (a key of app, db, cache and "
		 "broker nodes)"),
		"e.yaml:12:5: nodes.gw2: a gateway needs upstreams or routes",
		"e.yaml:15:21: nodes.pay.breaker.size: must be at least 1, got '0'",
		("e.yaml:15:38: nodes.pay.breaker.failure_rate: expected a ratio from 0 "
		 "to 1, like 90% or 0.9, got '150%'"),
		"e.yaml:15:53: nodes.pay.breaker.enabled: expected true or false, got 'yes'",
		"e.yaml:16:16: nodes.pay.autoscale: min (5) is above max (2)",
		("e.yaml:18:32: nodes.pay.consumes[0].topic: kafka has no topic 'post.create' "
		 "(did you mean 'post.created'?)"),
		("e.yaml:19:18: nodes.pay.consumes[1].broker: 'db' is a db node, expected "
		 "a broker node"),
		"e.yaml:20:9: nodes.pay.consumes[2]: missing required key 'broker'",
		("e.yaml:20:38: nodes.pay.consumes[2].route: no route called 'pages' "
		 "(did you mean 'page'?)"),
		"e.yaml:21:19: nodes.pay.outbox_relay: must be more than 0, got '0'",
		"e.yaml:24:28: nodes.kafka.topics.post.created: must be at least 1, got '0'",
		("e.yaml:24:31: nodes.kafka.topics: 'bad/name' is not a valid topic name "
		 "(letters, digits, _, - and . only)"),
		"e.yaml:25:12: nodes.broker2: missing required key 'topics'",
		"e.yaml:27:5: nodes.cdn: missing required key 'origin'",
		("e.yaml:28:13: nodes.cdn.edges: no region called 'tokyo' (the era lists "
		 "no regions)"),
		"e.yaml:31:51: nodes.db.tables.posts.indexes: 'user_id' is listed twice",
		"e.yaml:31:69: nodes.db.tables.users: missing required key 'rows'",
		"e.yaml:32:16: nodes.db.replicas: a db cannot be its own replica",
		"e.yaml:32:20: nodes.db.replicas: 'pay' is an app node, expected a db node",
		"e.yaml:33:10: nodes.db.cap: expected one of none, ap, cp, got 'maybe'",
		"e.yaml:34:16: nodes.db.scan_rate: must be more than 0, got '0/s'",
		"e.yaml:35:32: nodes.redis.memory: must be more than 0, got '0'",
	};

	write_file("e.yaml", era);
	load_errors("e.yaml", NULL, 0, want, 27);
}

static void
test_cfg_eras_route_errors(void **state)
{
	static const char era[] =
		"era: e\n"
		"year: 2026\n"
		"title: E\n"
		"entry: app\n"
		"routes:\n"
		"  a:\n"
		"    cpu: 1ms\n"
		"    queries: 1\n"
		"    steps: [{sleep: 1s}]\n"
		"  b:\n"
		"    steps:\n"
		"      - {cpu: 1ms, sleep: 1s}\n"
		"      - {publish: post.created}\n"
		"      - {query: {table: post, by: user_id}}\n"
		"      - {call: a, node: kafka}\n"
		"      - {sleep: 1s, timeout: 2s}\n"
		"      - {slep: 1s}\n"
		"      - {}\n"
		"      - {cache: feed, store: db, keys: 0}\n"
		"    counts: Feed\n"
		"    fail: 200%\n"
		"  c:\n"
		"    steps: []\n"
		"  d:\n"
		"    session: required\n"
		"  e:\n"
		"    steps:\n"
		"      - {publish: post.create, broker: kafka}\n"
		"      - {outbox: x, broker: app}\n"
		"      - {call: nope, node: app, optional: maybe}\n"
		"      - {write: a.b, zipf: -1}\n"
		"      - {charge: soon}\n"
		"      - {cpu: 1ms}\n"
		"      - {cpu: 1ms}\n"
		"      - {cpu: 1ms}\n"
		"      - {cpu: 1ms}\n"
		"nodes:\n"
		"  app: {kind: app, db: db}\n"
		"  kafka: {kind: broker, topics: {post.created: 1}}\n"
		"  db: {kind: db, tables: {posts: {rows: 100}}}\n";
	static const char *const want[] = {
		("e.yaml:7:5: routes.a: 'cpu' and 'steps' cannot both be given (steps "
		 "replace cpu, queries and query)"),
		("e.yaml:8:5: routes.a: 'queries' and 'steps' cannot both be given (steps replace "
		 "cpu, queries and query)"),
		("e.yaml:12:20: routes.b.steps[0]: 'cpu' and 'sleep' in one step; give "
		 "each its own step"),
		"e.yaml:13:9: routes.b.steps[1]: missing required key 'broker'",
		("e.yaml:14:25: routes.b.steps[2].query.table: no db has a table called 'post' "
		 "(did you mean 'posts'?)"),
		("e.yaml:15:25: routes.b.steps[3].node: 'kafka' is a broker node, expected an lb, "
		 "app or gateway node"),
		"e.yaml:16:21: unknown key 'timeout' in routes.b.steps[4] (a key of call steps)",
		"e.yaml:17:10: unknown key 'slep' in routes.b.steps[5] (did you mean 'sleep'?)",
		("e.yaml:18:9: routes.b.steps[6]: a step needs one of cpu, query, sleep, call, "
		 "publish, cache, write, charge, outbox, post, refund"),
		("e.yaml:19:9: routes.b.steps[7]: a cache step needs a step after it, run "
		 "on a miss"),
		"e.yaml:19:30: routes.b.steps[7].store: 'db' is a db node, expected a cache node",
		"e.yaml:19:40: routes.b.steps[7].keys: must be at least 1, got '0'",
		("e.yaml:20:13: routes.b.counts: expected a snake_case name like "
		 "notifications_delivered, got 'Feed'"),
		("e.yaml:21:11: routes.b.fail: expected a ratio from 0 to 1, like 90% or 0.9, "
		 "got '200%'"),
		"e.yaml:23:12: routes.c.steps: expected at least one step",
		"e.yaml:25:5: routes.d: missing required key 'cpu'",
		"e.yaml:28:7: routes.e.steps: too many steps (at most 8)",
	};
	static const char steps_era[] =
		"era: e\n"
		"year: 2026\n"
		"title: E\n"
		"entry: app\n"
		"routes:\n"
		"  e:\n"
		"    steps:\n"
		"      - {publish: post.create, broker: kafka}\n"
		"      - {outbox: x, broker: app}\n"
		"      - {call: nope, node: app, optional: maybe}\n"
		"      - {write: a.b, zipf: -1}\n"
		"      - {charge: soon}\n"
		"nodes:\n"
		"  app: {kind: app, db: db}\n"
		"  kafka: {kind: broker, topics: {post.created: 1}}\n"
		"  db: {kind: db, tables: {posts: {rows: 100}}}\n";
	static const char *const want_steps[] = {
		("e.yaml:8:19: routes.e.steps[0].publish: kafka has no topic 'post.create' "
		 "(did you mean 'post.created'?)"),
		("e.yaml:9:29: routes.e.steps[1].broker: 'app' is an app node, expected a "
		 "broker node"),
		"e.yaml:10:16: routes.e.steps[2].call: no route called 'nope'",
		"e.yaml:10:43: routes.e.steps[2].optional: expected true or false, got 'maybe'",
		("e.yaml:11:17: routes.e.steps[3].write: 'a.b' is not a valid name "
		 "(letters, digits, _ and - only)"),
		"e.yaml:11:28: routes.e.steps[3].zipf: must not be negative, got '-1'",
		("e.yaml:12:18: routes.e.steps[4].charge: expected a duration like 200ms, "
		 "30s, 10m or 2h, got 'soon'"),
	};

	write_file("e.yaml", era);
	load_errors("e.yaml", NULL, 0, want, 17);
	/* within the limit, each of route e's steps says what is wrong with it */
	write_file("e.yaml", steps_era);
	load_errors("e.yaml", NULL, 0, want_steps, 7);
}

static void
test_cfg_eras_workload_errors(void **state)
{
	static const char scen[] =
		"scenario: s\n"
		"title: S\n"
		"year: 2026\n"
		"era: platform.yaml\n"
		"duration: 10m\n"
		"workloads:\n"
		"  w:\n"
		"    kind: open\n"
		"    rate: 1/s\n"
		"    routes: {feed: 1, pay: 1}\n"
		"    region: asia\n"
		"    retry: {backoff: 1s, times: -1}\n"
		"    idempotency: yes\n"
		"    direct: {feed: feed_svc}\n"
		"  v:\n"
		"    kind: closed\n"
		"    users: 1\n"
		"    routes: feed\n"
		"    retry: 3\n"
		"    direct: {fed: feed_svc}\n"
		"    entry: db\n";
	static const char *const want[] = {
		"s.yaml:11:13: workloads.w.region: no region called 'asia'",
		"s.yaml:12:33: workloads.w.retry.times: must not be negative, got '-1'",
		"s.yaml:13:18: workloads.w.idempotency: expected true or false, got 'yes'",
		"s.yaml:14:13: workloads.w.direct: no target for route 'pay'",
		"s.yaml:19:12: workloads.v.retry: expected a mapping, got '3'",
		("s.yaml:20:14: workloads.v.direct: no route called 'fed' (did you mean "
		 "'feed'?)"),
		("s.yaml:21:12: workloads.v.entry: 'db' is a db node, expected an lb, "
		 "app, gateway or cdn node"),
	};

	write_file("platform.yaml", platform_era);
	write_file("s.yaml", scen);
	load_errors("s.yaml", NULL, 0, want, 7);
}

static void
test_cfg_eras_fault_errors(void **state)
{
	static const char scen[] =
		"scenario: s\n"
		"title: S\n"
		"year: 2026\n"
		"era: platform.yaml\n"
		"duration: 10m\n"
		"workloads:\n"
		"  w: {kind: open, rate: 1/s, routes: feed}\n"
		"faults:\n"
		"  - {at: 1m, kind: crash, node: notif, route: notify}\n"
		"  - {at: 1m, kind: deploy, node: notif, factor: 2, for: 1m}\n"
		"  - {at: 1m, kind: partition, regions: [us], for: 1m}\n"
		"  - {at: 1m, kind: region_loss, region: eu}\n"
		"  - {at: 1m, kind: hang, node: notif, hold: 0, for: 1m}\n"
		"  - {at: 1m, kind: errors, node: notif, rate: 2, for: 1m}\n"
		"  - {at: 1m, kind: partition, node: db, regions: [us, tokyo], for: 1m}\n"
		"  - {at: 1m, kind: move, node: notif, for: 1m}\n"
		"  - {at: 1m, kind: down, node: notif}\n"
		"  - {at: 1m, kind: outage, node: notif}\n"
		"  - {at: 1m, kind: slow, node: db, factor: 2, rate: 5%}\n"
		"  - {at: 1m, kind: deploy, node: notif, route: notifi, factor: 0, for: 1m}\n";
	static const char *const want[] = {
		"s.yaml:9:40: faults[0]: 'route' does not apply to a crash",
		"s.yaml:10:5: faults[1]: missing required key 'route'",
		"s.yaml:11:40: faults[2].regions: expected two regions, like [us, eu], got a list",
		"s.yaml:12:5: faults[3]: missing required key 'for'",
		"s.yaml:12:41: faults[3].region: no region called 'eu'",
		"s.yaml:13:45: faults[4].hold: must be more than 0, got '0'",
		("s.yaml:14:47: faults[5].rate: expected a ratio from 0 to 1, like 90% or 0.9, "
		 "got '2'"),
		"s.yaml:15:31: faults[6]: 'node' does not apply to a partition",
		"s.yaml:16:39: faults[7]: 'for' does not apply to a move",
		"s.yaml:17:5: faults[8]: missing required key 'for'",
		("s.yaml:18:20: faults[9].kind: expected one of crash, slow, errors, down, hang, "
		 "move, partition, region_loss, deploy, got 'outage'"),
		"s.yaml:19:47: faults[10]: 'rate' does not apply to a slow fault",
		("s.yaml:20:48: faults[11].route: no route called 'notifi' (did you mean "
		 "'notify'?)"),
		"s.yaml:20:64: faults[11].factor: must be more than 0, got '0'",
	};

	write_file("platform.yaml", platform_era);
	write_file("s.yaml", scen);
	load_errors("s.yaml", NULL, 0, want, 14);
}

/* The payment story's keys: compensations, repeats, refusals, claims between metrics. */
static void
test_cfg_eras_payment_errors(void **state)
{
	static const char era[] =
		"era: e\n"
		"year: 2017\n"
		"title: E\n"
		"entry: app\n"
		"nodes:\n"
		"  app:\n"
		"    kind: app\n"
		"    db: db\n"
		"    consumes:\n"
		"      - {broker: kafka, topic: paid, route: page, compensate: refnd}\n"
		"      - {broker: kafka, topic: paid, route: page, commit_interval: soon}\n"
		"  kafka: {kind: broker, topics: {paid: 1, refund: 1}}\n"
		"  db: {kind: db}\n"
		"  cdn: {kind: cdn, origin: app, objects: 0}\n"
		"routes:\n"
		"  page:\n"
		"    steps:\n"
		"      - {query: 1ms, repeat: 0}\n"
		"      - {sleep: 1ms, repeat: 2}\n"
		"      - {post: 1ms, refund: 1ms}\n"
		"    reject: 150%\n";
	static const char scen[] =
		"scenario: s\n"
		"title: S\n"
		"year: 2017\n"
		"era: e.yaml\n"
		"duration: 1m\n"
		"workloads:\n"
		"  w: {kind: open, rate: 1/s, routes: page}\n"
		"expect: [refunds == dlq 2, refunds == 3x, refunds ==]\n"
		"variants:\n"
		"  fix:\n"
		"    expect: [refunds < pain., refunds < pain.dlq / 0, refunds < a.b.c,\n"
		"             refunds < pain.dlq x 2]\n";
	static const char *const want[] = {
		("s.yaml:8:10: expect[0]: expected a claim like 'logged_out > 0', got 'refunds == "
		 "dlq 2'"),
		("s.yaml:8:28: expect[1]: expected a claim like 'logged_out > 0', got 'refunds == "
		 "3x'"),
		("s.yaml:8:43: expect[2]: expected a claim like 'logged_out > 0', got "
		 "'refunds =='"),
		("s.yaml:11:14: variants.fix.expect[0]: expected a claim like 'logged_out > 0', "
		 "got 'refunds < pain.'"),
		("s.yaml:11:31: variants.fix.expect[1]: expected a claim like 'logged_out > 0', "
		 "got 'refunds < pain.dlq / 0'"),
		("s.yaml:11:55: variants.fix.expect[2]: expected a claim like 'logged_out > 0', "
		 "got 'refunds < a.b.c'"),
		("s.yaml:12:14: variants.fix.expect[3]: expected a claim like 'logged_out > 0', "
		 "got 'refunds < pain.dlq x 2'"),
		("e.yaml:10:63: nodes.app.consumes[0].compensate: kafka has no topic 'refnd' "
		 "(did you mean 'refund'?)"),
		("e.yaml:11:68: nodes.app.consumes[1].commit_interval: expected a duration "
		 "like 200ms, 30s, 10m or 2h, got 'soon'"),
		"e.yaml:14:42: nodes.cdn.objects: must be at least 1, got '0'",
		"e.yaml:18:30: routes.page.steps[0].repeat: must be at least 1, got '0'",
		("e.yaml:19:22: unknown key 'repeat' in routes.page.steps[1] (a key of query "
		 "steps)"),
		("e.yaml:20:21: routes.page.steps[2]: 'post' and 'refund' in one step; give each "
		 "its own step"),
		("e.yaml:21:13: routes.page.reject: expected a ratio from 0 to 1, like 90% or "
		 "0.9, got '150%'"),
	};

	write_file("e.yaml", era);
	write_file("s.yaml", scen);
	load_errors("s.yaml", NULL, 0, want, 14);
}

/* A mistake in a set value is told at the set, even deep inside a step. */
static void
test_cfg_eras_set_errors(void **state)
{
	static const char scen[] =
		"scenario: s\n"
		"title: S\n"
		"year: 2026\n"
		"era: platform.yaml\n"
		"duration: 10m\n"
		"workloads:\n"
		"  w: {kind: open, rate: 1/s, routes: feed}\n"
		"variants:\n"
		"  a:\n"
		"    set:\n"
		"      routes.feed.steps.1.query.table: post\n"
		"      nodes.feed_svc.breaker.window: sliding\n"
		"      nodes.db.tables.posts.indexes: user_id\n"
		"      nodes.db.tables.comments.rows: 5\n";
	static const struct cfg_set cli[] = { { "routes.post.steps.3.broker", "redis" } };
	static const char *const want[] = {
		("s.yaml:11:40: routes.feed.steps[1].query.table: no db has a table called 'post' "
		 "(did you mean 'posts'?)"),
		("s.yaml:12:38: nodes.feed_svc.breaker.window: expected one of count, time, got "
		 "'sliding'"),
		("s.yaml:13:38: nodes.db.tables.posts.indexes: expected a list of indexes, like "
		 "[user_id, created_at], got 'user_id'"),
		("s.yaml:14:7: set 'nodes.db.tables.comments.rows': there is no 'comments' in "
		 "nodes.db.tables (it has posts, users)"),
		("s.yaml: --set routes.post.steps.3.broker=redis: routes.post.steps[3].broker: "
		 "'redis' is a cache node, expected a broker node"),
	};

	write_file("platform.yaml", platform_era);
	write_file("s.yaml", scen);
	load_errors("s.yaml", cli, 1, want, 5);
}

static int
setup(void **state)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/gossipsim_eras_XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cfg_eras_bandwidth),
		cmocka_unit_test(test_cfg_eras_regions_network),
		cmocka_unit_test(test_cfg_eras_gateway),
		cmocka_unit_test(test_cfg_eras_broker_cdn),
		cmocka_unit_test(test_cfg_eras_db_cache),
		cmocka_unit_test(test_cfg_eras_app),
		cmocka_unit_test(test_cfg_eras_steps),
		cmocka_unit_test(test_cfg_eras_workloads),
		cmocka_unit_test(test_cfg_eras_faults),
		cmocka_unit_test(test_cfg_eras_sets),
		cmocka_unit_test(test_cfg_eras_old_era_defaults),
		cmocka_unit_test(test_cfg_eras_variant_era),
		cmocka_unit_test(test_cfg_eras_alone_many_routes),
		cmocka_unit_test(test_cfg_eras_alone_media_through_cdn),
		cmocka_unit_test(test_cfg_eras_network_errors),
		cmocka_unit_test(test_cfg_eras_no_regions),
		cmocka_unit_test(test_cfg_eras_node_errors),
		cmocka_unit_test(test_cfg_eras_route_errors),
		cmocka_unit_test(test_cfg_eras_workload_errors),
		cmocka_unit_test(test_cfg_eras_fault_errors),
		cmocka_unit_test(test_cfg_eras_payment_errors),
		cmocka_unit_test(test_cfg_eras_set_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
