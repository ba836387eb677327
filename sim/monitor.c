/* SPDX-License-Identifier: MIT */
/*
 * monitor.c: the watchers that write the incident log from the model's state, and the
 * scripted faults. Once per monitor interval every node's CPU use over the interval is
 * measured; an app whose smoothed CPU or RAM crosses its warning threshold gets a WARNING
 * line that reads out every resource then at or above its threshold (each warns again
 * only after it fell below 80%, so a value that hovers at the threshold does not flood the
 * log). Routes with a latency objective are judged every 30 s on the median of their
 * answers, per region when the era has regions. The per-interval request figures are
 * rotated here too, for the sparklines and the per-second report.
 */
#include <math.h>
#include <stdio.h>

#include "sim_internal.h"

/*
 * Warnings look at CPU smoothed over about the last five intervals, as a load average
 * does: one busy second is noise, five are a trend.
 */
#define CPU_SMOOTH 0.2

/* The resources an app is warned about, one bit each in sim_node.warned. */
#define WARN_CPU 1
#define WARN_RAM 2
#define WARN_REARM 0.8

/* The warning line of an app whose resources in over have crossed their thresholds. */
static void __attribute__((noinline))
warn_app(struct sim *sim, const struct sim_node *n, int over, double ram)
{
	const char *name = n->cfg->name;

	if (over == (WARN_CPU | WARN_RAM))
		sim__log(sim, SIM_WARNING, n->index, "%s: CPU %.0f%% · RAM %.0f%%", name,
		         n->cpu_avg * 100.0, ram * 100.0);
	else if (over == WARN_CPU)
		sim__log(sim, SIM_WARNING, n->index, "%s: CPU %.0f%%", name, n->cpu_avg * 100.0);
	else
		sim__log(sim, SIM_WARNING, n->index, "%s: RAM %.0f%%", name, ram * 100.0);
}

/*
 * Each resource has its own threshold and its own episode: a line is written when one
 * crosses, and it reads out every resource then at or above its threshold, so a line
 * never shows a figure as alarming that is not. A resource warns again only after it fell
 * below 80%, so a value that hovers at the threshold does not flood the log. RAM is looked
 * at only where it is watched; elsewhere its share is 0, below every threshold.
 */
static inline void
watch_app(struct sim *sim, struct sim_node *n)
{
	double ram = 0.0;
	int over = 0;

	if (n->watch_ram) {
		ram = (double)n->ram_used / (double)n->cfg->ram;
		if (ram > sim->m.ram_peak)
			sim->m.ram_peak = ram;
	}
	if (!n->up)
		return;
	if (n->cpu_avg >= sim->cfg.warn_cpu)
		over |= WARN_CPU;
	if (n->watch_ram && ram >= sim->cfg.warn_ram)
		over |= WARN_RAM;
	if (over & ~n->warned)
		warn_app(sim, n, over, ram);
	n->warned |= over;
	if (n->cpu_avg < WARN_REARM)
		n->warned &= ~WARN_CPU;
	if (ram < WARN_REARM)
		n->warned &= ~WARN_RAM;
}

/* Stories are summed up every STORY_SPAN, tickets every TICKET_SPAN, so the log tells them. */
#define STORY_SPAN (30 * SIM_SEC)
#define TICKET_SPAN (5 * 60 * SIM_SEC)

/*
 * A few readers who meet a fill already on its way are the ordinary overlap of a busy
 * key, not a stampede: a span tells of one only if it had this many such misses.
 */
#define STAMPEDE_TOLD_FROM 10

/*
 * What the counter total gained since *told, as one line; returns 1 if it wrote one. A
 * gain below from is forgotten, so that small gains never add up to a line.
 */
static int
tell_count(struct sim *sim, uint64_t total, uint64_t *told, uint64_t from, const char *fmt)
{
	uint64_t fresh = total - *told;
	char count[32];

	if (fresh == 0)
		return 0;
	if (fresh < from) {
		*told = total;
		return 0;
	}
	sim__fmt_count(count, sizeof count, (double)fresh);
	sim__log(sim, SIM_WARNING, -1, fmt, count, fresh == 1 ? "" : "s");
	*told = total;
	return 1;
}

/*
 * Readers who met a fill of their key already on its way, counted over fixed spans (not
 * from the last line written, as the other stories are) so that the threshold always
 * weighs the same length of time.
 */
static void
watch_stampede(struct sim *sim)
{
	if (sim->now - sim->t_stampede < STORY_SPAN)
		return;
	sim->t_stampede = sim->now;
	tell_count(sim, sim->m.stampede, &sim->stampede_told, STAMPEDE_TOLD_FROM,
	           "%s reader%s missed a key already being fetched: an expired hot key sent "
	           "them all to the database (stampede)");
}

/*
 * The stories since the last line about them, at most one line each per STORY_SPAN:
 * sessions lost, reads of a value changed since (a cache local to each server), and
 * support tickets, which are summed up over a longer span.
 */
static void
watch_stories(struct sim *sim)
{
	uint64_t unposted;
	char count[32];
	int said = 0;

	watch_stampede(sim);
	if (sim->now - sim->t_story < STORY_SPAN)
		return;
	/* Most ticks have nothing new to tell of. */
	if (sim->m.logged_out == sim->logged_out_told && sim->m.stale_reads == sim->stale_told &&
	    sim->m.tickets == sim->unposted_told)
		return;
	said |= tell_count(sim, sim->m.logged_out, &sim->logged_out_told, 1,
	                   "%s request%s found no session: users logged out");
	said |= tell_count(sim, sim->m.stale_reads, &sim->stale_told, 1,
	                   "%s stale read%s: a server's own cache served a value another "
	                   "server had changed");
	if (said)
		sim->t_story = sim->now;
	unposted = sim->m.tickets;
	if (unposted != sim->unposted_told &&
	    (sim->now - sim->t_tickets >= TICKET_SPAN || sim->unposted_told == 0)) {
		sim->t_tickets = sim->now;
		sim__fmt_count(count, sizeof count, (double)unposted);
		sim__log(sim, SIM_WARNING, -1, "%s support %s so far: \"I paid but got "
		         "nothing\"", count, unposted == 1 ? "ticket" : "tickets");
		sim->unposted_told = unposted;
		sim->t_story = sim->now;
	}
}

/*
 * Latency objectives are judged over spans this long, so that one slow second is not
 * told as an outage and a route that stays slow writes one line, not one a second.
 */
#define OBJECTIVE_SPAN (30 * SIM_SEC)

/* "800 ms", "1.5 s", "9 s": a duration in microseconds as a log line gives it. */
static void
fmt_duration(char *buf, size_t len, double us)
{
	long long tenths;

	if (us < 999.5 * SIM_MS) {
		snprintf(buf, len, "%.0f ms", us / SIM_MS);
		return;
	}
	tenths = llround(us / (SIM_SEC / 10));
	if (tenths % 10 == 0)
		snprintf(buf, len, "%lld s", tenths / 10);
	else
		snprintf(buf, len, "%lld.%lld s", tenths / 10, tenths % 10);
}

/*
 * A route's answers over the span, overall (region -1) or from one region, against its
 * objective: a WARNING when their median goes over it, an INFO when it is back within.
 * The median, not the mean, decides, so that the slow tail of a route that is mostly
 * fast (a cache's misses) does not make it look slow. A span without answers changes
 * nothing.
 */
static void
judge_objective(struct sim *sim, int route, struct sim_objective *o, int region)
{
	const struct sim_route_cfg *r = &sim->cfg.routes[route];
	char who[SIM_NAME_MAX * 2 + 8], p50[48], mean[48], goal[48];
	double median;
	int over;

	if (o->lat.n == 0)
		return;
	median = sim__hist_quantile(&o->lat, 0.50);
	over = median > (double)r->objective;
	if (over != o->over) {
		if (region < 0)
			snprintf(who, sizeof who, "%s", r->name);
		else
			snprintf(who, sizeof who, "%s from %s", r->name, sim->cfg.regions[region]);
		fmt_duration(p50, sizeof p50, median);
		fmt_duration(mean, sizeof mean, o->lat.sum / (double)o->lat.n);
		fmt_duration(goal, sizeof goal, (double)r->objective);
		if (over)
			sim__log(sim, SIM_WARNING, -1, "%s: answers take %s at the median, %s on "
			         "average (objective %s)", who, p50, mean, goal);
		else
			sim__log(sim, SIM_INFO, -1, "%s: answers back within the objective, %s at "
			         "the median (objective %s)", who, p50, goal);
		o->over = over;
	}
	sim__hist_clear(&o->lat);
}

/*
 * Every route with a latency objective, once per OBJECTIVE_SPAN, over the successful
 * answers its clients got in that span (metrics.c leaves the errors out). With regions
 * each region is judged by itself: a figure over all of them would let the users next
 * to the servers hide the wait of those across the ocean.
 */
static void
watch_objectives(struct sim *sim)
{
	int r, g;

	if (sim->objectives == NULL || sim->now - sim->t_objective < OBJECTIVE_SPAN)
		return;
	sim->t_objective = sim->now;
	for (r = 0; r < sim->cfg.n_routes; r++) {
		struct sim_objective *o;

		if (sim->objective_of[r] < 0)
			continue;
		o = &sim->objectives[sim->objective_of[r]];
		if (sim->cfg.n_regions == 0)
			judge_objective(sim, r, o, -1);
		for (g = 0; g < sim->cfg.n_regions; g++)
			judge_objective(sim, r, &o[1 + g], g);
	}
}

/*
 * Lists the nodes a tick measures, those with cores (apps, dbs, caches, brokers), and
 * notes the apps whose RAM is watched: it has a size and something uses it. (Where it
 * does not, the share of RAM in use is 0 and the division is left out.)
 */
void
sim__monitor_init(struct sim *sim)
{
	int i;

	sim->n_watched = 0;
	for (i = 0; i < sim->cfg.n_nodes; i++) {
		const struct sim_node_cfg *c = &sim->cfg.nodes[i];

		sim->nodes[i].watch_ram = c->ram > 0 &&
		                          c->ram_baseline + c->ram_per_request + c->ram_per_session > 0;
		if (!sim_kind_is_proxy(c->kind) && c->kind != SIM_NODE_CDN)
			sim->watched[sim->n_watched++] = (uint8_t)i;
	}
}

/*
 * The mean of busy / capacity since the last tick, over span; starts a new window. A node
 * busy for the whole interval or idle for all of it, as most are at high or low load, has
 * a ratio of exactly 1 or 0: the division, the slowest step of a tick, is left out then,
 * for the same result. (Span and capacity are never 0: sim_create() and the loader see
 * to it.)
 */
static inline double
util_take(struct sim_util *u, sim_time now, sim_time span, int capacity)
{
	double area = u->area + (double)u->busy * (double)(now - u->since);
	double full = (double)span * capacity, r;

	u->since = now;
	u->area = 0.0;
	r = area == 0.0 ? 0.0 : area == full ? 1.0 : area / full;
	return r > 1.0 ? 1.0 : r;
}

/* A node with cores: its CPU over the interval, and for an app the watchers. */
static inline void
watch_node(struct sim *sim, struct sim_node *n, sim_time span)
{
	const struct sim_node_cfg *c = n->cfg;

	n->cpu_last = util_take(&n->cores, sim->now, span, c->cores * n->instances);
	n->cpu_avg += (n->cpu_last - n->cpu_avg) * CPU_SMOOTH;
	if (n->cpu_avg > sim->m.cpu_peak)
		sim->m.cpu_peak = n->cpu_avg;
	if (c->kind != SIM_NODE_APP)
		return;
	watch_app(sim, n);
	/* Only an autoscaled app's instances change, and only its cost counts them. */
	if (c->autoscale_max > 0) {
		sim__autoscale(sim, n);
		sim->instance_seconds[n->index] += (double)n->instances * (double)span / 1e6;
	}
}

/*
 * Every node in order, as the log lines of one tick must come: a proxy's folded error
 * lines, then the watchers of a node with cores. While no folded count waits, only the
 * nodes with cores have anything to do, and the tick visits those alone.
 */
void
sim__monitor_tick(struct sim *sim)
{
	sim_time span = sim->cfg.monitor_interval;
	int i;

	if (sim->folds_waiting > 0) {
		for (i = 0; i < sim->cfg.n_nodes; i++) {
			struct sim_node *n = &sim->nodes[i];

			sim__lb_flush(sim, n);
			if (!sim_kind_is_proxy(n->cfg->kind) && n->cfg->kind != SIM_NODE_CDN)
				watch_node(sim, n, span);
		}
	} else {
		for (i = 0; i < sim->n_watched; i++)
			watch_node(sim, &sim->nodes[sim->watched[i]], span);
	}
	if (sim->n_subs > 0) {
		uint64_t lag = sim__consumer_lag(sim);

		if (lag > sim->m.consumer_lag_peak)
			sim->m.consumer_lag_peak = lag;
	}
	watch_stories(sim);
	watch_objectives(sim);
	sim->cur ^= 1;
	sim->windows[sim->cur].n_lat = 0;
	sim->windows[sim->cur].answered = sim->windows[sim->cur].failed = 0;
	sim->windows[sim->cur].hits = sim->windows[sim->cur].misses = 0;
	sim__schedule_tick(sim, sim->now + span);
}

static void
fault_crash(struct sim *sim, struct sim_node *n, sim_time down)
{
	if (!n->up || n->cfg->kind != SIM_NODE_APP)
		return;
	sim->m.crashes++;
	sim__log(sim, SIM_FATAL, n->index, "%s: process crashed", n->cfg->name);
	sim__app_crash(sim, n, down);
}

static void
fault_deploy(struct sim *sim, struct sim_node *n, const struct sim_fault_cfg *f, int end)
{
	const char *route = sim->cfg.routes[f->route].name;

	n->route_slow[f->route] = end ? 1.0f : (float)f->value;
	if (end)
		sim__log(sim, SIM_INFO, n->index, "%s: deploy rolled back; %s is healthy again",
		         n->cfg->name, route);
	else
		sim__log(sim, SIM_WARNING, n->index, "%s: new version deployed; %s now costs "
		         "%.0fx its CPU", n->cfg->name, route, f->value);
}

void
sim__fault(struct sim *sim, int i, int end)
{
	const struct sim_fault_cfg *f = &sim->cfg.faults[i];
	struct sim_node *n = f->node >= 0 ? &sim->nodes[f->node] : NULL;

	switch (f->kind) {
	case SIM_FAULT_CRASH:
		if (!end)
			fault_crash(sim, n, 0);
		return;
	case SIM_FAULT_DOWN:
		if (!end)
			fault_crash(sim, n, f->duration);
		return;
	case SIM_FAULT_SLOW:
		n->slow = end ? 1.0 : f->value;
		sim__log(sim, end ? SIM_INFO : SIM_WARNING, n->index,
		         end ? "%s: back to normal speed" : "%s: slowed down", n->cfg->name);
		return;
	case SIM_FAULT_ERRORS:
		n->error_rate = end ? 0.0 : f->value;
		sim__log(sim, end ? SIM_INFO : SIM_WARNING, n->index,
		         end ? "%s: errors stopped" : "%s: %.0f%% of requests fail",
		         n->cfg->name, f->value * 100.0);
		return;
	case SIM_FAULT_HANG:
		n->hang = end ? 0 : (sim_time)(f->value * 1e6);
		sim__log(sim, end ? SIM_INFO : SIM_WARNING, n->index,
		         end ? "%s: answers promptly again" : "%s: holds every call for %.0f s",
		         n->cfg->name, f->value);
		return;
	case SIM_FAULT_MOVE:
		if (end)
			return;
		n->moved = 1;
		sim__log(sim, SIM_WARNING, n->index, "%s: moved to a new address", n->cfg->name);
		return;
	case SIM_FAULT_DEPLOY:
		fault_deploy(sim, n, f, end);
		return;
	case SIM_FAULT_PARTITION:
		sim__partition(sim, f->region, f->region2, !end);
		return;
	case SIM_FAULT_REGION_LOSS:
		sim__region_loss(sim, f->region, f->duration, end);
		return;
	case SIM_FAULT__COUNT:
		return;
	}
}
