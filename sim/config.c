/* SPDX-License-Identifier: MIT */
/*
 * config.c: the defaults a config and its nodes start from, before the loader writes what a
 * file says. They are the documented ones (docs/format.md): nginx-like timeouts for an lb,
 * MySQL's 151 connections for a db, one core everywhere. Node references start at -1.
 */
#include <string.h>

#include "config.h"

void
sim_config_defaults(struct sim_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->entry = -1;
	cfg->monitor_interval = SIM_SEC;
	cfg->warn_cpu = 0.9;
	cfg->warn_ram = 0.9;
}

void
sim_node_defaults(struct sim_node_cfg *node, enum sim_node_kind kind)
{
	memset(node, 0, sizeof(*node));
	node->kind = kind;
	node->session_store = -1;
	node->db = -1;
	node->origin = -1;
	node->region = -1;
	node->cores = 1;
	node->instances = 1;
	node->relay_interval = 100 * SIM_MS;
	/* resilience4j's defaults, so a breaker written as {enabled: true} behaves like one */
	node->breaker.window = SIM_WINDOW_COUNT;
	node->breaker.window_size = 100;
	node->breaker.min_calls = 100;
	node->breaker.failure_rate = 0.5;
	node->breaker.slow_rate = 1.0;
	node->breaker.slow_call = 60 * SIM_SEC;
	node->breaker.wait_open = 60 * SIM_SEC;
	node->breaker.half_open_calls = 10;
	switch (kind) {
	case SIM_NODE_GATEWAY:
	case SIM_NODE_LB:
		node->policy = SIM_LB_ROUND_ROBIN;
		node->timeout = 60 * SIM_SEC;
		node->connect_timeout = 60 * SIM_SEC;
		node->fall = 2;
		node->rise = 2;
		break;
	case SIM_NODE_APP:
		node->backlog = 511;
		node->ram = (uint64_t)1 << 30;
		node->restart = 30 * SIM_SEC;
		node->sessions = SIM_SESSION_NONE;
		node->autoscale_min = 1;        /* used only once autoscale gives a max */
		break;
	case SIM_NODE_DB:
		node->max_connections = 151;
		node->scan_rate = 2.5e6;        /* 2,000,000 rows: 800 ms */
		node->lookup_cost = 20 * SIM_US;
		break;
	case SIM_NODE_CACHE:
		node->op_cost = 100 * SIM_US;
		node->memory = (uint64_t)1 << 30;
		break;
	case SIM_NODE_BROKER:
		node->cores = 4;
		node->publish_cost = 1 * SIM_MS;
		break;
	case SIM_NODE_CDN:
		node->object_ttl = 3600 * SIM_SEC;
		break;
	case SIM_NODE__COUNT:
		break;
	}
}

const char *
sim_node_kind_name(enum sim_node_kind kind)
{
	static const char *const names[SIM_NODE__COUNT] = {
		"lb", "app", "db", "cache", "gateway", "broker", "cdn"
	};

	if ((unsigned)kind >= SIM_NODE__COUNT)
		return "?";
	return names[kind];
}
